// The WASI side of the preview instance: the channel files the Go loop opens
// under CHANNEL_DIR, and a poll_oneoff that really sleeps. Runs in the worker.
import { Fd, Inode, wasi } from '@bjorn3/browser_wasi_shim';
import type { PipeReader } from './pipe.ts';

/**
 * A character device, so Go treats it like a pipe. Refusing FDFLAGS_NONBLOCK
 * (fd_fdstat_set_flags → NOTSUP) makes Go's os.File fall back to plain
 * blocking reads, which is what lets Atomics.wait do the waiting.
 */
abstract class ChannelFd extends Fd {
  constructor(
    private readonly ino: bigint,
    private readonly rights: number,
  ) {
    super();
  }

  override fd_fdstat_get(): { ret: number; fdstat: wasi.Fdstat } {
    const fdstat = new wasi.Fdstat(wasi.FILETYPE_CHARACTER_DEVICE, 0);
    fdstat.fs_rights_base = BigInt(this.rights);
    return { ret: wasi.ERRNO_SUCCESS, fdstat };
  }

  override fd_filestat_get(): { ret: number; filestat: wasi.Filestat } {
    return { ret: wasi.ERRNO_SUCCESS, filestat: new wasi.Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n) };
  }
}

class ReadEnd extends ChannelFd {
  constructor(
    ino: bigint,
    private readonly pipe: PipeReader,
  ) {
    super(ino, wasi.RIGHTS_FD_READ);
  }

  override fd_read(size: number): { ret: number; data: Uint8Array } {
    return { ret: wasi.ERRNO_SUCCESS, data: this.pipe.read(size) };
  }
}

class WriteEnd extends ChannelFd {
  constructor(
    ino: bigint,
    private readonly sink: (bytes: Uint8Array) => void,
  ) {
    super(ino, wasi.RIGHTS_FD_WRITE);
  }

  override fd_write(data: Uint8Array): { ret: number; nwritten: number } {
    // Measured before the sink runs: it may transfer (and so empty) the buffer.
    const nwritten = data.length;
    this.sink(data);
    return { ret: wasi.ERRNO_SUCCESS, nwritten };
  }
}

/** A directory entry that opens to a fresh fd on a shared channel end. */
export class ChannelInode extends Inode {
  constructor(private readonly open: (ino: bigint) => Fd) {
    super();
  }

  path_open(): { ret: number; fd_obj: Fd } {
    return { ret: wasi.ERRNO_SUCCESS, fd_obj: this.open(this.ino) };
  }

  stat(): wasi.Filestat {
    return new wasi.Filestat(this.ino, wasi.FILETYPE_CHARACTER_DEVICE, 0n);
  }
}

export function channelIn(pipe: PipeReader): ChannelInode {
  return new ChannelInode((ino) => new ReadEnd(ino, pipe));
}

export function channelOut(sink: (bytes: Uint8Array) => void): ChannelInode {
  return new ChannelInode((ino) => new WriteEnd(ino, sink));
}

/** stdout and stderr: every write goes straight to the sink. */
export function outputFd(sink: (bytes: Uint8Array) => void): Fd {
  return new WriteEnd(Inode.issue_ino(), sink);
}

const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;

/**
 * Go's scheduler calls poll_oneoff whenever every goroutine waits (time.Sleep,
 * timers, a handler waiting on a goroutine). The shim's version spins the CPU
 * and accepts one subscription; this one sleeps with Atomics.wait and handles
 * all of Go's subscriptions: clocks wake at their deadline, fd subscriptions
 * (only ever on in-memory files here) are always ready.
 */
export function pollOneoff(memory: () => WebAssembly.Memory) {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  return (inPtr: number, outPtr: number, count: number, neventsPtr: number): number => {
    if (count === 0) return wasi.ERRNO_INVAL;
    let view = new DataView(memory().buffer);
    const nowNs = () => BigInt(Math.round(performance.now() * 1e6));
    const start = nowNs();
    const ready: { userdata: bigint; type: number }[] = [];
    const clocks: { userdata: bigint; deadline: bigint }[] = [];
    for (let i = 0; i < count; i++) {
      const p = inPtr + i * SUBSCRIPTION_SIZE;
      const userdata = view.getBigUint64(p, true);
      const type = view.getUint8(p + 8);
      if (type === wasi.EVENTTYPE_CLOCK) {
        const clockId = view.getUint32(p + 16, true);
        const timeout = view.getBigUint64(p + 24, true);
        const absolute = (view.getUint16(p + 40, true) & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        // Absolute deadlines only come with the realtime clock in practice; convert to monotonic.
        const base = clockId === wasi.CLOCKID_REALTIME ? BigInt(Date.now()) * 1_000_000n : start;
        clocks.push({ userdata, deadline: absolute ? start + (timeout - base) : start + timeout });
      } else {
        ready.push({ userdata, type });
      }
    }
    if (ready.length === 0 && clocks.length > 0) {
      const deadline = clocks.reduce((min, c) => (c.deadline < min ? c.deadline : min), clocks[0]!.deadline);
      for (let now = nowNs(); now < deadline; now = nowNs()) {
        Atomics.wait(sleeper, 0, 0, Number(deadline - now) / 1e6);
      }
      const now = nowNs();
      for (const c of clocks) if (c.deadline <= now) ready.push({ userdata: c.userdata, type: wasi.EVENTTYPE_CLOCK });
    }
    view = new DataView(memory().buffer);
    ready.forEach((e, i) => {
      const p = outPtr + i * EVENT_SIZE;
      for (let b = 0; b < EVENT_SIZE; b++) view.setUint8(p + b, 0);
      view.setBigUint64(p, e.userdata, true);
      view.setUint16(p + 8, wasi.ERRNO_SUCCESS, true);
      view.setUint8(p + 10, e.type);
    });
    view.setUint32(neventsPtr, ready.length, true);
    return wasi.ERRNO_SUCCESS;
  };
}
