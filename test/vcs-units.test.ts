// Direct mode's pure parts, with cases taken from golang.org/x/mod's and
// cmd/go's own tests where they exist: semver and pseudo-versions, module
// path majors, GIT_CREDENTIALS matching and scrubbing, GOFN_HOST_MAP, go-import
// meta tags, go's zip rules, and what the git pass-through refuses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { basicAuth, credentialFor, parseGitCredentials, redactor } from '../src/core/vcs/credentials.ts';
import { parseMetaGoImports } from '../src/core/vcs/discovery.ts';
import { checkPathMajor, isPseudoVersion, pseudoVersion, pseudoVersionBase, pseudoVersionTime, splitPathVersion } from '../src/core/vcs/module-version.ts';
import { checkFilePath, createModuleZip, type SourceFile } from '../src/core/vcs/module-zip.ts';
import { directReach, parseHostMap, passThroughReach } from '../src/core/vcs/reach.ts';
import { canonical, compare, isValid, major, prerelease } from '../src/core/vcs/semver.ts';
import { gitPass } from '../src/node/git-pass.ts';

describe('semver as x/mod reads it', () => {
  it('orders versions as semver.Compare', () => {
    const ordered = ['v0.0.0', 'v0.0.1', 'v0.1.0', 'v1.0.0-alpha', 'v1.0.0-alpha.1', 'v1.0.0-alpha.beta', 'v1.0.0-beta', 'v1.0.0-beta.2', 'v1.0.0-beta.11', 'v1.0.0-rc.1', 'v1.0.0', 'v1.2.0', 'v1.10.0', 'v2.0.0'];
    for (let i = 0; i < ordered.length; i++) for (let j = 0; j < ordered.length; j++) expect(compare(ordered[i]!, ordered[j]!), `${ordered[i]} vs ${ordered[j]}`).toBe(Math.sign(i - j));
    expect(compare('bad', 'v1.0.0')).toBe(-1);
    expect(compare('v1', 'v1.0.0')).toBe(0);
  });
  it('canonical forms and what is invalid', () => {
    expect(canonical('v1')).toBe('v1.0.0');
    expect(canonical('v1.2')).toBe('v1.2.0');
    expect(canonical('v1.2.3+meta')).toBe('v1.2.3');
    expect(canonical('v1.2.3-pre+meta')).toBe('v1.2.3-pre');
    for (const bad of ['1.2.3', 'v1.02.3', 'v1.2.3-01', 'v1.2.3-', 'v1.2.3+', 'v1.2.3.4', 'v']) expect(isValid(bad), bad).toBe(false);
    expect(major('v2.3.4')).toBe('v2');
    expect(prerelease('v1.2.3-rc.1+x')).toBe('-rc.1');
  });
});

describe('module paths and pseudo-versions', () => {
  it('splits major-version suffixes as module.SplitPathVersion', () => {
    expect(splitPathVersion('example.com/m/v2')).toEqual({ prefix: 'example.com/m', pathMajor: '/v2', ok: true });
    expect(splitPathVersion('example.com/m')).toEqual({ prefix: 'example.com/m', pathMajor: '', ok: true });
    expect(splitPathVersion('example.com/m/v1').ok).toBe(false);
    expect(splitPathVersion('example.com/m/v02').ok).toBe(false);
    expect(splitPathVersion('gopkg.in/yaml.v2')).toEqual({ prefix: 'gopkg.in/yaml', pathMajor: '.v2', ok: true });
    expect(checkPathMajor('v2.0.0', '/v2')).toBeUndefined();
    expect(checkPathMajor('v3.0.0', '/v2')).toBe('should be v2, not v3');
    expect(checkPathMajor('v2.0.0+incompatible', '')).toBeUndefined();
    expect(checkPathMajor('v2.0.0', '')).toBe('should be v0 or v1, not v2');
  });
  it('makes and reads the three pseudo-version forms', () => {
    const t = new Date(Date.UTC(2024, 2, 4, 10, 0, 0));
    expect(pseudoVersion('', '', t, 'abcdefabcdef')).toBe('v0.0.0-20240304100000-abcdefabcdef');
    expect(pseudoVersion('v2', '', t, 'abcdefabcdef')).toBe('v2.0.0-20240304100000-abcdefabcdef');
    expect(pseudoVersion('', 'v1.1.0', t, 'abcdefabcdef')).toBe('v1.1.1-0.20240304100000-abcdefabcdef');
    expect(pseudoVersion('', 'v1.9.9', t, 'abcdefabcdef')).toBe('v1.9.10-0.20240304100000-abcdefabcdef');
    expect(pseudoVersion('', 'v1.2.0-pre', t, 'abcdefabcdef')).toBe('v1.2.0-pre.0.20240304100000-abcdefabcdef');
    expect(pseudoVersion('', 'v2.0.0+incompatible', t, 'abcdefabcdef')).toBe('v2.0.1-0.20240304100000-abcdefabcdef+incompatible');
    expect(pseudoVersionBase('v1.1.1-0.20240304100000-abcdefabcdef')).toEqual({ base: 'v1.1.0' });
    expect(pseudoVersionBase('v1.9.10-0.20240304100000-abcdefabcdef')).toEqual({ base: 'v1.9.9' });
    expect(pseudoVersionBase('v1.2.0-pre.0.20240304100000-abcdefabcdef')).toEqual({ base: 'v1.2.0-pre' });
    expect(pseudoVersionBase('v0.0.0-20240304100000-abcdefabcdef')).toEqual({ base: '' });
    expect(pseudoVersionTime('v0.0.0-20240304100000-abcdefabcdef')?.toISOString()).toBe('2024-03-04T10:00:00.000Z');
    expect(isPseudoVersion('v1.0.0')).toBe(false);
    expect(isPseudoVersion('v1.2.3-20240304100000-abcdefabcdef')).toBe(false);
    expect(isPseudoVersion('v1.0.0-20240304100000-abcdefabcdef')).toBe(true);
  });
});

