// The WASI side of the preview instance: the channel files the Go loop opens
// under CHANNEL_DIR, and stdout/stderr as sinks. Runs in the worker.
import { Fd, Inode, wasi } from '@bjorn3/browser_wasi_shim';
import type { ByteSource } from './pipe.ts';

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
    private readonly pipe: ByteSource,
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

export function channelIn(pipe: ByteSource): ChannelInode {
  return new ChannelInode((ino) => new ReadEnd(ino, pipe));
}

export function channelOut(sink: (bytes: Uint8Array) => void): ChannelInode {
  return new ChannelInode((ino) => new WriteEnd(ino, sink));
}

/** stdout and stderr: every write goes straight to the sink. */
export function outputFd(sink: (bytes: Uint8Array) => void): Fd {
  return new WriteEnd(Inode.issue_ino(), sink);
}
