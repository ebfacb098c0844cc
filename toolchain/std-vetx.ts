// The standard library's vet facts per target. go vet runs the vet tool on
// every dependency of a vetted package, std included, in "facts only" mode
// (VetxOnly), and hands each package the facts of its imports: that is how
// lostcancel knows log.Fatal never returns, for instance. The bundle has no
// std sources, so the facts are computed here, with the native vet of the
// same Go version over the same archives, package by package in dependency
// order, exactly as go vet configures those runs. Packages without facts get
// no file (vet reads a missing facts file as "no facts").
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Target } from '../src/core/types.ts';
import { formatVetConfig, stdVetxPath, STD_VET_FLAGS, vetConfig } from '../src/core/vet/vet-config.ts';
import type { GoCommand } from './go-command.ts';
import type { ListedPackage } from './std-list.ts';

export interface StdVetxOptions {
  go: GoCommand;
  /** "1.26.8" */
  version: string;
  target: Target;
  /** Packages with archives, dependencies first, as listStd returns them. */
  listed: ListedPackage[];
  /** The native vet tool of that Go version (`go tool -n vet`). */
  vetTool: string;
  scratch: string;
}

/** Bundle path → facts file, for the packages that have facts. */
export async function stdVetx(o: StdVetxOptions): Promise<Map<string, string>> {
  const [goos, goarch] = o.target.split('/') as [string, string];
  const dir = join(o.scratch, `vetx-${goos}_${goarch}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const byPath = new Map(o.listed.map((p) => [p.ImportPath, p]));
  const facts = new Map<string, string>();
  const out = new Map<string, string>();
  for (const [i, p] of o.listed.entries()) {
    if (!p.Dir || !p.GoFiles?.length) continue;
    const cfg = vetConfig({
      ImportPath: p.ImportPath,
      Dir: p.Dir,
      GoFiles: p.GoFiles.map((f) => join(p.Dir!, f)),
      NonGoFiles: (p.SFiles ?? []).map((f) => join(p.Dir!, f)),
      VetxOnly: true,
      VetxOutput: join(dir, `${i}.vetx`),
      Stdout: join(dir, `${i}.stdout`),
      GoVersion: `go${o.version}`,
    });
    for (const imp of p.Imports ?? []) {
      cfg.ImportMap[imp] = imp;
      cfg.Standard[imp] = true;
      const dep = byPath.get(imp);
      if (dep?.Export) cfg.PackageFile[imp] = dep.Export;
      const vetx = facts.get(imp);
      if (vetx) cfg.PackageVetx[imp] = vetx;
    }
    for (const [raw, final] of Object.entries(p.ImportMap ?? {})) cfg.ImportMap[raw] = final;
    const cfgFile = join(dir, `${i}.cfg`);
    await writeFile(cfgFile, formatVetConfig(cfg));
    await o.go.exec(o.vetTool, [...STD_VET_FLAGS, cfgFile], { cwd: p.Dir, env: { GOOS: goos, GOARCH: goarch, TERM: 'dumb' } });
    facts.set(p.ImportPath, cfg.VetxOutput);
    const bytes = await readFile(cfg.VetxOutput);
    if (bytes.length > 0) out.set(stdVetxPath(o.target, p.ImportPath), cfg.VetxOutput);
  }
  return out;
}