describe('GIT_CREDENTIALS', () => {
  const creds = parseGitCredentials('https://alice:tok1@git.example.com\nhttps://bob:tok2@git.example.com/team/secret\n\nhttps://carol:tok3@github.com\nnot a url');
  it('reads lines, names unreadable ones without their value, and matches host and path', () => {
    expect(creds.list.map((c) => c.username)).toEqual(['alice', 'bob', 'carol']);
    expect(creds.problems).toEqual(['GIT_CREDENTIALS line 5 is not a URL of the form https://user:token@host']);
    expect(credentialFor(creds.list, new URL('https://git.example.com/team/other.git/info/refs'))?.username).toBe('alice');
    expect(credentialFor(creds.list, new URL('https://git.example.com/team/secret.git/info/refs'))?.username).toBe('bob');
    expect(credentialFor(creds.list, new URL('https://git.example.com.evil.test/x'))).toBeUndefined();
    expect(credentialFor(creds.list, new URL('http://git.example.com/x')), 'another scheme').toBeUndefined();
    expect(credentialFor(creds.list, new URL('https://gitlab.com/x'))).toBeUndefined();
  });
  it('scrubs every form of the secrets from a text', () => {
    const scrub = redactor(creds.list);
    const text = `tok1 ${basicAuth(creds.list[1]!)} https://alice:tok1@git.example.com/x carol:tok3`;
    const out = scrub(text);
    for (const s of ['tok1', 'tok2', 'tok3', basicAuth(creds.list[1]!).slice(6)]) expect(out).not.toContain(s);
    expect(out).toContain('https://git.example.com/x');
  });
});

describe('reaching hosts', () => {
  it('GOFN_HOST_MAP sends a host elsewhere; bad entries get a sentence without credentials', () => {
    const m = parseHostMap('git.example.com=http://127.0.0.1:8080/base/, bad, x=https://u:p@h');
    expect([...m.map]).toEqual([['git.example.com', 'http://127.0.0.1:8080/base']]);
    expect(m.problems).toHaveLength(2);
    expect(m.problems.join(' ')).not.toContain('u:p');
    expect(directReach(m).target(new URL('https://git.example.com/a.git/info/refs?service=git-upload-pack'))).toBe('http://127.0.0.1:8080/base/a.git/info/refs?service=git-upload-pack');
    expect(directReach(m).target(new URL('https://github.com/a/b'))).toBe('https://github.com/a/b');
    expect(passThroughReach('http://app.test/_gofn/git').target(new URL('https://github.com/a/b.git/info/refs?service=git-upload-pack'))).toBe('http://app.test/_gofn/git/github.com/a/b.git/info/refs?service=git-upload-pack');
  });
});

