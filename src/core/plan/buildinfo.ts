// The module information a binary carries (runtime/debug.BuildInfo), exactly
// as cmd/go writes it into the link importcfg's `modinfo` line and as
// `go version -m` prints it back.

export interface ModuleVersion {
  path: string;
  /** "(devel)" for the main module. */
  version: string;
  /** "h1:…" or "" (main module, replaced modules). */
  sum: string;
  replace?: ModuleVersion;
}

export interface BuildSetting {
  key: string;
  value: string;
}

export interface BuildInfo {
  path: string;
  main: ModuleVersion;
  deps: ModuleVersion[];
  settings: BuildSetting[];
}

export interface BuildSettingsInput {
  goos: string;
  goarch: string;
  /** ["GOAMD64", "v1"], ["GOARM64", "v8.0"]; undefined for targets without one (wasm). */
  archEnv?: [string, string];
  /** Raw -gcflags value when given and non-empty. */
  gcflags?: string;
  /** Raw -asmflags value when the flag appeared at all (even empty). */
  asmflags?: string;
  tags: string[];
  defaultGodebug: string;
}

/**
 * The settings cmd/go records for `go build -trimpath` with cgo off
 * (load.setBuildInfo). -ldflags is deliberately absent: cmd/go omits it under
 * -trimpath because it can hold host paths. VCS stamping is off (-buildvcs=false).
 */
export function buildSettings(input: BuildSettingsInput): BuildSetting[] {
  const s: BuildSetting[] = [];
  const add = (key: string, value: string): void => {
    s.push({ key, value: value.replaceAll('\n', ' ') });
  };
  if (input.asmflags !== undefined) add('-asmflags', input.asmflags);
  add('-buildmode', 'exe');
  add('-compiler', 'gc');
  if (input.gcflags) add('-gcflags', input.gcflags);
  if (input.tags.length > 0) add('-tags', input.tags.join(','));
  add('-trimpath', 'true');
  if (input.defaultGodebug !== '') add('DefaultGODEBUG', input.defaultGodebug);
  add('CGO_ENABLED', '0');
  add('GOARCH', input.goarch);
  add('GOOS', input.goos);
  if (input.archEnv && input.archEnv[1] !== '') add(input.archEnv[0], input.archEnv[1]);
  return s;
}

/** debug.BuildInfo.String() without the go line (cmd/go stores the Go version separately). */
export function formatBuildInfo(bi: BuildInfo): string {
  let out = '';
  if (bi.path !== '') out += `path\t${bi.path}\n`;
  const formatMod = (word: string, m: ModuleVersion): void => {
    out += `${word}\t${m.path}\t${m.version}`;
    if (m.replace === undefined) out += `\t${m.sum}`;
    else {
      out += '\n';
      formatMod('=>', m.replace);
    }
    out += '\n';
  };
  if (bi.main.path !== '' || bi.main.version !== '' || bi.main.sum !== '') formatMod('mod', bi.main);
  for (const d of bi.deps) formatMod('dep', d);
  for (const { key, value } of bi.settings) {
    const k = key === '' || /[= \t\r\n"`]/.test(key) ? goQuote(key) : key;
    const v = /[ \t\r\n"`]/.test(value) ? goQuote(value) : value;
    out += `build\t${k}=${v}\n`;
  }
  return out;
}

// Sentinels around the module info (cmd/go/internal/modload infoStart/infoEnd)
// that let `go version -m` find it in a binary.
const INFO_START = hexBytes('3077af0c9274080241e1c107e6d618e6');
const INFO_END = hexBytes('f932433186182072008242104116d8f2');

/** The importcfg line `modinfo "…"`, quoted byte for byte as fmt's %q does. */
export function modinfoLine(info: string): string {
  const body = new TextEncoder().encode(info);
  const data = new Uint8Array(INFO_START.length + body.length + INFO_END.length);
  data.set(INFO_START, 0);
  data.set(body, INFO_START.length);
  data.set(INFO_END, INFO_START.length + body.length);
  return `modinfo ${goQuote(data)}`;
}

/** What `go version -m <file>` prints for a binary with this info. */
export function formatVersionM(file: string, goVersion: string, info: string): string {
  let out = `${file}: go${goVersion.replace(/^go/, '')}\n`;
  if (info.length > 0) out += `\t${info.slice(0, -1).replaceAll('\n', '\n\t')}\n`;
  return out;
}

/** strconv.Quote over bytes: invalid UTF-8 as \xNN, non-printable runes escaped. */
export function goQuote(input: string | Uint8Array): string {
  const b = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let out = '"';
  for (let i = 0; i < b.length; ) {
    const [r, size] = decodeRune(b, i);
    if (r < 0) {
      out += `\\x${b[i]!.toString(16).padStart(2, '0')}`;
      i += 1;
      continue;
    }
    i += size;
    out += escapeRune(r);
  }
  return `${out}"`;
}

function escapeRune(r: number): string {
  const ch = String.fromCodePoint(r);
  if (r === 0x22 || r === 0x5c) return `\\${ch}`;
  if (isPrint(r)) return ch;
  switch (r) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if (r < 0x10000) return `\\u${r.toString(16).padStart(4, '0')}`;
  return `\\U${r.toString(16).padStart(8, '0')}`;
}

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
function isPrint(r: number): boolean {
  if (r >= 0x20 && r < 0x7f) return true;
  if (r < 0x80) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

/** utf8.DecodeRune: [rune, size], or [-1, 1] where Go would yield RuneError of width 1. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i]!;
  if (c0 < 0x80) return [c0, 1];
  const cont = (j: number): number => (i + j < b.length && (b[i + j]! & 0xc0) === 0x80 ? b[i + j]! & 0x3f : -1);
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [-1, 1] : [((c0 & 0x1f) << 6) | c1, 2];
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return [-1, 1];
    const r = ((c0 & 0x0f) << 12) | (c1 << 6) | c2;
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return [-1, 1];
    return [r, 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [-1, 1];
    const r = ((c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return [-1, 1];
    return [r, 4];
  }
  return [-1, 1];
}

function hexBytes(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}
