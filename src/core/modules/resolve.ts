// Loading a project in module mode: the helper (WASI, no sockets) and this
// file take turns. Each helper run reads the project, go.mod, go.sum and
// every download mounted so far, and either answers (packages with their
// modules, the build list, a proposed go.mod/go.sum change) or lists the
// GOPROXY-protocol paths it needs. Those come from the module cache or the
// network, get mounted, and the helper runs again. Downloads the helper
// verified (zips, whose trees it extracted, and .mod files) are then kept
// in the module cache; the checksum database state it wrote is kept too.
import { hex, sha256 } from '../bytes/sha256.ts';
import { parseLoadAnswer } from '../load/load-answer.ts';
import { PROJECT_ROOT, mountProject, runHelperMounted, type HelperModulesRequest, type RunWasi } from '../load/loader.ts';
import type { LoadedPackage, LoadResult, ModulesAnswer } from '../load/packages.ts';
import type { ProgressEvent, ProjectFiles } from '../types.ts';
import type { MemFiles } from '../wasi/runner.ts';
import { HELPER_ENV_KEYS, type ModuleEnv } from './env.ts';
import { LIST_TTL_MS, type ModuleCache } from './module-cache.ts';
import { extractTree, TREE_ROOT, writtenTrees } from './module-tree.ts';
import type { ModuleFetcher } from './proxy-client.ts';
import { describe, parseProtocolPath, protocolFile } from './protocol-path.ts';
import type { TreeCache } from './tree-cache.ts';

const DOWNLOADS = '/gofn/dl';
const SUMDB_DIR = '/gofn/sumdb';
const MAX_ROUNDS = 48;

export interface ModuleLoadContext {
  run: RunWasi;
  helper: WebAssembly.Module;
  fetcher: ModuleFetcher;
  cache: ModuleCache;
  trees: TreeCache;
  env: ModuleEnv;
  /** The build env as the user set it (GOFLAGS, GOPRIVATE, … are passed to the helper). */
  rawEnv: Record<string, string>;
  toolchain: string;
  tidy: boolean;
  listOnly?: boolean;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface ModuleLoadOutcome {
  result: LoadResult;
  modules: ModulesAnswer;
  /** Sources of dependency packages, by absolute path under TREE_ROOT. */
  depFiles: ProjectFiles;
  fetched: { requests: number; bytes: number };
  rounds: number;
}

export async function loadWithModules(files: ProjectFiles, request: Record<string, unknown>, ctx: ModuleLoadContext): Promise<ModuleLoadOutcome> {
  const project = mountProject(files, PROJECT_ROOT);
  const session = new DownloadSession(ctx, goSumLines(files['go.sum']));
  const usedKey = hex(sha256(`${text(files['go.mod'])}\n--\n${text(files['go.sum'])}\n--\n${JSON.stringify(helperEnv(ctx.rawEnv))}`));
  await session.preload(await ctx.cache.used(usedKey));
  const modules: HelperModulesRequest = {
    goMod: 'go.mod',
    env: helperEnv(ctx.rawEnv),
    downloads: DOWNLOADS,
    sumdbDir: SUMDB_DIR,
    treeRoot: TREE_ROOT,
    trees: {},
    tidy: ctx.tidy,
    listOnly: ctx.listOnly ?? false,
    toolchain: ctx.toolchain,
  };
  const sumdbState = await ctx.cache.sumdbFiles();
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    ctx.signal?.throwIfAborted();
    const mounted: MemFiles = new Map(project);
    for (const [path, data] of session.downloads) mounted.set(`${DOWNLOADS}/${path}`, data);
    for (const [rel, data] of sumdbState) mounted.set(`${SUMDB_DIR}/${rel}`, data);
    for (const tree of session.trees.values()) for (const [p, d] of tree.files) mounted.set(p, d);
    modules.trees = Object.fromEntries([...session.trees].map(([k, t]) => [k, t.sum]));
    const { stdout, written } = await runHelperMounted(ctx.run, ctx.helper, 'load', mounted, { ...request, modules });
    const answer = parseLoadAnswer(stdout, PROJECT_ROOT);
    await session.keep(answer.modules, written, sumdbState);
    if ('need' in answer) {
      await session.satisfy(answer.need);
      continue;
    }
    if (answer.ok) await ctx.cache.putUsed(usedKey, session.requested);
    const modulesAnswer = answer.modules ?? { buildList: [], verified: [], warnings: [], vendor: false };
    return {
      result: answer,
      modules: modulesAnswer,
      depFiles: answer.ok ? session.depFiles(answer.packages) : {},
      fetched: { requests: session.requests, bytes: session.bytes },
      rounds: round,
    };
  }
  throw new Error(`module loading did not settle after ${MAX_ROUNDS} helper runs`);
}

