import { describe, expect, it } from 'vitest';
import { parseGoMod, projectGoMod } from '../src/core/project/gomod.ts';
import { chooseVersion } from '../src/core/project/versions.ts';

const bundled = ['1.24.11', '1.26.8'];

describe('go.mod', () => {
  it('reads module, go and toolchain past require blocks and replace (the rest is the helper\'s)', () => {
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
  });

  it('locates errors in the lines that pick a toolchain', () => {
    const { diagnostics } = parseGoMod('module m\n\ngo one.two\nfrobnicate x\n');
    expect(diagnostics.map((d) => [d.location?.line, d.message])).toEqual([[3, "invalid go version 'one.two': must match format 1.23.0"]]);
  });

  it('synthesizes a module without go.mod', () => {
    expect(projectGoMod({ 'api/x.go': 'package api' }).info.synthesized).toBe(true);
  });
});

describe('version choice', () => {
  const choose = (src: string | undefined, from = bundled) => chooseVersion(src === undefined ? projectGoMod({}).info : parseGoMod(src).info, from);
  const version = (src: string | undefined, from = bundled) => {
    const r = choose(src, from);
    return 'error' in r ? r.error.message : r.version;
  };

  it('takes the exact release asked for when it is bundled', () => {
    expect(choose('module m\ngo 1.24.11\n')).toMatchObject({ version: '1.24.11', how: 'exact', requested: '1.24.11', from: 'go' });
    expect(version('module m\ngo 1.24.2\n', ['1.24.2', '1.24.11', '1.26.8'])).toBe('1.24.2');
  });

  it('takes the newest bundled patch of the line, at or above the one asked for', () => {
    expect(choose('module m\ngo 1.24\n')).toMatchObject({ version: '1.24.11', how: 'patch' });
    expect(version('module m\ngo 1.24\n', ['1.24.0', '1.24.11'])).toBe('1.24.11');
    expect(choose('module m\ngo 1.26.2\n')).toMatchObject({ version: '1.26.8', how: 'patch' });
  });

  it('takes the oldest bundled toolchain newer than a line with no bundle', () => {
    for (const go of ['1.18', '1.20', '1.21', '1.22.2', '1.23']) {
      expect(choose(`module m\ngo ${go}\n`)).toMatchObject({ version: '1.24.11', how: 'newer', requested: go });
    }
    expect(version('module m\ngo 1.25.3\n')).toBe('1.26.8');
    expect(version('module m\ngo 1.24.12\n')).toBe('1.26.8');
    expect(version('module m\ngo 1.22rc1\n')).toBe('1.24.11');
  });

  it('says what Vercel would run and how to add the version asked for', () => {
    const exactLine = choose('module m\ngo 1.22.2\n');
    expect('note' in exactLine && exactLine.note).toBe(
      'go.mod asks for go 1.22.2 · Vercel would build with go1.22.2 · using go1.24.11, the closest bundled; the module keeps its go 1.22.2 language version and GODEBUG defaults (add it: `npm run toolchain -- 1.22.2`)',
    );
    const bare = choose('module m\ngo 1.23\n');
    expect('note' in bare && bare.note).toContain('Vercel would build with the newest go1.23 patch');
    const old = choose('module m\ngo 1.18\n');
    expect('note' in old && old.note).toContain('Go releases before 1.21 are not published as toolchains, so go1.18 cannot be bundled');
  });

  it('names the bundled versions when every one is older than asked for', () => {
    const r = choose('module m\n\ngo 1.30\n');
    expect('error' in r && r.error.message).toContain('newer than every bundled toolchain (go1.26.8, go1.24.11)');
    expect('error' in r && r.error.location).toEqual({ file: 'go.mod', line: 3, column: 1 });
    expect('error' in choose('module m\ngo 1.26.9\n')).toBe(true);
  });

  it('prefers the toolchain line, unless it is older than the go line', () => {
    expect(choose('module m\ngo 1.22\ntoolchain go1.24.11\n')).toMatchObject({ version: '1.24.11', how: 'exact', from: 'toolchain' });
    const r = choose('module m\ngo 1.22\ntoolchain go1.25.1\n');
    expect(r).toMatchObject({ version: '1.26.8', how: 'newer', requested: '1.25.1', from: 'toolchain' });
    expect('note' in r && r.note).toContain('the module keeps its go 1.22 language version');
    expect(choose('module m\ngo 1.24.11\ntoolchain go1.22.0\n')).toMatchObject({ version: '1.24.11', from: 'go' });
  });

  it('takes the newest bundle without go.mod or go line, as Vercel does', () => {
    expect(choose(undefined)).toMatchObject({ version: '1.26.8', how: 'default', note: 'no go.mod · Vercel would build with its newest Go · using go1.26.8, the newest bundled' });
    expect(choose('module m\n')).toMatchObject({ version: '1.26.8', how: 'default' });
  });
});
