// The engine as Node hosts use it: toolchain bundles from the local toolchains/
// folder, the store (toolchain files and action cache) on disk.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../core/engine.ts';
import type { Engine } from '../core/types.ts';
import { diskStore, localFetcher } from './host.ts';
import { MODULE_ENV_KEYS } from '../core/modules/env.ts';
import { VCS_ENV_KEYS } from '../core/vcs/direct.ts';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface NodeEngineOptions {
  /** Folder holding index.json, go<ver>/ and objects/ (default: the repository's toolchains/). */
  toolchains?: string;
  /** Where the store lives (default: .cache/store in the repository, or $GOFN_CACHE). */
  cacheDir?: string;
}

export function nodeEngine(opts: NodeEngineOptions = {}): Engine {
  const toolchains = opts.toolchains ?? process.env['GOFN_TOOLCHAINS'] ?? resolve(repoRoot, 'toolchains');
  const cacheDir = opts.cacheDir ?? process.env['GOFN_CACHE'] ?? resolve(repoRoot, '.cache/store');
  return createEngine({
    fetcher: localFetcher(toolchains),
    store: diskStore(cacheDir),
    toolchainBase: '',
    // go's own default: a path the proxy does not have is fetched from its repository.
    goproxy: 'https://proxy.golang.org,direct',
    // The go command's own settings in the environment apply here as they would to go;
    // GIT_CREDENTIALS and GOFN_HOST_MAP too, so the secret need not be on the command line.
    moduleEnv: Object.fromEntries([...MODULE_ENV_KEYS, ...VCS_ENV_KEYS].filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])),
  });
}
