// Which bundled Go builds a project: go.mod's toolchain line wins over its go
// line; a bare "1.X" takes the newest bundled 1.X; "1.X.Y" takes that patch or
// the newest bundled patch above it; no version at all takes the newest bundle.
import type { Diagnostic, GoModInfo, VersionChoice } from '../types.ts';

type Parsed = [major: number, minor: number, patch: number];

export function parseVersion(v: string): Parsed | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? -1 : Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

export function newestFirst(versions: string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(b, a));
}

export function chooseVersion(mod: GoModInfo, bundled: string[]): VersionChoice | { error: Diagnostic } {
  const available = newestFirst(bundled);
  if (available.length === 0) {
    return { error: { source: 'toolchain', message: 'no Go toolchain is bundled; build one with `npm run toolchain`' } };
  }
  const fromToolchain = mod.toolchain !== undefined;
  const requested = mod.toolchain ?? mod.go;
  if (requested === undefined) {
    const why = mod.synthesized ? 'no go.mod' : 'go.mod names no Go version';
    return { version: available[0]!, reason: `${why} → using the newest bundled go${available[0]}` };
  }
  const want = parseVersion(requested);
  const line = fromToolchain ? `toolchain go${requested}` : `go ${requested}`;
  const match = want && available.find((v) => {
    const p = parseVersion(v)!;
    return p[0] === want[0] && p[1] === want[1] && p[2] >= want[2];
  });
  if (!match) {
    return {
      error: {
        source: 'version',
        message: `go.mod asks for Go ${requested} (${line}), and no bundled toolchain provides it; bundled: ${available.map((v) => 'go' + v).join(', ')}. Change the ${fromToolchain ? 'toolchain' : 'go'} line to one of those, or bundle it with \`npm run toolchain -- ${requested}\`.`,
        location: { file: 'go.mod', line: (fromToolchain ? mod.toolchainLine : mod.goLine) ?? 0, column: 1 },
      },
    };
  }
  return { version: match, requested, reason: `go.mod asks for ${requested}${fromToolchain ? ' (toolchain line)' : ''} → using go${match}` };
}
