// Planner pieces without the go command: GO_BUILD_FLAGS parsing, GODEBUG
// defaults, build info formatting, hashing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildIdFromHex, exportDataHash, hashToString, readArchiveMember } from '../src/core/plan/actionid.ts';
import { formatBuildInfo, formatVersionM, goQuote, modinfoLine } from '../src/core/plan/buildinfo.ts';
import { flagsFor, matchPattern, parseBuildFlags } from '../src/core/plan/flags.ts';
import { defaultGodebug } from '../src/core/plan/godebug.ts';
import { compareGoVersions, langVersion } from '../src/core/project/gover.ts';
import { packAppend } from '../src/core/run/pack.ts';
import type { LoadedPackage } from '../src/core/load/packages.ts';
import { planBuild, type PlanInput } from '../src/core/plan/planner.ts';
import { sha256Hex } from '../src/core/bytes/sha256.ts';
import type { GodebugSetting } from '../src/core/types.ts';

describe('GO_BUILD_FLAGS', () => {
  const ok = (s: string | undefined) => {
    const r = parseBuildFlags(s);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.flags;
  };
  const main = { importPath: 'example.com/m/cmd/x', dir: '/src/cmd/x', standard: false, cmdline: true };
  const lib = { importPath: 'example.com/m/lib', dir: '/src/lib', standard: false, cmdline: false };

  it("defaults to -ldflags '-s -w' for the main package only", () => {
    const f = ok(undefined);
    expect(f.args).toEqual(['-ldflags', '-s -w']);
    expect(flagsFor(f.ldflags, main, '/src')).toEqual(['-s', '-w']);
    expect(flagsFor(f.ldflags, lib, '/src')).toEqual([]);
    expect(ok('').args).toEqual(['-ldflags', '-s -w']);
  });

  it('splits like a shell, then like cmd/go (quoted.Split, last value wins, patterns)', () => {
    const f = ok(`-ldflags="-s -w -X 'main.v=a b'" --tags=x,y -gcflags '-N -l' -gcflags=example.com/m/...=-l -trimpath`);
    expect(flagsFor(f.ldflags, main, '/src')).toEqual(['-s', '-w', '-X', 'main.v=a b']);
    expect(f.tags).toEqual(['x', 'y']);
    expect(flagsFor(f.gcflags, main, '/src')).toEqual(['-l']);
    expect(flagsFor(f.gcflags, lib, '/src')).toEqual(['-l']);
    expect(f.gcflags.raw).toBe('example.com/m/...=-l');
    expect(ok("-tags 'a b'").tags).toEqual(['a', 'b']);
    expect(flagsFor(ok('-gcflags=./lib=-N').gcflags, lib, '/src')).toEqual(['-N']);
    expect(flagsFor(ok('-gcflags=./...=-N').gcflags, main, '/src')).toEqual(['-N']);
    expect(ok('-ldflags=-X=main.v=$HOME').args).toEqual(['-ldflags=-X=main.v=$HOME']);
  });

  it('rejects what it cannot reproduce, saying what is supported', () => {
    for (const [input, text] of [
      ['-race', 'flag -race is not supported'],
      ['-o out', 'flag -o is not supported'],
      ['-trimpath=false', '-trimpath=false is not supported'],
      ['-ldflags', 'flag needs an argument: -ldflags'],
      ['-ldflags "-s" | cat', 'shell operator "|"'],
      ['./api', 'unexpected argument'],
      ['-gcflags=pat', 'missing =<value>'],
      ['-ldflags "-s \'-w"', "unterminated ' string"],
    ] as const) {
      const r = parseBuildFlags(input);
      expect(r.ok, input).toBe(false);
      if (!r.ok) {
        expect(r.diagnostics[0]!.source).toBe('flags');
        expect(r.diagnostics[0]!.message).toContain(text);
      }
    }
    const r = parseBuildFlags('-v');
    expect(!r.ok && r.diagnostics[0]!.message).toContain('supported: -ldflags, -gcflags, -asmflags, -tags, -trimpath');
  });

  it('matches package patterns like cmd/go (vendor excluded from ...)', () => {
    expect(matchPattern('net/...')('net')).toBe(true);
    expect(matchPattern('net/...')('net/http')).toBe(true);
    expect(matchPattern('net/...')('network')).toBe(false);
    expect(matchPattern('...')('vendor/golang.org/x/net/dns')).toBe(false);
    expect(matchPattern('example.com/m/...')('example.com/m/api/v2')).toBe(true);
  });
});