describe('go-import meta tags', () => {
  it('reads them from the head as go does, "mod" entries first, entities decoded', () => {
    const html = `<html><head>
      <meta name="go-import" content="example.com/a git https://git.example.com/a.git">
      <META NAME='go-import' CONTENT='example.com/b mod https://proxy.example.com'>
      <meta name="go-import" content="example.com/b git https://git.example.com/b">
      <meta name="go-import" content="example.com/c git https://git.example.com/c?x=1&amp;y=2 sub/dir">
      </head><body><meta name="go-import" content="example.com/d git https://late"></body></html>`;
    expect(parseMetaGoImports(html)).toEqual([
      { prefix: 'example.com/b', vcs: 'mod', repo: 'https://proxy.example.com', subdir: '' },
      { prefix: 'example.com/a', vcs: 'git', repo: 'https://git.example.com/a.git', subdir: '' },
      { prefix: 'example.com/c', vcs: 'git', repo: 'https://git.example.com/c?x=1&y=2', subdir: 'sub/dir' },
    ]);
  });
});

describe("go's zip rules", () => {
  const file = (path: string, text: string, mode = '100644'): SourceFile => {
    const data = new TextEncoder().encode(text);
    return { path, mode, size: data.length, read: async () => data };
  };
  it('leaves out vendored packages, nested modules, symlinks and submodules, keeping the rest under path@version/', async () => {
    const zip = unzipSync(
      await createModuleZip('example.com/m', 'v1.0.0', [
        file('go.mod', 'module example.com/m\n\ngo 1.24\n'),
        file('a.go', 'package m\n'),
        file('vendor/modules.txt', '# x\n'),
        file('vendor/x/y.go', 'package y\n'),
        file('vendor/top.go', 'package vendor\n'),
        file('pkg/vendor/v.go', 'package vendor\n'),
        file('nested/go.mod', 'module example.com/m/nested\n'),
        file('nested/n.go', 'package nested\n'),
        file('link.go', 'a.go', '120000'),
        file('sub', '', '160000'),
        file('.hg_archival.txt', 'x'),
      ]),
    );
    expect(Object.keys(zip).sort()).toEqual(['example.com/m@v1.0.0/a.go', 'example.com/m@v1.0.0/go.mod', 'example.com/m@v1.0.0/pkg/vendor/v.go', 'example.com/m@v1.0.0/vendor/top.go']);
  });
  it('keeps vendor/modules.txt for modules older than go 1.24, as the checksums of old versions need', async () => {
    const zip = unzipSync(await createModuleZip('example.com/m', 'v1.0.0', [file('go.mod', 'module example.com/m\n\ngo 1.22\n'), file('vendor/modules.txt', '# x\n')]));
    expect(Object.keys(zip)).toContain('example.com/m@v1.0.0/vendor/modules.txt');
  });
  it('refuses names go refuses, and case-fold collisions', async () => {
    expect(checkFilePath('a/b.go')).toBeUndefined();
    expect(checkFilePath('a/b?.go')).toMatch(/invalid char/);
    expect(checkFilePath('con.txt')).toMatch(/disallowed as path element component on Windows/);
    expect(checkFilePath('a/./b')).toMatch(/invalid path element/);
    await expect(createModuleZip('example.com/m', 'v1.0.0', [file('A.go', ''), file('a.go', '')])).rejects.toThrow(/case-insensitive file name collision/);
    await expect(createModuleZip('example.com/m', 'v1.0.0', [file('GO.MOD', '')])).rejects.toThrow(/go.mod files must have lowercase names/);
  });
});

describe('the git pass-through', () => {
  it('answers only smart-HTTP and go-get paths, only for allowed hosts', async () => {
    const mw = gitPass({ hosts: ['git.example.com'], hostMap: 'git.example.com=http://127.0.0.1:9' });
    const server = createServer((req, res) => mw(req, res, () => res.writeHead(418).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_gofn/git`;
    try {
      const refused = await fetch(`${base}/evil.example.com/a.git/info/refs?service=git-upload-pack`);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-gofn-pass-refused')).toBe('evil.example.com');
      expect((await fetch(`${base}/git.example.com/a.git/info/refs?service=git-receive-pack`)).status).toBe(404);
      expect((await fetch(`${base}/git.example.com/a.git/objects/info/packs`)).status).toBe(404);
      expect((await fetch(`${base}/git.example.com/a.git/info/refs?service=git-upload-pack`, { method: 'PUT' })).status).toBe(405);
      expect((await fetch(`${base}/127.0.0.1@x/a.git/info/refs?service=git-upload-pack`)).status).toBe(404);
      // Allowed and well-formed: forwarded (here to a closed port, so the answer is the pass-through's 502).
      const forwarded = await fetch(`${base}/git.example.com/a.git/info/refs?service=git-upload-pack`);
      expect(forwarded.status).toBe(502);
      expect(forwarded.headers.get('cache-control')).toBe('no-store');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
