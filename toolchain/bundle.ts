// Builds the toolchain bundle of one Go version with the native `go`: the
// WASI tools, the precompiled standard library per target, asm headers and the
// GODEBUG table, written as a manifest plus content-addressed gzip objects.
// Build-time only; the engine reads the result through src/core/bundles/bundle.ts.
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, parse, resolve } from 'node:path';
import type { BundleFile, BundleManifest, StdPackage, Target } from '../src/core/types.ts';
import { BUNDLE_FORMAT, prefetchFiles } from '../src/core/bundles/bundle.ts';
import { GoCommand, parseVersionSpec, resolveVersionSpec } from './go-command.ts';
import { readGodebugs } from './godebugs.ts';
import { mapLimit, ObjectWriter } from './objects.ts';
import { listStd, sortRecord, targets } from './std-list.ts';
import { stdVetx } from './std-vetx.ts';
import { writeIndex } from './toolchain-index.ts';
import { readToolIds } from './tool-ids.ts';

export const tools = ['compile', 'link', 'asm', 'pack', 'gofmt', 'vet'] as const;
export const helperName = 'gofn-helper';

export interface BuildOptions {
  /** The repository root (holds toolchain/helper when it exists). */
  root: string;
  /** Where bundles go: <outDir>/go<ver>/manifest.json, <outDir>/objects/. */
  outDir: string;
  /** Scratch space for go outputs. */
  workDir: string;
  /** Where the gzip objects go; <outDir>/objects unless set. */
  objectsDir?: string;
  log: (line: string) => void;
}

export interface BuiltToolchain {
  version: string;
  manifest: BundleManifest;
  manifestPath: string;
  ms: number;
  objectsWritten: number;
  objectsReused: number;
  /** Parts that could not be built; the bundle was written without them. */
  warnings: string[];
}

/** Builds one version and rewrites the index; returns what was written. */
export async function buildToolchain(spec: string, opts: BuildOptions): Promise<BuiltToolchain> {
  const started = performance.now();
  const go = new GoCommand(parseVersionSpec(await resolveVersionSpec(spec)));
  const scratch = resolve(opts.workDir);
  await mkdir(scratch, { recursive: true });
  // go runs inside GOROOT: a go.mod above the working directory would put its
  // go line's DefaultGODEBUG into the tools (measured), and GOROOT has none.
  const fsRoot = parse(scratch).root;
  const env = await go.goEnv(fsRoot, 'GOVERSION', 'GOROOT', 'GOHOSTOS', 'GOHOSTARCH');
  const goroot = env.GOROOT!;
  const version = env.GOVERSION!.replace(/^go/, '');
  if (go.version.gotoolchain !== 'local' && `go${version}` !== go.version.gotoolchain) {
    throw new Error(`GOTOOLCHAIN=${go.version.gotoolchain} ran go${version}`);
  }
  const host = await new GoCommand(parseVersionSpec('host')).goEnv(fsRoot, 'GOVERSION');
  opts.log(`go${version}: GOROOT ${goroot}`);

  const sources = new Map<string, string>();
  const binDir = join(scratch, `go${version}`, 'bin');
  await rm(binDir, { recursive: true, force: true });
  await mkdir(binDir, { recursive: true });
  opts.log(`go${version}: building ${tools.join(', ')} for wasip1/wasm`);
  const wasm = { GOOS: 'wasip1', GOARCH: 'wasm', CGO_ENABLED: '0' };
  await go.run({ args: ['build', '-trimpath', '-o', binDir + '/', ...tools.map((t) => `cmd/${t}`)], cwd: join(goroot, 'src', 'cmd'), env: wasm });
  for (const t of tools) sources.set(`bin/${t}.wasm`, join(binDir, t));
  const helperDir = join(opts.root, 'toolchain', 'helper');
  const warnings: string[] = [];
  if (existsSync(helperDir)) {
    opts.log(`go${version}: building toolchain/helper`);
    const out = join(binDir, `${helperName}.wasm`);
    try {
      const src = await helperSources(helperDir, goroot, version, join(scratch, `go${version}`, 'helper-src'));
      await go.run({ args: ['build', '-trimpath', '-buildvcs=false', '-o', out, '.'], cwd: src, env: { ...wasm, GOFLAGS: '-buildvcs=false -mod=mod', GOPROXY: 'off' } });
      sources.set(`bin/${helperName}.wasm`, out);
    } catch (e) {
      // The rest of the bundle is still worth writing; the caller reports the failure.
      warnings.push(`go${version}: toolchain/helper did not build, so the bundle has no bin/${helperName}.wasm: ${e instanceof Error ? e.message : String(e)}`);
      opts.log(warnings.at(-1)!);
    }
  }

  const std = {} as Record<Target, Record<string, StdPackage>>;
  const toolIds: NonNullable<BundleManifest['toolIds']> = {};
  const vetTool = (await go.run({ args: ['tool', '-n', 'vet'], cwd: fsRoot })).toString().trim();
  for (const target of targets) {
    toolIds[target] = await readToolIds(go, target, join(goroot, 'src'));
    const t0 = performance.now();
    const listed = await listStd(go, target, join(goroot, 'src'));
    std[target] = listed.packages;
    for (const [path, file] of listed.sources) sources.set(path, file);
    opts.log(`go${version}: std for ${target}: ${Object.keys(listed.packages).length} packages (${seconds(t0)})`);
    const t1 = performance.now();
    const facts = await stdVetx({ go, version, target, listed: listed.listed, vetTool, scratch: join(scratch, `go${version}`) });
    for (const [path, file] of facts) sources.set(path, file);
    opts.log(`go${version}: vet facts for ${target}: ${facts.size} packages have facts (${seconds(t1)})`);
  }
  const include = join(goroot, 'pkg', 'include');
  for (const h of (await readdir(include)).filter((f) => f.endsWith('.h')).sort()) sources.set(`pkg/include/${h}`, join(include, h));

  const objects = new ObjectWriter(opts.objectsDir ?? join(opts.outDir, 'objects'));
  const paths = [...sources.keys()].sort();
  const entries = await mapLimit(paths, 2, (p) => objects.putFile(sources.get(p)!));
  const files: Record<string, BundleFile> = {};
  paths.forEach((p, i) => (files[p] = entries[i]!));

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    goVersion: version,
    builtBy: `${host.GOVERSION} ${env.GOHOSTOS}/${env.GOHOSTARCH} with GOTOOLCHAIN=${go.version.gotoolchain}; go build -trimpath, CGO_ENABLED=0, GOAMD64=v1, GOARM64=v8.0`,
    files: sortRecord(files),
    std,
    godebugs: await readGodebugs(goroot),
    toolIds,
  };
  // The first visit's files (tools and the preview's std closure) also as brotli.
  const t2 = performance.now();
  const firstVisit = prefetchFiles(manifest, ['wasip1/wasm']);
  await mapLimit(firstVisit, 2, (p) => objects.putBrotli(files[p]!.sha256, sources.get(p)!));
  if (objects.brotliWritten) opts.log(`go${version}: ${objects.brotliWritten} brotli objects for a first visit (${seconds(t2)})`);
  const manifestPath = join(opts.outDir, `go${version}`, 'manifest.json');
  await mkdir(join(opts.outDir, `go${version}`), { recursive: true });
  // Readers may be fetching the old manifest right now; a rename swaps it whole.
  await writeFile(`${manifestPath}.${process.pid}.tmp`, serializeManifest(manifest));
  await rename(`${manifestPath}.${process.pid}.tmp`, manifestPath);
  await writeIndex(opts.outDir);
  return { version, manifest, manifestPath, ms: performance.now() - started, objectsWritten: objects.written, objectsReused: objects.reused, warnings };
}