function text(v: string | Uint8Array | undefined): string {
  return v === undefined ? '' : typeof v === 'string' ? v : new TextDecoder().decode(v);
}

function helperEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of HELPER_ENV_KEYS) if (env[k] !== undefined) out[k] = env[k]!;
  return out;
}

/** go.sum's zip hashes by "path version", to pick the matching cached zip. */
function goSumLines(sum: string | Uint8Array | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text(sum).split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 3 && f[2]!.startsWith('h1:')) out.set(`${f[0]} ${f[1]}`, f[2]!);
  }
  return out;
}

interface Tree {
  sum: string;
  files: MemFiles;
}

class DownloadSession {
  /** Protocol path (or path + ".error") → what is mounted under DOWNLOADS. */
  readonly downloads = new Map<string, Uint8Array>();
  /** "path@version" → a verified tree. */
  readonly trees = new Map<string, Tree>();
  readonly requested: string[] = [];
  requests = 0;
  bytes = 0;
  private progressLoaded = 0;
  private progressTotal = 0;

  constructor(private readonly ctx: ModuleLoadContext, private readonly gosum: Map<string, string>) {}

  /** Mounts from the cache what a previous build of the same requirements needed; never touches the network. */
  async preload(paths: string[]): Promise<void> {
    await Promise.all(
      paths.map(async (p) => {
        // Version lists only while fresh: a stale one is asked for again, and used stale only offline.
        if (await this.fromCache(p, true)) this.requested.push(p);
      }),
    );
  }

