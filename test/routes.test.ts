import { describe, expect, it } from 'vitest';
import { discoverRoutes, isEntrypoint } from '../src/core/project/routes.ts';

describe('entrypoints', () => {
  it('follows the zero-config glob and skips tests, _ and . paths', () => {
    expect(isEntrypoint('api/hello.go')).toBe(true);
    expect(isEntrypoint('api/a/b/c.go')).toBe(true);
    expect(isEntrypoint('api/hello_test.go')).toBe(false);
    expect(isEntrypoint('api/_lib/x.go')).toBe(false);
    expect(isEntrypoint('api/.hidden/x.go')).toBe(false);
    expect(isEntrypoint('api/_x.go')).toBe(false);
    expect(isEntrypoint('lib/x.go')).toBe(false);
    expect(isEntrypoint('api/readme.md')).toBe(false);
  });
});

describe('routes', () => {
  it('drops index and turns [name] into a capture', () => {
    const { routes, diagnostics } = discoverRoutes(['api/index.go', 'api/users/[id].go', 'api/users/index.go', 'api/[org]/repos/[repo].go', 'go.mod']);
    expect(diagnostics).toEqual([]);
    expect(routes.map((r) => [r.route, r.pattern, r.params])).toEqual([
      ['/api', '^/api$', []],
      ['/api/[org]/repos/[repo]', '^/api/([^/]+)/repos/([^/]+)$', ['org', 'repo']],
      ['/api/users', '^/api/users$', []],
      ['/api/users/[id]', '^/api/users/([^/]+)$', ['id']],
    ]);
  });

  it('escapes regular-expression characters in literal segments', () => {
    const { routes } = discoverRoutes(['api/v1.2/x+y.go']);
    expect(new RegExp(routes[0]!.pattern).test('/api/v1.2/x+y')).toBe(true);
    expect(new RegExp(routes[0]!.pattern).test('/api/v1x2/xxy')).toBe(false);
  });

  it('reports two files answering one route', () => {
    const { routes, diagnostics } = discoverRoutes(['api/a.go', 'api/a/index.go']);
    expect(routes).toHaveLength(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain('both answer /api/a');
    expect(diagnostics[0]!.location?.file).toBe('api/a/index.go');
  });

  it('reports dynamic segments that match the same URLs under different names', () => {
    const { diagnostics } = discoverRoutes(['api/[a].go', 'api/[b].go']);
    expect(diagnostics[0]!.message).toContain('/api/[a] and /api/[b]');
  });

  it('reports the same segment name twice in one path', () => {
    const { routes, diagnostics } = discoverRoutes(['api/[id]/x/[id].go']);
    expect(routes).toEqual([]);
    expect(diagnostics[0]!.message).toContain('[id] appears twice');
    expect(diagnostics[0]!.location?.file).toBe('api/[id]/x/[id].go');
  });
});