/** One line per file and per std package keeps the manifest diffable and small. */
export function serializeManifest(m: BundleManifest): string {
  const block = (record: Record<string, unknown>, indent: string): string =>
    '{\n' + Object.entries(record).map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + `\n${indent.slice(2)}}`;
  const stdBlocks = Object.entries(m.std).map(([t, pkgs]) => `    ${JSON.stringify(t)}: ${block(pkgs, '      ')}`);
  return [
    '{',
    `  "format": ${m.format},`,
    `  "goVersion": ${JSON.stringify(m.goVersion)},`,
    `  "builtBy": ${JSON.stringify(m.builtBy)},`,
    `  "files": ${block(m.files, '    ')},`,
    `  "std": {\n${stdBlocks.join(',\n')}\n  },`,
    `  "godebugs": [\n${m.godebugs.map((g) => `    ${JSON.stringify(g)}`).join(',\n')}\n  ]${m.toolIds ? ',' : ''}`,
    ...(m.toolIds ? [`  "toolIds": ${block(m.toolIds, '    ')}`] : []),
    '}',
    '',
  ].join('\n');
}

/**
 * The helper's sources set up to build against golang.org/x/mod as vendored
 * in this Go version's own cmd/go (GOROOT/src/cmd/vendor): go.mod parsing,
 * zip rules and checksum-database code are then exactly that go command's,
 * and the build needs no network.
 */
async function helperSources(dir: string, goroot: string, version: string, out: string): Promise<string> {
  // The toolchain's own language version: its vendored copy may use any of it.
  const lang = version.split('.').slice(0, 2).join('.');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const files = (await readdir(dir)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort();
  if (files.length === 0) throw new Error(`${dir} has no Go files`);
  for (const f of files) await cp(join(dir, f), join(out, f));
  const xmod = join(goroot, 'src', 'cmd', 'vendor', 'golang.org', 'x', 'mod');
  if (!existsSync(xmod)) throw new Error(`${xmod} is missing: this Go version does not vendor golang.org/x/mod`);
  await cp(xmod, join(out, 'xmod'), { recursive: true });
  await makeWritable(join(out, 'xmod')); // GOROOTs in the module cache are read-only
  await writeFile(join(out, 'xmod', 'go.mod'), `module golang.org/x/mod\n\ngo ${lang}\n`);
  await writeFile(join(out, 'go.mod'), `module gofn.dev/helper\n\ngo ${lang}\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ./xmod\n`);
  return out;
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await makeWritable(join(dir, e.name));
    else await chmod(join(dir, e.name), 0o644);
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
