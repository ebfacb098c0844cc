// The default GODEBUG a main package is linked with, as cmd/go computes it
// (cmd/go/internal/load/godebug.go): settings whose default changed after the
// main module's go version keep their old value, then go.mod `godebug` lines
// and the main package's //go:debug directives are applied on top.
import type { GodebugSetting } from '../types.ts';
import { isValidGoVersion } from '../project/gover.ts';

/** go.mod without a go line means Go 1.16 (gover.DefaultGoModVersion). */
export const DEFAULT_GO_MOD_VERSION = '1.16';

export interface GodebugInput {
  /** The main module's go version ("1.21", "1.22.3"); undefined when go.mod has no go line. */
  goVersion: string | undefined;
  /** The toolchain's table (BundleManifest.godebugs). */
  table: GodebugSetting[];
  /** go.mod `godebug key=value` directives, in file order. */
  modGodebug?: { key: string; value: string }[];
  /** Comment lines of the main package before its package clause (only //go:debug ones count). */
  directives?: string[];
}

export function defaultGodebug(input: GodebugInput): string {
  let goVersion = input.goVersion ?? DEFAULT_GO_MOD_VERSION;
  let m: Map<string, string> | undefined;
  for (const g of input.modGodebug ?? []) (m ??= new Map()).set(g.key, g.value);
  for (const line of input.directives ?? []) {
    const kv = parseGoDebugDirective(line);
    if (kv) (m ??= new Map()).set(kv.key, kv.value);
  }
  const def = m?.get('default');
  if (m && def !== undefined) {
    m.delete('default');
    const v = def.startsWith('go') ? def.slice(2) : def;
    if (isValidGoVersion(v)) goVersion = v;
  }
  const defaults = godebugForGoVersion(goVersion, input.table);
  if (defaults) {
    for (const [k, v] of m ?? []) defaults.set(k, v);
    m = defaults;
  }
  if (!m) return '';
  return [...m.keys()]
    .sort()
    .map((k) => `${k}=${m.get(k)}`)
    .join(',');
}

/** "//go:debug key=value" → {key, value}; undefined for other lines or malformed ones. */
export function parseGoDebugDirective(text: string): { key: string; value: string } | undefined {
  if (!text.startsWith('//go:debug')) return undefined;
  const i = text.search(/[ \t]/);
  if (i < 0) return undefined;
  const body = text.slice(i).trim();
  const eq = body.indexOf('=');
  if (eq < 0) return undefined;
  return { key: body.slice(0, eq), value: body.slice(eq + 1) };
}

function godebugForGoVersion(version: string, table: GodebugSetting[]): Map<string, string> | undefined {
  let v = version;
  const parts = v.split('.');
  if (parts.length >= 3) v = `${parts[0]}.${parts[1]}`;
  if (!v.startsWith('1.')) return undefined;
  // strconv.Atoi: an optional sign and decimal digits only.
  const minor = v.slice(2);
  if (!/^[+-]?\d+$/.test(minor)) return undefined;
  const n = Number.parseInt(minor, 10);
  const def = new Map<string, string>();
  for (const info of table) if (n < info.changed) def.set(info.name, info.old);
  return def;
}
