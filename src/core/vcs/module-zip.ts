// A module zip made from a repository tree with the go command's rules
// (golang.org/x/mod/zip.Create, as cmd/go's direct mode calls it): files of
// nested modules, vendored packages (vendor/modules.txt too for go ≥ 1.24
// modules), symlinks, submodules and .hg_archival.txt are left out; names
// that are not valid module file paths, go.mod in another case, case-fold
// collisions and oversized files make the whole zip an error, as in go.
// Every entry is "<module>@<version>/<path>". The h1 hash covers names and
// contents only, so it equals go's however the zip itself is laid out.
import { zipSync } from 'fflate';
import { compareGoVersions, langVersion } from '../project/gover.ts';
import { goModGoVersion } from './module-version.ts';

export const MAX_ZIP_FILE = 500 << 20;
export const MAX_GO_MOD = 16 << 20;
export const MAX_LICENSE = 16 << 20;

export interface SourceFile {
  /** Slash-separated, relative to the module root. */
  path: string;
  /** git's mode: 100644 and 100755 are regular files, 120000 a symlink, 160000 a submodule. */
  mode: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export class ZipRuleError extends Error {}

export async function createModuleZip(modPath: string, version: string, files: SourceFile[]): Promise<Uint8Array> {
  const valid = await checkFiles(files);
  const prefix = `${modPath}@${version}/`;
  const entries: Record<string, [Uint8Array, { level: 6 }]> = {};
  for (const f of valid) {
    const data = await f.read();
    if (data.length !== f.size) throw new ZipRuleError(`create zip: file "${f.path}" is not the declared size`);
    entries[prefix + f.path] = [data, { level: 6 }];
  }
  return zipSync(entries, { mtime: new Date('1980-01-01T00:00:00Z') });
}

async function checkFiles(files: SourceFile[]): Promise<SourceFile[]> {
  const haveGoMod = new Set<string>();
  let vers = '';
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const dir = f.path.slice(0, slash + 1);
    const base = f.path.slice(slash + 1);
    if (base.toLowerCase() !== 'go.mod' || !isRegular(f.mode)) continue;
    haveGoMod.add(dir);
    if (base === 'go.mod' && dir === '') {
      const v = goModGoVersion(await f.read());
      vers = v ? langVersion(v) : '';
    }
  }
  const inSubmodule = (p: string): boolean => {
    for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) if (haveGoMod.has(p.slice(0, i + 1))) return true;
    return false;
  };
  const invalid: string[] = [];
  const seen = new Map<string, { path: string; dir: boolean }>();
  const collide = (p: string, dir: boolean): string | undefined => {
    const fold = p.toLowerCase();
    const other = seen.get(fold);
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: "${other.path}" and "${p}"`;
      if (other.dir !== dir) return `entry "${p}" is both a file and a directory`;
      if (!dir) return `multiple entries for file "${p}"`;
    } else seen.set(fold, { path: p, dir });
    const i = p.lastIndexOf('/');
    return i > 0 ? collide(p.slice(0, i), true) : undefined;
  };
  const valid: SourceFile[] = [];
  let total = 0;
  let sizeError = '';
  for (const f of files) {
    const p = f.path;
    if (f.mode === '160000') continue; // git archive lists a submodule as an empty directory, which go skips.
    if (isVendoredPackage(p, vers) || inSubmodule(p) || p === '.hg_archival.txt') continue;
    const bad = checkFilePath(p) ?? (p.toLowerCase() === 'go.mod' && p !== 'go.mod' ? 'go.mod files must have lowercase names' : undefined) ?? collide(p, false);
    if (bad) {
      invalid.push(`${p}: ${bad}`);
      continue;
    }
    if (!isRegular(f.mode)) continue; // symbolic links (golang.org/issue/27093)
    total += f.size;
    if (total > MAX_ZIP_FILE && !sizeError) sizeError = `module source tree too large (max size is ${MAX_ZIP_FILE} bytes)`;
    if (p === 'go.mod' && f.size > MAX_GO_MOD) invalid.push(`${p}: go.mod file too large (max size is ${MAX_GO_MOD} bytes)`);
    else if (p === 'LICENSE' && f.size > MAX_LICENSE) invalid.push(`${p}: LICENSE file too large (max size is ${MAX_LICENSE} bytes)`);
    else valid.push(f);
  }
  if (sizeError) throw new ZipRuleError(`create zip: ${sizeError}`);
  if (invalid.length) throw new ZipRuleError(`create zip: ${invalid.join('\n')}`);
  return valid;
}

const isRegular = (mode: string): boolean => mode === '100644' || mode === '100755' || mode === '100664';

function isVendoredPackage(name: string, vers: string): boolean {
  const newRules = compareGoVersions(vers.replace(/^go/, ''), '1.24') >= 0;
  if (newRules && name === 'vendor/modules.txt') return true;
  let i: number;
  if (name.startsWith('vendor/')) i = 'vendor/'.length;
  else {
    const j = name.indexOf('/vendor/');
    if (j < 0) return false;
    i = newRules ? j + '/vendor/'.length : '/vendor/'.length;
  }
  return name.slice(i).includes('/');
}

const BAD_WINDOWS = ['CON', 'PRN', 'AUX', 'NUL', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9'];

/** module.CheckFilePath, worded as go words it. */
export function checkFilePath(p: string): string | undefined {
  const err = (why: string): string => `malformed file path "${p}": ${why}`;
  if (p === '') return err('empty string');
  if (p.includes('//')) return err('double slash');
  if (p.endsWith('/')) return err('trailing slash');
  for (const elem of p.split('/')) {
    if (elem === '') return err('empty path element');
    if (/^\.+$/.test(elem)) return err(`invalid path element "${elem}"`);
    if (elem.endsWith('.')) return err('trailing dot in path element');
    for (const ch of elem) {
      if (!/[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]/.test(ch) && !(ch.codePointAt(0)! >= 0x80 && /\p{L}/u.test(ch))) return err(`invalid char '${ch}'`);
    }
    const short = elem.split('.')[0]!;
    if (BAD_WINDOWS.some((b) => b.toLowerCase() === short.toLowerCase())) return err(`"${short}" disallowed as path element component on Windows`);
  }
  return undefined;
}