describe('GODEBUG defaults', () => {
  const table: GodebugSetting[] = [
    { name: 'panicnil', changed: 21, old: '1' },
    { name: 'httpmuxgo121', changed: 22, old: '1' },
    { name: 'asynctimerchan', changed: 23, old: '1' },
    { name: 'zipinsecurepath', changed: 0, old: '' },
  ];
  it('keeps old values for changes after the go line, then applies go.mod and //go:debug', () => {
    expect(defaultGodebug({ goVersion: '1.22.3', table })).toBe('asynctimerchan=1');
    expect(defaultGodebug({ goVersion: '1.20', table })).toBe('asynctimerchan=1,httpmuxgo121=1,panicnil=1');
    expect(defaultGodebug({ goVersion: '1.23', table })).toBe('');
    expect(defaultGodebug({ goVersion: undefined, table })).toBe('asynctimerchan=1,httpmuxgo121=1,panicnil=1');
    expect(defaultGodebug({ goVersion: '1.23', table, modGodebug: [{ key: 'default', value: 'go1.21' }, { key: 'x509sha1', value: '1' }] })).toBe(
      'asynctimerchan=1,httpmuxgo121=1,x509sha1=1',
    );
    expect(defaultGodebug({ goVersion: '1.23', table, directives: ['//go:debug panicnil=1', '// not a directive'] })).toBe('panicnil=1');
  });
  it('computes -lang and compares versions like gover', () => {
    expect(langVersion('1.22.3')).toBe('1.22');
    expect(langVersion('1.21rc1')).toBe('1.21');
    expect(langVersion('1.0.1')).toBe('1');
    expect(compareGoVersions('1.26.8', '1.27')).toBeLessThan(0);
    expect(compareGoVersions('1.21', '1.21rc1')).toBeLessThan(0);
    expect(compareGoVersions('1.21rc1', '1.21.0')).toBeLessThan(0);
    expect(compareGoVersions('1.24.11', '1.24.2')).toBeGreaterThan(0);
  });
});

describe('build info', () => {
  it('quotes the modinfo line byte for byte like cmd/go', () => {
    const info = formatBuildInfo({
      path: 'example.com/m/cmd/bootstrap',
      main: { path: 'example.com/m', version: '(devel)', sum: '' },
      deps: [],
      settings: [
        { key: '-buildmode', value: 'exe' },
        { key: '-gcflags', value: '-N -l' },
      ],
    });
    expect(info).toBe('path\texample.com/m/cmd/bootstrap\nmod\texample.com/m\t(devel)\t\nbuild\t-buildmode=exe\nbuild\t-gcflags="-N -l"\n');
    // Taken from `go build -n` output of Go 1.26.8.
    expect(modinfoLine(info)).toBe(
      'modinfo "0w\\xaf\\f\\x92t\\b\\x02A\\xe1\\xc1\\a\\xe6\\xd6\\x18\\xe6path\\texample.com/m/cmd/bootstrap\\nmod\\texample.com/m\\t(devel)\\t\\nbuild\\t-buildmode=exe\\nbuild\\t-gcflags=\\"-N -l\\"\\n\\xf92C1\\x86\\x18 r\\x00\\x82B\\x10A\\x16\\xd8\\xf2"',
    );
    expect(goQuote('é\u00a0\u{1F600}\u007f')).toBe('"é\\u00a0😀\\x7f"');
    expect(formatVersionM('bootstrap', '1.26.8', 'path\tx\nbuild\tGOOS=linux\n')).toBe('bootstrap: go1.26.8\n\tpath\tx\n\tbuild\tGOOS=linux\n');
  });
});

