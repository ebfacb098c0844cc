// Which bundled Go builds a project, as close as the bundles allow to what
// the go command and Vercel would run. go.mod's toolchain line wins over its
// go line; since Go 1.21 both are minimums, so a newer toolchain builds an
// older module (with the module's -lang and GODEBUG defaults, which the
// planner takes from the go line, not from the toolchain). In order:
//   1. the version asked for, when bundled;
//   2. else the newest bundled patch of that line at or above it;
//   3. else the oldest bundled toolchain newer than it (closest to Vercel's);
//   4. else an error naming what is bundled.
// A bare "go 1.X" counts as 1.X.0. No go.mod or no version: the newest bundle,
// as Vercel does.
import type { Diagnostic, GoModInfo, VersionChoice } from '../types.ts';
import { compareGoVersions, fetchableAsToolchain, firstRelease, goLine, isExactRelease, parseGoVersion } from './gover.ts';

export function newestFirst(versions: string[]): string[] {
  return [...versions].sort((a, b) => compareGoVersions(b, a));
}

export function chooseVersion(mod: GoModInfo, bundled: string[]): VersionChoice | { error: Diagnostic } {
  const available = newestFirst(bundled);
  const names = available.map((v) => 'go' + v).join(', ');
  if (available.length === 0) {
    return { error: { source: 'toolchain', message: 'no Go toolchain is bundled; build one with `npm run toolchain`' } };
  }
  // A toolchain line older than the go line asks for nothing more than the go line does.
  const useToolchain = mod.toolchain !== undefined && (mod.go === undefined || compareGoVersions(mod.toolchain, mod.go) >= 0);
  const from = useToolchain ? 'toolchain' : mod.go !== undefined ? 'go' : undefined;
  const requested = useToolchain ? mod.toolchain : mod.go;
  if (from === undefined || requested === undefined) {
    const newest = available[0]!;
    const why = mod.synthesized ? 'no go.mod' : 'go.mod has no go line';
    return {
      version: newest,
      how: 'default',
      reason: `${why} → using go${newest}`,
      note: `${why} · Vercel would build with its newest Go · using go${newest}, the newest bundled`,
    };
  }
  const line = from === 'toolchain' ? `toolchain go${requested}` : `go ${requested}`;
  const floor = firstRelease(requested);
  const base = { requested, from } as const;
  const asks = `go.mod asks for ${line}`;
  const vercel = `Vercel would build with ${isExactRelease(requested) ? `go${requested}` : `the newest go${goLine(requested)} patch`}`;

  if (isExactRelease(requested) && available.includes(floor)) {
    return { ...base, version: floor, how: 'exact', reason: `${asks} → using go${floor}`, note: `${asks} · using go${floor}, bundled` };
  }
  const want = parseGoVersion(floor);
  const samePatch = available.find((v) => {
    const p = parseGoVersion(v);
    return want && p && p.major === want.major && p.minor === want.minor && compareGoVersions(v, floor) >= 0;
  });
  if (samePatch) {
    return {
      ...base, version: samePatch, how: 'patch', reason: `${asks} → using go${samePatch}`,
      note: `${asks} · ${vercel} · using go${samePatch}, the newest bundled go${goLine(samePatch)} patch`,
    };
  }
  const newer = [...available].reverse().find((v) => compareGoVersions(v, floor) > 0);
  if (newer) {
    const keeps = mod.go !== undefined ? `; the module keeps its go ${mod.go} language version and GODEBUG defaults` : '';
    const add = fetchableAsToolchain(floor)
      ? ` (add it: \`npm run toolchain -- ${requested}\`)`
      : `; Go releases before 1.21 are not published as toolchains, so go${goLine(requested)} cannot be bundled`;
    return {
      ...base, version: newer, how: 'newer', reason: `${asks} → using go${newer}, the closest bundled`,
      note: `${asks} · ${vercel} · using go${newer}, the closest bundled${keeps}${add}`,
    };
  }
  return {
    error: {
      source: 'version',
      message: `go.mod asks for Go ${requested} (${line}), newer than every bundled toolchain (${names}); `
        + `bundle it with \`npm run toolchain -- ${requested}\`, or lower the ${from} line to one of those.`,
      location: { file: 'go.mod', line: (from === 'toolchain' ? mod.toolchainLine : mod.goLine) ?? 0, column: 1 },
    },
  };
}
