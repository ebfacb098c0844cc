import { describe, expect, it } from 'vitest';
import { parseGoMod, projectGoMod } from '../src/core/project/gomod.ts';
import { chooseVersion } from '../src/core/project/versions.ts';

const bundled = ['1.24.11', '1.26.8'];

describe('go.mod', () => {
  it('reads module, go, toolchain, require blocks and replace', () => {
    const { info, diagnostics } = parseGoMod(`// comment
module example.com/m // trailing

go 1.22.1
toolchain go1.24.11

require (
\tgithub.com/a/b v1.2.3
\tgithub.com/c/d v0.1.0 // indirect
)
require example.com/x v1.0.0
replace example.com/x => ../x
`);
    expect(diagnostics).toEqual([]);
    expect(info.module).toBe('example.com/m');
    expect(info.go).toBe('1.22.1');
    expect(info.goLine).toBe(4);
    expect(info.toolchain).toBe('1.24.11');
    expect(info.requires).toEqual([
      { path: 'github.com/a/b', version: 'v1.2.3', indirect: false },
      { path: 'github.com/c/d', version: 'v0.1.0', indirect: true },
      { path: 'example.com/x', version: 'v1.0.0', indirect: false },
    ]);
    expect(info.replaces).toEqual([{ from: 'example.com/x', fromVersion: undefined, to: '../x', toVersion: undefined }]);
  });

  it('locates errors', () => {
    const { diagnostics } = parseGoMod('module m\n\ngo one.two\nfrobnicate x\n');
    expect(diagnostics.map((d) => [d.location?.line, d.message])).toEqual([
      [3, "invalid go version 'one.two': must match format 1.23.0"],
      [4, 'unknown directive: frobnicate'],
    ]);
  });

  it('synthesizes a module without go.mod', () => {
    expect(projectGoMod({ 'api/x.go': 'package api' }).info.synthesized).toBe(true);
  });
});

describe('version choice', () => {
  const choose = (src: string | undefined) => chooseVersion(src === undefined ? projectGoMod({}).info : parseGoMod(src).info, bundled);

  it('takes the newest bundle without go.mod or go line', () => {
    expect(choose(undefined)).toMatchObject({ version: '1.26.8' });
    expect(choose('module m\n')).toMatchObject({ version: '1.26.8' });
  });

  it('prefers the toolchain line', () => {
    expect(choose('module m\ngo 1.22\ntoolchain go1.24.11\n')).toMatchObject({ version: '1.24.11' });
  });

  it('takes the newest patch of the line, at or above the one asked for', () => {
    expect(choose('module m\ngo 1.24\n')).toMatchObject({ version: '1.24.11' });
    expect(choose('module m\ngo 1.26.2\n')).toMatchObject({ version: '1.26.8' });
  });

  it('names the bundled versions when none fits', () => {
    const r = choose('module m\n\ngo 1.20\n');
    expect('error' in r && r.error.message).toContain('go1.26.8, go1.24.11');
    expect('error' in r && r.error.location).toEqual({ file: 'go.mod', line: 3, column: 1 });
    expect('error' in choose('module m\ngo 1.24.12\n')).toBe(true);
  });
});
