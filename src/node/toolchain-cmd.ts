// `gofn toolchain build [versions…]` and `gofn toolchain list`: the bundles in
// toolchains/ that the engine downloads from.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildToolchain, type BuiltToolchain } from '../../toolchain/bundle.ts';
import { summarize, formatSummary } from '../../toolchain/sizes.ts';
import { readIndex, readManifest } from '../../toolchain/toolchain-index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'toolchains');
const usage = 'usage: gofn toolchain build [host|1.X.Y|go1.X.Y|1.X (its newest release)]...\n       gofn toolchain list';

export async function toolchainCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'build') return build(rest);
  if (sub === 'list') return list();
  console.error(usage);
  return sub === undefined || sub === '--help' || sub === '-h' ? 0 : 2;
}

async function build(specs: string[]): Promise<number> {
  if (specs.length === 0) {
    specs = (JSON.parse(await readFile(join(root, 'toolchain/versions.json'), 'utf8')) as { default: string[] }).default;
  }
  const started = performance.now();
  const log = (line: string): void => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const built: BuiltToolchain[] = [];
  for (const spec of specs) {
    try {
      const b = await buildToolchain(spec, { root, outDir, workDir: join(root, '.cache/toolchain-build'), log });
      log(`go${b.version}: done in ${(b.ms / 1000).toFixed(1)} s; ${b.objectsWritten} objects written, ${b.objectsReused} reused → ${b.manifestPath}`);
      built.push(b);
    } catch (e) {
      console.error(`gofn toolchain build ${spec}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }
  for (const b of built) console.log(formatSummary(summarize(b.manifest)));
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s for ${built.map((b) => 'go' + b.version).join(', ')}`);
  const warnings = built.flatMap((b) => b.warnings);
  for (const w of warnings) console.error(`warning: ${w}`);
  return warnings.length > 0 ? 1 : 0;
}

async function list(): Promise<number> {
  const entries = await readIndex(outDir).catch(() => undefined);
  if (!entries || entries.length === 0) {
    console.error(`no toolchain bundles in ${outDir}; build them with \`npm run toolchain\``);
    return 1;
  }
  for (const entry of entries) console.log(formatSummary(summarize(await readManifest(outDir, entry))));
  return 0;
}
