// Caps a preview module's linear memory at the function's memory setting.
// Go's wasm runtime grows its heap with memory.grow; once the maximum is
// reached the grow fails and the runtime stops with "fatal error: out of
// memory" instead of taking the page (or the CLI) to many gigabytes.
import { encodeU32, Reader, readSections, writeModule } from '../wasi/wasm-binary.ts';
import { concatBytes } from '../bytes/concat.ts';

const PAGE = 64 * 1024;
const MAX_PAGES = 65536; // wasm32's 4 GiB
const MEMORY_SECTION = 5;

export function capMemory(wasm: Uint8Array, memoryMb: number): Uint8Array {
  const sections = readSections(wasm);
  const section = sections.find((s) => s.id === MEMORY_SECTION);
  if (!section) throw new Error('the preview module defines no memory of its own, so its memory cannot be capped');
  const r = new Reader(section.body);
  if (r.u32() !== 1) throw new Error('the preview module defines more than one memory');
  const flags = r.byte();
  if (flags > 1) throw new Error(`the preview module's memory has flags ${flags} (shared or 64-bit), which the preview does not run`);
  const min = r.u32();
  if (flags === 1) r.u32();
  const max = Math.max(min, Math.min(MAX_PAGES, Math.floor((memoryMb * 1024 * 1024) / PAGE)));
  const body = concatBytes([new Uint8Array([1, 0x01, ...encodeU32(min), ...encodeU32(max)]), section.body.subarray(r.pos)]);
  return writeModule(sections.map((s) => (s === section ? { id: s.id, body } : s)));
}
