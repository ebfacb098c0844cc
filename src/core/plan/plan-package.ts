// One module package's step: [asm -gensymabis] → compile → [asm each .s →
// pack r], with the argv, generated files and key inputs cmd/go would use
// (cmd/go/internal/work/exec.go build(), gc.go gc()/asm()/symabis()).
import { KeyText } from './actionid.ts';
import { compileRecipe, hashSalt, releaseToolIds } from './go-action-id.ts';
import { moduleGoLine, moduleLine } from './plan-modules.ts';
import { BUILD_ID_ARG, type GeneratedFile, type Layout, type PlanInput, type PlannedAction, type PlanStep } from './plan-types.ts';
import type { LoadedPackage } from '../load/packages.ts';
import { sha256Hex } from '../bytes/sha256.ts';
import type { Diagnostic } from '../types.ts';

export interface PackageStepInput {
  input: PlanInput;
  layout: Layout;
  pkg: LoadedPackage;
  objdir: string;
  /** Direct imports in cmd/go's order (Package.Internal.Imports, unsafe included). */
  imports: string[];
  /** The main package's build info text, which its action ID hashes. */
  modinfo?: string;
  archiveOf: (importPath: string) => string | undefined;
  isModule: (importPath: string) => boolean;
  /** "-lang" value, e.g. "go1.22". */
  lang: string;
  /** What -trimpath rewrites the package directory to: the import path, or path@version/sub for dependency modules. */
  rewriteDir: string;
  env: Record<string, string>;
  /** Where cmd/go runs the compiler: the module root. */
  cwd: string;
  gcflags: string[];
  asmflags: string[];
}

