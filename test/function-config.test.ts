// vercel.json "functions": matched as Vercel matches them (first key in file
// order, exact path or minimatch glob), Vercel's defaults and its checks.
import { describe, expect, it } from 'vitest';
import { functionSettings } from '../src/core/project/function-config.ts';
import { readVercelConfig } from '../src/core/project/vercel-config.ts';

const project = (functions: unknown, extra: Record<string, string> = {}) => ({
  'api/hello.go': '',
  'api/users/[id].go': '',
  'api/deep/a/b.go': '',
  ...extra,
  'vercel.json': JSON.stringify({ functions }, null, 2),
});

describe('vercel.json functions', () => {
  it("gives Vercel's defaults when nothing matches: 300 s and 2048 MB", () => {
    expect(functionSettings({}, 'api/hello.go')).toEqual({ maxDuration: 300, memory: 2048 });
  });

  it('matches globs as minimatch does, the first key in file order winning', () => {
    const { config, diagnostics } = readVercelConfig(project({ 'api/users/*.go': { maxDuration: 5 }, 'api/**/*.go': { memory: 1024 }, 'api/hello.go': { maxDuration: 60 } }));
    // The last key matches api/hello.go only after api/**/*.go already did: an unused pattern on Vercel.
    expect(diagnostics.map((d) => d.message)).toEqual(['The pattern "api/hello.go" defined in `functions` doesn\'t match any Serverless Functions inside the `api` directory.']);
    expect(functionSettings(config.functions, 'api/users/[id].go')).toEqual({ maxDuration: 5, memory: 2048, pattern: 'api/users/*.go' });
    expect(functionSettings(config.functions, 'api/deep/a/b.go')).toEqual({ maxDuration: 300, memory: 1024, pattern: 'api/**/*.go' });
    expect(functionSettings(config.functions, 'api/hello.go')).toMatchObject({ pattern: 'api/**/*.go' });
  });

  it('takes brace and extglob patterns, and "max"', () => {
    const { config, diagnostics } = readVercelConfig(project({ 'api/{hello,users/*}.go': { maxDuration: 'max' }, 'api/!(hello).go': { memory: 512 } }, { 'api/other.go': '' }));
    expect(diagnostics).toEqual([]);
    expect(functionSettings(config.functions, 'api/hello.go')).toMatchObject({ maxDuration: 800 });
    expect(functionSettings(config.functions, 'api/other.go')).toMatchObject({ memory: 512, maxDuration: 300 });
  });

  it("refuses values as Vercel's checks do, located at the key", () => {
    const cases: [unknown, string][] = [
      [{ 'api/*.go': { maxDuration: 0 } }, 'Functions must have a maxDuration between 1 and 1800, or "max".'],
      [{ 'api/*.go': { maxDuration: 2.5 } }, 'Functions must have a maxDuration between 1 and 1800, or "max".'],
      [{ 'api/*.go': { memory: 64 } }, 'Functions must have a memory value between 128 and 10240'],
      [{ 'api/*.go': {} }, 'Function must contain at least one property.'],
      [{ '/api/*.go': { memory: 512 } }, 'The function path "/api/*.go" is invalid. The path must be relative to your project root and therefore cannot start with a slash.'],
    ];
    for (const [functions, message] of cases) {
      const { diagnostics } = readVercelConfig(project(functions));
      expect(diagnostics.map((d) => d.message)).toEqual([message]);
      expect(diagnostics[0]!.location).toMatchObject({ file: 'vercel.json', line: 3 });
    }
  });

  it('counts functions of other runtimes as matches', () => {
    expect(readVercelConfig(project({ 'api/*.ts': { memory: 512 } }, { 'api/edge.ts': '' })).diagnostics).toEqual([]);
  });
});
