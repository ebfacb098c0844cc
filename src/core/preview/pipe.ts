// The host → guest byte pipe. The guest's read must block (Go's preview loop
// calls fd_read and waits), and the only way to block inside a worker until
// another thread has data is Atomics.wait on shared memory. The other
// direction needs no pipe: the worker posts each write as a message, which
// the host receives even while the worker is busy or blocked.
//
// Handshake: the reader, out of bytes, posts "want" and waits for SEQ to
// change; the writer only fills the buffer after a "want", so it never
// overwrites bytes that have not been read.

const SEQ = 0;
const LEN = 1;
const DATA_OFFSET = 16;
const DEFAULT_CAPACITY = 256 * 1024;

export function createPipeBuffer(capacity = DEFAULT_CAPACITY): SharedArrayBuffer {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error(
      'The preview needs SharedArrayBuffer: serve the app cross-origin isolated ' +
        '(Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp).',
    );
  }
  return new SharedArrayBuffer(DATA_OFFSET + capacity);
}

/** Host side: queues bytes and hands them over as the guest asks for them. */
export class PipeWriter {
  private readonly ctl: Int32Array;
  private readonly data: Uint8Array;
  private queue: Uint8Array[] = [];
  private wanted = false;

  constructor(buffer: SharedArrayBuffer) {
    this.ctl = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, DATA_OFFSET);
  }

  write(bytes: Uint8Array): void {
    if (bytes.length > 0) this.queue.push(bytes);
    if (this.wanted) this.deliver();
  }

  /** The guest has read everything delivered so far and is waiting. */
  want(): void {
    this.wanted = true;
    this.deliver();
  }

  private deliver(): void {
    if (this.queue.length === 0) return;
    let n = 0;
    while (this.queue.length > 0 && n < this.data.length) {
      const head = this.queue[0]!;
      const take = Math.min(head.length, this.data.length - n);
      this.data.set(head.subarray(0, take), n);
      n += take;
      if (take === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(take);
    }
    this.wanted = false;
    Atomics.store(this.ctl, LEN, n);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
  }
}

/** Guest side (inside the worker): a blocking read. */
export class PipeReader implements ByteSource {
  private readonly ctl: Int32Array;
  private readonly data: Uint8Array;
  private pending = new Uint8Array(0);

  constructor(
    buffer: SharedArrayBuffer,
    private readonly askForMore: () => void,
  ) {
    this.ctl = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, DATA_OFFSET);
  }

  /** Returns at least one byte, at most max; blocks the thread until there is some. */
  read(max: number): Uint8Array {
    if (this.pending.length === 0) {
      const seq = Atomics.load(this.ctl, SEQ);
      this.askForMore();
      while (Atomics.load(this.ctl, SEQ) === seq) Atomics.wait(this.ctl, SEQ, seq);
      this.pending = this.data.slice(0, Atomics.load(this.ctl, LEN));
    }
    const out = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(out.length);
    return out;
  }
}

/** What the guest's read end reads from. */
export interface ByteSource {
  read(max: number): Uint8Array;
}

/**
 * Without SharedArrayBuffer nothing can block a worker until the host has
 * data, so an instance is given its one request up front and reads end of
 * file after it (the preview loop then returns, and the instance exits).
 */
export class OnceReader implements ByteSource {
  constructor(private rest: Uint8Array) {}

  read(max: number): Uint8Array {
    const out = this.rest.subarray(0, max);
    this.rest = this.rest.subarray(out.length);
    return out;
  }
}

/** SharedArrayBuffer exists where the page is cross-origin isolated (or isolated per document by Document-Isolation-Policy). */
export function canBlock(): boolean {
  return typeof SharedArrayBuffer !== 'undefined';
}
