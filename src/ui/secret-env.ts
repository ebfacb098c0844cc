// Which build env values are secrets. GIT_CREDENTIALS always is (tokens for
// private module hosts); so is any value holding a URL with user:password@
// (an authenticated GOPROXY). Secret values stay in this browser: the Env
// panel masks them, share links carry only their names, and a project opened
// from a link asks for them.

import { redactUrl } from '../core/modules/env.ts';

export const SECRET_ENV_NAMES = new Set(['GIT_CREDENTIALS']);

/** Build settings a share link may carry with their values: they say how to build, not who may read what. */
const PUBLIC_BUILD_ENV = new Set(['GO_BUILD_FLAGS', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN']);

const hasUserinfo = (value: string): boolean => /\b[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(value);

export function isSecretEnv(name: string, value = ''): boolean {
  return SECRET_ENV_NAMES.has(name.trim()) || hasUserinfo(value);
}

/**
 * The value a share link keeps for a build env row: public settings as set,
 * with any user:password@ taken out of their URLs (the opener still reaches
 * the same proxy, with their own credentials); everything else empty.
 */
export function sharedBuildEnvValue(name: string, value: string): string {
  return PUBLIC_BUILD_ENV.has(name.trim()) ? redactUrl(value) : '';
}