describe('hashes', () => {
  it('sha256 matches node:crypto across block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      expect(sha256Hex(data), `${n} bytes`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
  it('build IDs look like cmd/go action IDs', () => {
    const id = buildIdFromHex(sha256Hex('x'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(hashToString(new Uint8Array(32).fill(255))).toBe('____________________');
  });
  it('export data hash ignores the build id line only', () => {
    const archive = (buildId: string, body: string) => {
      const member = `go object linux amd64 go1.26.8 X:none\nbuild id "${buildId}"\n\n$$B\n${body}`;
      const header = `${'__.PKGDEF'.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'644'.padEnd(8)}${String(member.length).padEnd(10)}\`\n`;
      return new TextEncoder().encode(`!<arch>\n${header}${member}${member.length % 2 ? '\n' : ''}`);
    };
    expect(new TextDecoder().decode(readArchiveMember(archive('a/a', 'T'), '__.PKGDEF'))).toContain('$$B\nT');
    expect(exportDataHash(archive('a/a', 'T'))).toBe(exportDataHash(archive('b/b', 'T')));
    expect(exportDataHash(archive('a/a', 'T'))).not.toBe(exportDataHash(archive('a/a', 'U')));
  });
});

describe('planBuild without the go command', () => {
  const pkg = (importPath: string, dir: string, imports: string[], name = dir.split('/').pop()!): LoadedPackage => ({
    importPath, dir, name, goFiles: ['x.go'], sFiles: [], hFiles: [], imports, embedPatterns: [], embedFiles: {},
  });
  const base = (packages: LoadedPackage[], go?: string): PlanInput => {
    const flags = parseBuildFlags(undefined);
    if (!flags.ok) throw new Error('flags');
    return {
      goVersion: '1.26.8',
      target: 'linux/arm64',
      gomod: { module: 'm', go, synthesized: false },
      packages,
      main: 'm/cmd',
      std: { runtime: { archive: 'pkg/linux_arm64/runtime.a', imports: ['unsafe'] }, unsafe: { archive: '', imports: [] } },
      godebugs: [{ name: 'panicnil', changed: 21, old: '1' }],
      flags: flags.flags,
      files: Object.fromEntries(packages.map((p) => [`${p.dir}/x.go`, `package ${p.name}\n`])),
    };
  };

  it('plans compile and link with the virtual layout, -lang from go.mod', () => {
    const r = planBuild(base([pkg('m/lib', 'lib', []), pkg('m/cmd', 'cmd', ['m/lib'], 'main')], '1.30'));
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const [lib, main, link] = r.plan.steps;
    expect(lib!.actions[0]!.argv.slice(0, 8)).toEqual(['compile', '-o', '/work/b002/_pkg_.a', '-trimpath', '/src/lib=>m/lib;/work/b002=>', '-p', 'm/lib', '-lang=go1.26']);
    expect(main!.actions[0]!.argv).toContain('main');
    expect(main!.actions[0]!.generated).toEqual([{ path: '/work/b001/importcfg', contents: '# import config\npackagefile m/lib=/work/b002/_pkg_.a\npackagefile runtime=/goroot/pkg/linux_arm64/runtime.a\n' }]);
    expect(link!.actions[0]!.env).toEqual({ GOROOT: '', GOOS: 'linux', GOARCH: 'arm64', GOARM64: 'v8.0' });
    expect(link!.actions[0]!.argv.slice(-4)).toEqual(['-s', '-w', '-extld=gcc', '/work/b001/_pkg_.a']);
    expect(r.plan.modinfo).toContain('build\tGOARM64=v8.0\n');
    expect(r.plan.native).toEqual({
      cwd: '.',
      env: { GOOS: 'linux', GOARCH: 'arm64', GOARM64: 'v8.0', CGO_ENABLED: '0', GOTOOLCHAIN: 'go1.26.8', GOFLAGS: '-buildvcs=false', GOWORK: 'off' },
      args: ['go', 'build', '-trimpath', '-ldflags', '-s -w', '-o', 'bootstrap', './cmd'],
    });
    const old = planBuild(base([pkg('m/cmd', 'cmd', [], 'main')]));
    expect(old.ok && old.plan.steps[0]!.actions[0]!.argv).toContain('-lang=go1.16');
    expect(old.ok && old.plan.defaultGodebug).toBe('panicnil=1');
  });

  it('reports import cycles, unknown imports and a main that is not package main', () => {
    const cycle = planBuild(base([pkg('m/a', 'a', ['m/b']), pkg('m/b', 'b', ['m/a']), pkg('m/cmd', 'cmd', ['m/a'], 'main')]));
    expect(!cycle.ok && cycle.diagnostics[0]!.message).toBe('import cycle not allowed: m/a -> m/b -> m/a');
    const unknown = planBuild(base([pkg('m/cmd', 'cmd', ['net/nope'], 'main')]));
    expect(!unknown.ok && unknown.diagnostics[0]!.message).toContain('net/nope');
    const notMain = planBuild(base([pkg('m/cmd', 'cmd', [], 'cmd')]));
    expect(!notMain.ok && notMain.diagnostics[0]!.message).toContain('not main');
  });

  it('packAppend pads names and odd sizes like cmd/go', () => {
    const out = packAppend(new TextEncoder().encode('!<arch>\n'), [{ name: 'a_very_long_object_name.o', data: new Uint8Array([1, 2, 3]) }]);
    const text = new TextDecoder('latin1').decode(out);
    expect(text.slice(8, 68)).toBe('a_very_long_obje0           0     0     644     3         `\n');
    expect(out.length).toBe(8 + 60 + 4);
  });
});
