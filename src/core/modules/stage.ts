// The modules stage as the engine uses it: one per engine, holding the
// module cache, the in-memory trees and the host's module settings, and
// loading a project's packages with its dependency modules.
import type { BlobStore, Fetcher, ModulesReport, ProjectFiles } from '../types.ts';
import { moduleEnv, MODULE_ENV_KEYS } from './env.ts';
import { ModuleCache } from './module-cache.ts';
import { ModuleFetcher } from './proxy-client.ts';
import { DirectMode, VCS_ENV_KEYS } from '../vcs/direct.ts';
import { loadWithModules, type ModuleLoadContext, type ModuleLoadOutcome } from './resolve.ts';
import { TreeCache } from './tree-cache.ts';

export interface ModuleStageHost {
  fetcher: Fetcher;
  store: BlobStore;
  /** GOPROXY when the build env sets none. */
  goproxy: string;
  /** Module settings of the host's environment, under the build env. */
  moduleEnv?: Record<string, string>;
  /** The app's same-origin git pass-through for direct mode (browsers); unset in Node. */
  gitPassThrough?: string;
}

/** What one load needs besides the stage's own parts; env is the build env (vercel.json build.env under the request's env). */
export type ModuleLoadOptions = Pick<ModuleLoadContext, 'run' | 'helper' | 'toolchain' | 'tidy' | 'listOnly' | 'onProgress' | 'signal'> & {
  env: Record<string, string>;
};

export class ModuleStage {
  private readonly cache: ModuleCache;
  private readonly trees = new TreeCache();
  /** Private modules from their repositories (GOPRIVATE, GONOPROXY, GOPROXY=direct). */
  private readonly direct: DirectMode;

  constructor(private readonly host: ModuleStageHost) {
    this.cache = new ModuleCache(host.store);
    this.direct = new DirectMode({ fetcher: host.fetcher, gitPassThrough: host.gitPassThrough });
  }

  /** The host's module settings with the build's env over them. */
  env(buildEnv: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of [...MODULE_ENV_KEYS, ...VCS_ENV_KEYS]) if (this.host.moduleEnv?.[k] !== undefined) out[k] = this.host.moduleEnv[k]!;
    return { ...out, ...buildEnv };
  }

  async load(files: ProjectFiles, request: Record<string, unknown>, opts: ModuleLoadOptions): Promise<ModuleLoadOutcome & { report: ModulesReport }> {
    const rawEnv = this.env(opts.env);
    const env = moduleEnv(rawEnv, { goproxy: this.host.goproxy });
    const outcome = await loadWithModules(files, request, {
      run: opts.run,
      helper: opts.helper,
      fetcher: new ModuleFetcher({ fetcher: this.host.fetcher, env, direct: this.direct.forBuild({ env: rawEnv, signal: opts.signal }) }),
      cache: this.cache,
      trees: this.trees,
      env,
      rawEnv,
      toolchain: opts.toolchain,
      tidy: opts.tidy,
      listOnly: opts.listOnly,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    const m = outcome.modules;
    const report: ModulesReport = {
      buildList: m.buildList,
      fetched: outcome.fetched,
      rounds: outcome.rounds,
      warnings: m.warnings,
      vendor: m.vendor,
      ...(m.proposal ? { proposal: m.proposal } : {}),
    };
    return { ...outcome, report };
  }
}