export function packageStep(a: PackageStepInput): PlanStep | { error: Diagnostic } {
  const { input, layout, pkg, objdir } = a;
  const [goos, goarch] = input.target.split('/') as [string, string];
  const dir = packageDir(pkg, layout);
  // Files map keys: project-relative, or absolute for packages outside the project.
  const rel = (f: string): string => (pkg.dir === '' ? f : `${pkg.dir}/${f}`);
  const local = (f: string): string => (pkg.dir !== '' && f.startsWith(`${pkg.dir}/`) ? f.slice(pkg.dir.length + 1) : f);
  const abs = (f: string): string => `${dir}/${f}`;
  const work = objdir.replace(/\/$/, '');
  const trimpath = `${dir}=>${a.rewriteDir};${work}=>`;
  const pkgpath = pkg.name === 'main' ? 'main' : pkg.importPath;
  const archive = `${objdir}_pkg_.a`;
  const key = new KeyText().add('gofn-package-v1').add('go', input.goVersion).add('target', input.target).add('package', pkg.importPath);
  for (const [k, v] of Object.entries(a.env)) key.add('env', k, v);

  // Every project file the step reads is hashed into its key.
  const missing: string[] = [];
  const hashSource = (projectPath: string): void => {
    const data = input.files[projectPath];
    if (data === undefined) missing.push(projectPath);
    else key.addFile('file', projectPath, data);
  };
  for (const f of [...pkg.goFiles, ...pkg.sFiles, ...pkg.hFiles]) hashSource(rel(f));
  const embedFiles = [...new Set(Object.values(pkg.embedFiles).flat())].sort();
  for (const f of embedFiles) hashSource(f);
  if (missing.length > 0) {
    return { error: { source: 'load', message: `${pkg.importPath}: missing source file ${missing[0]}`, location: { file: missing[0]!, line: 0, column: 0 } } };
  }

  const actions: PlannedAction[] = [];
  const include = `${layout.goroot}/pkg/include`;
  const asmArgs = ['-p', pkgpath, '-trimpath', trimpath, '-I', objdir, '-I', include, '-D', `GOOS_${goos}`, '-D', `GOARCH_${goarch}`, ...a.asmflags];
  if (goarch === 'amd64') asmArgs.push('-D', 'GOAMD64_v1');
  const sAbs = pkg.sFiles.map(abs);
  const hAbs = pkg.hFiles.map(abs);
  if (pkg.sFiles.length > 0) {
    actions.push(action('asm', `asm -gensymabis ${pkg.importPath}`, ['asm', ...asmArgs, '-gensymabis', '-o', `${objdir}symabis`, ...sAbs], dir, [...sAbs, ...hAbs], [include], [{ path: `${objdir}go_asm.h`, contents: '' }], [`${objdir}symabis`]));
  }

  let importcfg = '# import config\n';
  const depArchives: string[] = [];
  const workInputs: PlanStep['key']['workInputs'] = [];
  for (const imp of a.imports.filter((i) => i !== 'unsafe')) {
    const file = a.archiveOf(imp)!;
    importcfg += `packagefile ${imp}=${file}\n`;
    depArchives.push(file);
    if (a.isModule(imp)) workInputs.push({ path: file, use: 'export' });
    else key.add('std', imp, file, input.bundleFiles?.[input.std[imp]!.archive]?.sha256 ?? '');
  }
  const generated: GeneratedFile[] = [{ path: `${objdir}importcfg`, contents: importcfg }];
  const embedPaths: string[] = [];
  if (pkg.embedPatterns.length > 0) {
    const cfg = embedcfg(pkg, dir);
    generated.push({ path: `${objdir}embedcfg`, contents: cfg });
    embedPaths.push(...embedFiles.map((f) => (f.startsWith('/') ? f : `${layout.src}/${f}`)));
  }
  const c = input.compileConcurrency ?? 1;
  const compileArgv = [
    'compile', '-o', archive, '-trimpath', trimpath, '-p', pkgpath, `-lang=${a.lang}`,
    ...(pkg.sFiles.length === 0 ? ['-complete'] : []),
    '-buildid', BUILD_ID_ARG,
    ...(goarch === 'wasm' ? ['-dwarf=false'] : []),
    '-goversion', `go${input.goVersion}`,
    ...(pkg.sFiles.length > 0 ? ['-symabis', `${objdir}symabis`] : []),
    ...(c > 1 ? [`-c=${c}`] : []),
    ...a.gcflags,
    '-nolocalimports', '-importcfg', `${objdir}importcfg`,
    ...(pkg.embedPatterns.length > 0 ? ['-embedcfg', `${objdir}embedcfg`] : []),
    '-pack',
    ...(pkg.sFiles.length > 0 ? ['-asmhdr', `${objdir}go_asm.h`] : []),
    ...pkg.goFiles.map(abs),
  ];
  const compileInputs = [...pkg.goFiles.map(abs), ...depArchives, ...embedPaths, ...(pkg.sFiles.length > 0 ? [`${objdir}symabis`] : [])];
  const compileOutputs = [archive, ...(pkg.sFiles.length > 0 ? [`${objdir}go_asm.h`] : [])];
  actions.push(action('compile', `compile ${pkg.importPath}`, compileArgv, a.cwd, compileInputs, [], generated, compileOutputs));

  if (pkg.sFiles.length > 0) {
    const copies = headerCopies(pkg.hFiles, objdir, abs, goos, goarch);
    const ofiles: string[] = [];
    pkg.sFiles.forEach((s, i) => {
      const ofile = `${objdir}${s.slice(0, -2)}.o`;
      ofiles.push(ofile);
      const inputs = [sAbs[i]!, ...hAbs, `${objdir}go_asm.h`, ...copies.map((g) => g.path)];
      actions.push(action('asm', `asm ${pkg.importPath} ${s}`, ['asm', ...asmArgs, '-o', ofile, sAbs[i]!], dir, inputs, [include], i === 0 ? copies : [], [ofile]));
    });
    actions.push(action('pack', `pack ${pkg.importPath}`, ['pack', 'r', archive, ...ofiles], dir, [archive, ...ofiles], [], [], [archive]));
  }

  for (const act of actions) {
    act.env = { ...a.env };
    key.add('argv', ...act.argv);
    for (const g of act.generated) key.add('generated', g.path, 'contents' in g ? g.contents : `copy of ${g.path}`);
  }
  const text = key.toString();
  const staticHash = sha256Hex(text);
  const deps = a.imports.filter((i) => a.isModule(i));
  const actionId = compileRecipe({
    salt: hashSalt(input.goVersion),
    goos,
    goarch,
    importPath: pkg.importPath,
    module: moduleLine(input, pkg.importPath),
    moduleGo: moduleGoLine(input, pkg.importPath),
    modinfo: a.modinfo,
    tools: input.toolIds ?? releaseToolIds(input.goVersion),
    gcflags: a.gcflags,
    asmflags: a.asmflags,
    hasAsm: pkg.sFiles.length > 0,
    files: [...pkg.goFiles, ...pkg.hFiles, ...pkg.sFiles].map((f) => ({ name: f, data: input.files[rel(f)]! }))
      .concat(embedFiles.map((f) => ({ name: local(f), data: input.files[f]! }))),
    deps: a.imports.map((i) => (i === 'unsafe' ? { importPath: i } : { importPath: i, archive: a.archiveOf(i)! })),
  });
  return { kind: 'package', importPath: pkg.importPath, objdir, output: archive, actions, deps, key: { text, staticHash, workInputs }, actionId };
}

