// Share links: the whole project in the URL fragment (never sent to a
// server), deflated and base64url-encoded; go.mod and go.sum travel with the
// files, so the opener builds against the same module versions, checked by
// the same checksums. Env values stay out of links — they may be secrets —
// except build settings: GO_BUILD_FLAGS and the module settings, with any
// credentials in a GOPROXY URL taken out (secret-env.ts); GIT_CREDENTIALS
// travels as a name only. A link may also carry the bytes it
// built to (reproduction.ts), which an older reader of format 1 simply ignores.

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { sharedBuildEnvValue } from './secret-env.ts';
import type { ShareExpectation } from './reproduction.ts';
import { defaultRequest, type NameValue, type WorkspaceSnapshot } from './workspace.ts';

/** Browsers and servers cope with much longer URLs, but chat apps and mail clients mangle them well before. */
export const MAX_SHARE_URL = 64 * 1024;
const PREFIX = '#share=';

interface SharePayload {
  v: 1;
  files: Record<string, string>;
  folders?: string[];
  active: string;
  go?: string;
  /** Preview env names; values are left to whoever opens the link. */
  env: string[];
  buildEnv: [string, string][];
  request: WorkspaceSnapshot['request'];
  /** Each route's linux/amd64 bootstrap sha256 when shared, and what it depends on. */
  expect?: ShareExpectation;
}

export type ShareResult = { ok: true; url: string; bytes: number } | { ok: false; message: string; bytes: number };

export function makeShareUrl(snap: WorkspaceSnapshot, base: string, expect?: ShareExpectation): ShareResult {
  const payload: SharePayload = {
    v: 1,
    files: snap.files,
    folders: snap.folders.length ? snap.folders : undefined,
    active: snap.active,
    go: snap.goVersion,
    env: snap.previewEnv.filter((e) => e.name).map((e) => e.name),
    buildEnv: snap.buildEnv.filter((e) => e.name).map((e) => [e.name, sharedBuildEnvValue(e.name, e.value)]),
    request: snap.request,
    ...(expect ? { expect } : {}),
  };
  const packed = deflateSync(strToU8(JSON.stringify(payload)), { level: 9 });
  const url = base.replace(/#.*$/, '') + PREFIX + toBase64Url(packed);
  if (url.length > MAX_SHARE_URL) {
    return {
      ok: false,
      bytes: url.length,
      message: `This project makes a ${Math.ceil(url.length / 1024)} KB link; share links hold at most ${MAX_SHARE_URL / 1024} KB. Export it as a .txtar file instead, or remove large files.`,
    };
  }
  return { ok: true, url, bytes: url.length };
}

export function isShareHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

/** Reads a share fragment; throws a sentence when the link is damaged. */
export function readShareHash(hash: string): WorkspaceSnapshot {
  return readShareLink(hash).snap;
}

/** The project of a share fragment and the bytes it was shared with, if recorded. */
export function readShareLink(hash: string): { snap: WorkspaceSnapshot; expect?: ShareExpectation } {
  let payload: SharePayload;
  try {
    payload = JSON.parse(strFromU8(inflateSync(fromBase64Url(hash.slice(PREFIX.length))))) as SharePayload;
  } catch {
    throw new Error('This share link is damaged (it may have been cut short when it was copied).');
  }
  if (payload.v !== 1 || typeof payload.files !== 'object') {
    throw new Error(`This share link was made by another version of gofn (format ${String(payload.v)}); this one reads format 1.`);
  }
  const blank = (name: string, value = ''): NameValue => ({ name, value, enabled: true });
  const snap: WorkspaceSnapshot = {
    format: 1,
    files: payload.files,
    folders: payload.folders ?? [],
    active: payload.active,
    goVersion: payload.go,
    previewEnv: payload.env.map((n) => blank(n)),
    buildEnv: payload.buildEnv.map(([n, v]) => blank(n, v)),
    request: { ...defaultRequest(), ...payload.request },
  };
  const e = payload.expect;
  const valid = e && typeof e === 'object' && typeof e.go === 'string' && typeof e.routes === 'object' && typeof e.files === 'object';
  return { snap, ...(valid ? { expect: e } : {}) };
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
