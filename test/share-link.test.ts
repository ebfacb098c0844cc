// Share links carry go.mod/go.sum with the files and the module settings of
// the build env, but never credentials: a GOPROXY with user:token@ is shared
// without them.
import { describe, expect, it } from 'vitest';
import { makeShareUrl, readShareHash } from '../src/ui/share-link.ts';
import { defaultRequest, type WorkspaceSnapshot } from '../src/ui/workspace.ts';

const snap: WorkspaceSnapshot = {
  format: 1,
  files: { 'go.mod': 'module example.com/m\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n', 'go.sum': 'github.com/google/uuid v1.6.0 h1:x\n', 'api/index.go': 'package api\n' },
  folders: [],
  active: 'api/index.go',
  previewEnv: [{ name: 'API_KEY', value: 'secret-value', enabled: true }],
  buildEnv: [
    { name: 'GOPROXY', value: 'https://gopher:s3cret-token@goproxy.corp.example/mirror,https://proxy.golang.org', enabled: true },
    { name: 'GONOSUMDB', value: 'corp.example', enabled: true },
    { name: 'GIT_CREDENTIALS', value: 'https://u:t@github.com', enabled: true },
  ],
  request: defaultRequest(),
};

describe('share links with modules', () => {
  it('keep go.mod, go.sum and module settings, and drop credentials', () => {
    const r = makeShareUrl(snap, 'http://app.example/');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.url).not.toContain('s3cret');
    const back = readShareHash(r.url.slice(r.url.indexOf('#')));
    expect(back.files['go.sum']).toBe(snap.files['go.sum']);
    expect(back.buildEnv).toEqual([
      { name: 'GOPROXY', value: 'https://goproxy.corp.example/mirror,https://proxy.golang.org', enabled: true },
      { name: 'GONOSUMDB', value: 'corp.example', enabled: true },
      { name: 'GIT_CREDENTIALS', value: '', enabled: true },
    ]);
    expect(JSON.stringify(back)).not.toMatch(/s3cret|secret-value|u:t@/);
  });
});
