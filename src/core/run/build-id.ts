// Build IDs inside outputs, as cmd/internal/buildid reads and rewrites them:
// a package archive names its ID in the __.PKGDEF header (and again in the
// object header), an executable in its Go build ID note. After a tool ran
// with a placeholder ID, the content ID is the hash of the output with every
// occurrence of the placeholder zeroed (and, in ELF, the GNU build-id note,
// which the linker derives from the placeholder); the final ID replaces the
// placeholder wherever it occurs (`go tool buildid -w`).
import { hashToString, readArchiveMember } from '../plan/actionid.ts';
import { digestSha256 } from '../bytes/sha256.ts';

/** The build ID a Go package archive carries, e.g. "aid/cid"; undefined when it has none. */
export function archiveBuildId(archive: Uint8Array): string | undefined {
  const pkgdef = readArchiveMember(archive, '__.PKGDEF');
  if (!pkgdef) return undefined;
  // The header is "go object …\nbuild id "…"\n…"; IDs never need quoting escapes.
  const head = new TextDecoder('latin1').decode(pkgdef.subarray(0, Math.min(pkgdef.length, 1024)));
  return /\nbuild id "([^"\\\n]*)"\n/.exec(head)?.[1];
}

export interface Stamped {
  data: Uint8Array;
  /** The final build ID, or undefined when the output does not carry the old one (a link with -buildid=). */
  id?: string;
}

/**
 * Replaces oldId (a placeholder, or the ID an earlier build of the same
 * output wrote) with prefix + the content ID, as updateBuildID does.
 * The result is independent of which oldId the output carried, since every
 * occurrence is zeroed before hashing.
 */
export async function stampBuildId(data: Uint8Array, oldId: string, prefix: string): Promise<Stamped> {
  if (oldId === '') return { data };
  const id = new TextEncoder().encode(oldId);
  const at = findAll(data, id);
  if (at.length === 0) return { data };
  const zeroed = data.slice();
  for (const i of at) zeroed.fill(0, i, i + id.length);
  const note = gnuBuildIdRange(data);
  if (note) zeroed.fill(0, note[0], note[1]);
  const newId = prefix + hashToString(await digestSha256(zeroed));
  if (newId.length !== oldId.length) throw new Error(`build ID length mismatch: ${oldId} vs ${newId}`);
  const out = data.slice();
  const bytes = new TextEncoder().encode(newId);
  for (const i of at) out.set(bytes, i);
  return { data: out, id: newId };
}

/** Offsets of every occurrence of needle, left to right, not overlapping (FindAndHash's order). */
export function findAll(haystack: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  const first = needle[0]!;
  for (let i = haystack.indexOf(first); i >= 0 && i + needle.length <= haystack.length; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) {
      out.push(i);
      i += needle.length - 1;
    }
  }
  return out;
}

/**
 * The descriptor of an ELF file's .note.gnu.build-id section (past its
 * 16-byte note header), which buildid.FindAndHash reads as zeros.
 */
export function gnuBuildIdRange(data: Uint8Array): [number, number] | undefined {
  if (data.length < 64 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) return undefined;
  const wide = data[4] === 2;
  const little = data[5] === 1;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const word = (off: number): number => (wide ? Number(v.getBigUint64(off, little)) : v.getUint32(off, little));
  const shoff = word(wide ? 0x28 : 0x20);
  const shentsize = v.getUint16(wide ? 0x3a : 0x2e, little);
  const shnum = v.getUint16(wide ? 0x3c : 0x30, little);
  const shstrndx = v.getUint16(wide ? 0x3e : 0x32, little);
  if (shoff === 0 || shstrndx >= shnum || shoff + shnum * shentsize > data.length) return undefined;
  const section = (i: number): { name: number; offset: number; size: number } => {
    const h = shoff + i * shentsize;
    return { name: v.getUint32(h, little), offset: word(h + (wide ? 0x18 : 0x10)), size: word(h + (wide ? 0x20 : 0x14)) };
  };
  const strtab = section(shstrndx);
  const want = new TextEncoder().encode('.note.gnu.build-id\0');
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    const at = strtab.offset + s.name;
    if (at + want.length > data.length || !want.every((b, k) => data[at + k] === b)) continue;
    if (s.size < 16) return undefined;
    return [s.offset + 16, s.offset + s.size];
  }
  return undefined;
}