/** Absolute directory of a package: project-relative dirs live under layout.src. */
export function packageDir(pkg: LoadedPackage, layout: Layout): string {
  if (pkg.dir.startsWith('/')) return pkg.dir;
  return pkg.dir === '' ? layout.src : `${layout.src}/${pkg.dir}`;
}

function action(tool: PlannedAction['tool'], label: string, argv: string[], cwd: string, inputs: string[], inputDirs: string[], generated: GeneratedFile[], outputs: string[]): PlannedAction {
  return { tool, label, argv, env: {}, cwd, inputs, inputDirs, generated, outputs };
}

// cmd/go copies x_GOOS_GOARCH.h-style headers to generic names in the object
// directory (which asm gets as -I) so that .s files can #include "x_GOARCH.h".
function headerCopies(hFiles: string[], objdir: string, abs: (f: string) => string, goos: string, goarch: string): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  for (const file of hFiles) {
    const dot = file.lastIndexOf('.');
    const name = dot < 0 ? file : file.slice(0, dot);
    const ext = dot < 0 ? '' : file.slice(dot + 1);
    const suffixes: [string, string][] = [[`_${goos}_${goarch}`, '_GOOS_GOARCH'], [`_${goarch}`, '_GOARCH'], [`_${goos}`, '_GOOS']];
    const hit = suffixes.find(([s]) => name.endsWith(s));
    if (hit) out.push({ path: `${objdir}${file.slice(0, name.length - hit[0].length)}${hit[1]}.${ext}`, copyOf: abs(file) });
  }
  return out;
}

/** The -embedcfg JSON, formatted as encoding/json.MarshalIndent(v, "", "\t") does. */
export function embedcfg(pkg: LoadedPackage, dir: string): string {
  const prefix = pkg.dir === '' ? '' : `${pkg.dir}/`;
  const local = (f: string): string => (f.startsWith(prefix) ? f.slice(prefix.length) : f);
  const patterns: Record<string, string[]> = {};
  const files: Record<string, string> = {};
  for (const [pattern, matched] of Object.entries(pkg.embedFiles)) {
    patterns[pattern] = matched.map(local);
    for (const f of matched) files[local(f)] = `${dir}/${local(f)}`;
  }
  const obj = (m: Record<string, string | string[]>, indent: string): string => {
    const keys = Object.keys(m).sort(compareUtf8);
    if (keys.length === 0) return '{}';
    const inner = `${indent}\t`;
    const entries = keys.map((k) => {
      const v = m[k]!;
      const value = typeof v === 'string' ? goJSONString(v) : v.length === 0 ? '[]' : `[\n${v.map((x) => `${inner}\t${goJSONString(x)}`).join(',\n')}\n${inner}]`;
      return `${inner}${goJSONString(k)}: ${value}`;
    });
    return `{\n${entries.join(',\n')}\n${indent}}`;
  };
  return `{\n\t"Patterns": ${obj(patterns, '\t')},\n\t"Files": ${obj(files, '\t')}\n}`;
}

/** encoding/json string encoding: HTML-safe, U+2028/2029 escaped. */
export function goJSONString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Go sorts map keys as byte strings; for UTF-16 JS strings that equals code point order.
function compareUtf8(x: string, y: string): number {
  const a = [...x].map((c) => c.codePointAt(0)!);
  const b = [...y].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