  async satisfy(paths: string[]): Promise<void> {
    const queue = [...paths];
    const worker = async (): Promise<void> => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        this.requested.push(p);
        if (await this.fromCache(p, true)) continue;
        await this.fromNetwork(p);
      }
    };
    await Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
  }

  /** True when the cache could answer p (a version list only while fresh, unless offline). */
  private async fromCache(p: string, fresh = false): Promise<boolean> {
    const f = parseProtocolPath(p);
    if (!f) return false;
    const cache = this.ctx.cache;
    if (f.kind === 'zip') {
      const key = `${f.path}@${f.version}`;
      if (this.trees.has(key)) return true;
      const memo = this.ctx.trees.get(key);
      if (memo) {
        this.trees.set(key, memo);
        return true;
      }
      const hit = await cache.getZip(f.path, f.version, this.gosum.get(`${f.path} ${f.version}`));
      if (!hit) return false;
      const tree = { sum: hit.sum, files: extractTree(f.path, f.version, hit.zip) };
      this.trees.set(key, tree);
      this.ctx.trees.set(key, tree);
      return true;
    }
    if (f.kind === 'mod' || f.kind === 'retract') {
      // A retraction read may use a go.mod the helper verified: it is the same file, checked.
      const data = f.kind === 'mod' ? await cache.getMod(f.path, f.version) : ((await cache.getRetract(f.path, f.version)) ?? (await cache.getMod(f.path, f.version)));
      if (data) this.downloads.set(p, data);
      return !!data;
    }
    if (f.kind === 'list' || f.kind === 'latest') {
      const hit = await cache.getList(p);
      if (hit && (!fresh || hit.ageMs < LIST_TTL_MS)) {
        this.downloads.set(p, hit.data);
        return true;
      }
    }
    return false;
  }

  private async fromNetwork(p: string): Promise<void> {
    const f = parseProtocolPath(p);
    const label = f ? describe(f) : p;
    let seen = 0;
    let announced = 0;
    const progress = (loaded: number, total: number | undefined): void => {
      this.progressLoaded += loaded - seen;
      seen = loaded;
      const size = total ?? loaded;
      this.progressTotal += Math.max(0, size - announced);
      announced = Math.max(announced, size);
      this.ctx.onProgress?.({
        kind: 'download',
        file: label,
        fileLoaded: loaded,
        fileTotal: size,
        loaded: this.progressLoaded,
        total: Math.max(this.progressTotal, this.progressLoaded),
        // One line per file for the CLI: the event that completes it.
        ...(loaded >= size ? { message: `fetching ${label} · ${formatSize(size)}` } : {}),
      });
    };
    const out = await this.ctx.fetcher.get(p, this.ctx.signal, progress);
    this.requests++;
    if ('error' in out) {
      // Offline, a stale version list still lets the build go on.
      if (f && (f.kind === 'list' || f.kind === 'latest') && !out.error.notExist) {
        const stale = await this.ctx.cache.getList(p);
        if (stale) {
          this.downloads.set(p, stale.data);
          return;
        }
      }
      this.downloads.set(`${p}.error`, new TextEncoder().encode(JSON.stringify(out.error)));
      return;
    }
    this.bytes += out.data.length;
    this.downloads.set(p, out.data);
    if (f && (f.kind === 'list' || f.kind === 'latest')) await this.ctx.cache.putList(p, out.data);
    if (f?.kind === 'retract') await this.ctx.cache.putRetract(f.path, f.version, out.data);
  }

  /** Keeps what the helper verified (zips as trees and in the cache, .mod files) and the checksum database state it wrote. */
  async keep(answer: ModulesAnswer | undefined, written: MemFiles, sumdbState: Map<string, Uint8Array>): Promise<void> {
    const cache = this.ctx.cache;
    const trees = writtenTrees(written);
    for (const v of answer?.verified ?? []) {
      const key = `${v.path}@${v.version}`;
      if (v.kind === 'mod') {
        const p = protocolFile('mod', v.path, v.version);
        const data = this.downloads.get(p);
        if (data) await cache.putMod(v.path, v.version, data);
        continue;
      }
      const zipPath = protocolFile('zip', v.path, v.version);
      const zip = this.downloads.get(zipPath);
      const files = trees.get(key);
      if (!files) continue;
      const tree = { sum: v.sum, files };
      this.trees.set(key, tree);
      this.ctx.trees.set(key, tree);
      if (zip) {
        await cache.putZip(v.path, v.version, v.sum, zip);
        this.downloads.delete(zipPath);
      }
    }
    for (const [file, data] of written) {
      if (!file.startsWith(`${SUMDB_DIR}/`)) continue;
      const rel = file.slice(SUMDB_DIR.length + 1);
      sumdbState.set(rel, data);
      await cache.putSumdbFile(rel, data);
    }
  }

  /** The files the planner needs from module trees: each dependency package's sources and embeds. */
  depFiles(packages: LoadedPackage[]): ProjectFiles {
    const all = new Map<string, Uint8Array>();
    for (const t of this.trees.values()) for (const [p, d] of t.files) all.set(p, d);
    const out: ProjectFiles = {};
    for (const pkg of packages) {
      if (!pkg.module || !pkg.dir.startsWith(`${TREE_ROOT}/`)) continue;
      for (const f of [...pkg.goFiles, ...pkg.sFiles, ...pkg.hFiles]) {
        const data = all.get(`${pkg.dir}/${f}`);
        if (data) out[`${pkg.dir}/${f}`] = data;
      }
      for (const f of Object.values(pkg.embedFiles).flat()) {
        const data = all.get(f);
        if (data) out[f] = data;
      }
    }
    return out;
  }
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

