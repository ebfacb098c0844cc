// Reproduction links: a share link records each route's linux/amd64
// bootstrap sha256 as built when shared, with what those bytes depend on
// (Go bundle, GO_BUILD_FLAGS, a digest of every file); whoever opens it
// rebuilds and compares. This file holds the record and the comparison;
// repro-banner.ts runs the builds and shows the outcome.
import type { BuildResult } from '../core/types.ts';

export const REPRO_TARGET = 'linux/amd64';

export interface ShareExpectation {
  target: typeof REPRO_TARGET;
  /** Go version the bootstraps were built with, e.g. "1.26.8". */
  go: string;
  /** The bundle's manifest sha256 (from toolchains/index.json), when known. */
  bundle?: string;
  /** GO_BUILD_FLAGS as built ("" = Vercel's default). */
  flags: string;
  /** Route → bootstrap sha256. */
  routes: Record<string, string>;
  /** Project path → first 16 hex digits of its sha256, to name the files that changed. */
  files: Record<string, string>;
}

export interface RouteCheck {
  route: string;
  expected?: string;
  got?: string;
}

export interface ReproCheck {
  same: boolean;
  /** Routes whose bytes differ, or that exist on one side only. */
  differing: RouteCheck[];
  /** What this check found different between the two builds' inputs. */
  found: string[];
  /** What makes bytes differ in general, for when nothing was found or to rule out. */
  possible: string[];
}

export async function fileDigests(files: Record<string, string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(files[path])));
    out[path] = [...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return out;
}

export function routeHashes(result: Extract<BuildResult, { ok: true }>): Record<string, string> {
  return Object.fromEntries(result.routes.map((r) => [r.route, r.sha256]));
}

/** Compares a rebuild (recorded the same way) with the record and explains a difference. */
export function compareBytes(expect: ShareExpectation, now: ShareExpectation, usesModules: boolean): ReproCheck {
  const differing: RouteCheck[] = [];
  for (const route of [...new Set([...Object.keys(expect.routes), ...Object.keys(now.routes)])].sort()) {
    const expected = expect.routes[route];
    const got = now.routes[route];
    if (expected !== got) differing.push({ route, expected, got });
  }
  if (differing.length === 0) return { same: true, differing, found: [], possible: [] };

  const reasons: string[] = [];
  const changed = Object.keys({ ...expect.files, ...now.files }).sort().filter((p) => expect.files[p] !== now.files[p]);
  for (const p of changed) {
    if (!(p in now.files)) reasons.push(`${p} was part of the shared project but is missing from the link now.`);
    else if (!(p in expect.files)) reasons.push(`${p} was not part of the shared project: it was added to the link after sharing.`);
    else reasons.push(`${p} is not the file that was built when shared (its contents changed after the link was made).`);
  }
  if (expect.go !== now.go) {
    reasons.push(`It was shared built with go${expect.go} and rebuilt with go${now.go}: a different Go bundle makes different bytes.`);
  } else if (expect.bundle && now.bundle && expect.bundle !== now.bundle) {
    reasons.push(`Both builds used go${now.go}, but from different bundles (manifest ${expect.bundle.slice(0, 12)}… when shared, ${now.bundle.slice(0, 12)}… here): this host serves another build of the toolchain.`);
  }
  if (expect.flags !== now.flags) reasons.push(`GO_BUILD_FLAGS was ${JSON.stringify(expect.flags || "-ldflags '-s -w'")} when shared and is ${JSON.stringify(now.flags || "-ldflags '-s -w'")} now.`);
  const possible = [
    `A different Go bundle: another Go version, or a bundle of go${now.go} built with other settings, compiles other bytes${expect.bundle ? '' : ' (this link does not record which bundle built it)'}.`,
    `Changed module proxy content: a module version whose files changed on the proxy would compile differently, but go.sum pins every module's hash, so such a change fails the build with a checksum mismatch rather than changing bytes silently${usesModules ? '' : ' (this project uses no dependency modules)'}.`,
    'Sources edited after sharing: a link whose files were changed no longer describes what was built.',
  ];
  return { same: false, differing, found: reasons, possible };
}
