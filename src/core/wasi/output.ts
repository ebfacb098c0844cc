// Collects a stream's chunks, forwards each one as it arrives, and joins
// them once at the end (joining on every write would be quadratic).

export class OutputSink {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  constructor(private readonly onChunk?: (chunk: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.byteLength;
    this.onChunk?.(chunk);
  }

  bytes(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }

  /** The last `max` bytes as text, for error messages. */
  tail(max = 2000): string {
    const all = this.bytes();
    return new TextDecoder().decode(all.subarray(Math.max(0, all.byteLength - max)));
  }
}
