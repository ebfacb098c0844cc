// The handler corpus under test/corpus: valid projects (ok/<name>, with
// case.json) and invalid ones (bad/<name>, with expect.json). Projects load
// into the engine's in-memory ProjectFiles; the case files are not part of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosticSource, ProjectFiles } from '../../src/core/types.ts';
import { joinShellWords, splitShellWords } from './shell-words.ts';

export type CorpusKind = 'ok' | 'bad';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const corpusRoot = join(repoRoot, 'test', 'corpus');

/** What one request should get back; every field given is checked. */
export interface ResponseExpectation {
  status: number;
  /** Exact body. Strings may contain {goVersion}, replaced by the version that built the project. */
  body?: string;
  bodyIncludes?: string | string[];
  /** Exact body per GOOS of the build (linux for native, wasip1 for the preview). */
  bodyByGoos?: Partial<Record<'linux' | 'wasip1', string>>;
  /** Body parsed as JSON deep-equals this. */
  json?: unknown;
  /** [name, value] pairs; each must equal one value of that header (see README). */
  headers?: [string, string][];
  /** The handler flushed at least this many chunks (checked where chunks are observable: the preview). */
  minChunks?: number;
  /** Substrings of the handler's stdout/stderr (and, for panics, the stack). */
  logsIncludes?: string[];
}

export interface CaseRequest {
  method: string;
  /** Path with query, e.g. "/api/users/42?x=1" */
  url: string;
  headers?: [string, string][];
  body?: string;
  expect: ResponseExpectation;
}

export interface ExpectedRoute {
  route: string;
  entry: string;
  handler: string;
}

export interface CaseFile {
  /** Go version the build must use; absent means the builder's default choice. */
  goVersion?: string;
  routes: ExpectedRoute[];
  /** Sent in order to one warm instance per route. */
  requests: CaseRequest[];
}

export interface ExpectedDiagnostic {
  source?: DiagnosticSource;
  file?: string;
  line?: number;
  column?: number;
  /** Each must occur in the message (case-insensitive). */
  messageIncludes: string[];
}

export type NativeOutcome =
  /** `go build ./...` accepts the sources: the error is a rule of the platform, not of go. */
  | { outcome: 'ok' }
  /**
   * `go build ./...` fails; each string occurs in its output. With
   * sameDiagnostics, go's own file:line:col messages also satisfy `diagnostics`
   * (the platform must report what go reports).
   */
  | { outcome: 'error'; output: string[]; sameDiagnostics?: boolean };

export interface BadExpect {
  diagnostics: ExpectedDiagnostic[];
  native: NativeOutcome & { note?: string };
}

export interface CorpusProject {
  kind: CorpusKind;
  name: string;
  /** Absolute directory of the project. */
  dir: string;
  files: ProjectFiles;
}

const caseFiles = new Set(['case.json', 'expect.json']);

export function listProjects(kind: CorpusKind): string[] {
  return readdirSync(join(corpusRoot, kind), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function walk(root: string, dir: string, out: ProjectFiles): void {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    const rel = relative(root, abs).split(sep).join('/');
    if (statSync(abs).isDirectory()) walk(root, abs, out);
    else if (!caseFiles.has(rel)) out[rel] = new Uint8Array(readFileSync(abs));
  }
}

export function loadProject(kind: CorpusKind, name: string): CorpusProject {
  const dir = join(corpusRoot, kind, name);
  const files: ProjectFiles = {};
  walk(dir, dir, files);
  return { kind, name, dir, files };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function loadCase(name: string): CaseFile {
  return readJson<CaseFile>(join(corpusRoot, 'ok', name, 'case.json'));
}

export function loadBadExpect(name: string): BadExpect {
  return readJson<BadExpect>(join(corpusRoot, 'bad', name, 'expect.json'));
}

export function fileText(files: ProjectFiles, path: string): string | undefined {
  const v = files[path];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

/** vercel.json build.env, as the platform reads it. */
export function vercelBuildEnv(files: ProjectFiles): Record<string, string> {
  const text = fileText(files, 'vercel.json');
  if (text === undefined) return {};
  const json = JSON.parse(text) as { build?: { env?: Record<string, string> } };
  return json.build?.env ?? {};
}

export const defaultGoBuildFlags = "-ldflags '-s -w'";

/** GO_BUILD_FLAGS for a project: vercel.json build.env, else the platform default. */
export function goBuildFlags(files: ProjectFiles): string {
  return vercelBuildEnv(files).GO_BUILD_FLAGS ?? defaultGoBuildFlags;
}

/**
 * The same flags with `-buildid=` added to the linker flags: go stamps a
 * content-derived build ID otherwise, which differs between any two builders.
 */
export function withEmptyBuildId(flags: string): string {
  const words = splitShellWords(flags);
  let found = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^--?ldflags(=(.*))?$/s.exec(w);
    if (!m) continue;
    found = true;
    if (m[1] !== undefined) words[i] = `-ldflags=${join2(m[2] ?? '', '-buildid=')}`;
    else if (i + 1 < words.length) words[i + 1] = join2(words[i + 1]!, '-buildid=');
  }
  if (!found) words.push('-ldflags=-buildid=');
  return joinShellWords(words);
}

function join2(a: string, b: string): string {
  return a.trim() === '' ? b : `${a} ${b}`;
}

/** Replaces {goVersion} placeholders in expected strings. */
export function expand(s: string, goVersion: string): string {
  return s.replaceAll('{goVersion}', goVersion);
}
