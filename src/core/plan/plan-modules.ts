// Which module a package belongs to decides its -lang, its -trimpath
// rewrite and the build info's dep lines (cmd/go: work/gc.go, load/pkg.go).
import type { ModuleVersion } from './buildinfo.ts';
import { compareGoVersions, langVersion } from '../project/gover.ts';
import { DEFAULT_GO_MOD_VERSION } from './godebug.ts';
import type { PlanInput } from './plan-types.ts';

// A synthesized go.mod is written with the toolchain's go line (gomod.ts
// synthesizedGoMod), so the native build sees that version, not "no go line".
export function mainModuleGoVersion(input: PlanInput): string | undefined {
  if (input.gomod.go !== undefined) return input.gomod.go;
  if (input.gomod.synthesized) return langVersion(input.goVersion);
  return undefined;
}

// -lang: the package's module's go version (go1.16 without a go line), or the
// toolchain's when that is older (work.allowedVersion).
export function langFlag(input: PlanInput, path: string, mainGo: string | undefined): string {
  const m = input.modules?.[path];
  let v = (m ? m.goVersion : mainGo) ?? DEFAULT_GO_MOD_VERSION;
  if (compareGoVersions(input.goVersion, v) < 0) v = input.goVersion;
  return `go${langVersion(v)}`;
}

// Work.trimpath: module-cache packages become path@version/sub, main-module ones their import path.
export function rewriteDir(input: PlanInput, path: string): string {
  const m = input.modules?.[path];
  return m && m.version !== '' ? `${m.path}@${m.version}${path.slice(m.path.length)}` : path;
}

// load.setBuildInfo: every module (but the main one) with a package in the link, by path then version.
export function depModules(input: PlanInput, closure: string[]): ModuleVersion[] {
  const byKey = new Map<string, ModuleVersion>();
  for (const path of closure) {
    const m = input.modules?.[path];
    if (!m || m.path === input.gomod.module) continue;
    const key = `${m.path}@${m.version}`;
    if (byKey.has(key)) continue;
    const dm: ModuleVersion = { path: m.path, version: m.version === '' ? '(devel)' : m.version, sum: '' };
    if (m.replace) dm.replace = { path: m.replace.path, version: m.replace.version === '' ? '(devel)' : m.replace.version, sum: m.replace.sum ?? '' };
    else dm.sum = m.sum ?? '';
    byKey.set(key, dm);
  }
  // Minimal version selection leaves one version per path, so the path orders them.
  return [...byKey.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// The module line of a package's action ID under -trimpath (exec.go
// buildActionID): path@version of its module, the main module's without a version.
export function moduleLine(input: PlanInput, path: string): string {
  const m = input.modules?.[path];
  return m ? `${m.path}@${m.version}` : `${input.gomod.module}@`;
}

// The go line of a package's action ID: its module's go.mod go version as
// modload records it ("" for a dependency whose go.mod has none; the main
// module without one counts as go 1.16).
export function moduleGoLine(input: PlanInput, path: string): string {
  const m = input.modules?.[path];
  if (m) return m.goVersion ?? '';
  return mainModuleGoVersion(input) ?? DEFAULT_GO_MOD_VERSION;
}
