// `pack r archive.a x.o …` without a pack tool: Go 1.26's cmd/go appends
// assembler objects to the compiler's archive itself (work/gc.go
// packInternal) and no longer ships a pack binary. Same bytes as `go tool pack r`.

import { concatBytes } from '../bytes/concat.ts';

export interface PackObject {
  /** Base name of the object file, e.g. "add_amd64.o". */
  name: string;
  data: Uint8Array;
}

/** Appends objects to a Go package archive as ar members, exactly as packInternal writes them. */
export function packAppend(archive: Uint8Array, objects: PackObject[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [archive];
  for (const obj of objects) {
    // cmd/go truncates or pads the name to 16 bytes (bytes, not runes).
    const nameBytes = enc.encode(obj.name);
    const name = new Uint8Array(16).fill(0x20);
    name.set(nameBytes.subarray(0, 16));
    // "%-12d%-6d%-6d%-8o%-10d`\n": mtime, uid, gid 0; mode 0644; size.
    const rest = enc.encode(`${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'644'.padEnd(8)}${String(obj.data.length).padEnd(10)}\`\n`);
    parts.push(name, rest, obj.data);
    if (obj.data.length % 2 === 1) {
      parts.push(new Uint8Array([0]));
    }
  }
  return concatBytes(parts);
}
