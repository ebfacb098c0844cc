// Two changes to a Go wasip1 module so @wasmer/sdk runs it correctly. Both
// interpose on one import (see import-wrap.ts); nothing else in the module
// changes, and the shim runner needs neither.
//
// 1. poll_oneoff with a zero clock timeout. @wasmer/sdk's WASIX poll_oneoff
//    reads a relative clock subscription whose timeout is 0 as "no timeout"
//    (and 1 ns as "return at once"); with no other subscription the call
//    never returns. Go's wasip1 runtime makes exactly that call, netpoll(0),
//    from startTheWorldWithSema at the end of every garbage collection once
//    the netpoller is live, and opening any file makes it live. So compile,
//    link and every other Go tool hang at their first GC after opening a
//    file (link right after printing "HEADER =" under -v). The wrapper turns
//    zero clock timeouts into 1 ns, which WASI and wasmer both treat as an
//    already expired timer, then calls the import.
//
// 2. Where "/" is. The SDK only lets the host reach files under /workspace,
//    so a run's tree lives in /workspace/<dir>, and the guest must see that
//    directory as "/". The SDK preopens "/" (fds 3 and 5) and "." (fd 4, the
//    command's working directory). Go resolves an absolute path against the
//    longest preopen name that prefixes it, so the wrapper reports fd 4 as
//    "/" and the real roots as "." (a name no absolute path starts with):
//    every path then resolves inside the run's directory. Go takes its
//    working directory from $PWD, which the runner sets to the request's cwd.

import { wrapImports } from './import-wrap.ts';
import type { ImportWrapper, WrapResult } from './import-wrap.ts';
import { encodeU32 } from './wasm-binary.ts';

const I32 = 0x7f;
const WASI = 'wasi_snapshot_preview1';

const SUBSCRIPTION_SIZE = 48;
const EVENTTYPE_OFFSET = 8;
const CLOCK_TIMEOUT_OFFSET = 24;

export const zeroTimeoutPoll: ImportWrapper = {
  module: WASI,
  name: 'poll_oneoff',
  params: [I32, I32, I32, I32],
  results: [I32],
  body(target) {
    const p = 4;
    const left = 5;
    return [
      0x01, 0x02, I32, // locals p, left
      0x20, 0, 0x21, p, // p = in
      0x20, 2, 0x21, left, // left = nsubscriptions
      0x02, 0x40, 0x03, 0x40, // block loop
      0x20, left, 0x45, 0x0d, 1, // left == 0: break
      0x20, p, 0x2d, 0, EVENTTYPE_OFFSET, 0x45, 0x04, 0x40, // if eventtype == clock
      0x20, p, 0x29, 3, CLOCK_TIMEOUT_OFFSET, 0x50, 0x04, 0x40, // if timeout == 0
      0x20, p, 0x42, 1, 0x37, 3, CLOCK_TIMEOUT_OFFSET, // timeout = 1
      0x0b, 0x0b,
      0x20, p, 0x41, SUBSCRIPTION_SIZE, 0x6a, 0x21, p, // p += 48
      0x20, left, 0x41, 1, 0x6b, 0x21, left, // left--
      0x0c, 0, 0x0b, 0x0b,
      0x20, 0, 0x20, 1, 0x20, 2, 0x20, 3, 0x10, ...encodeU32(target),
      0x0b,
    ];
  },
};

const SLASH = 0x2f;
const DOT = 0x2e;

export const cwdAsRoot: ImportWrapper = {
  module: WASI,
  name: 'fd_prestat_dir_name',
  params: [I32, I32, I32],
  results: [I32],
  body(target) {
    const errno = 3;
    const b = 4;
    return [
      0x01, 0x02, I32, // locals errno, b
      0x20, 0, 0x20, 1, 0x20, 2, 0x10, ...encodeU32(target), 0x22, errno,
      0x45, 0x20, 2, 0x41, 1, 0x46, 0x71, 0x04, 0x40, // if errno == 0 && len == 1
      0x20, 1, 0x2d, 0, 0, 0x21, b,
      0x20, b, 0x41, SLASH, 0x46, 0x04, 0x40, 0x20, 1, 0x41, DOT, 0x3a, 0, 0, 0x0b,
      0x20, b, 0x41, DOT, 0x46, 0x04, 0x40, 0x20, 1, 0x41, SLASH, 0x3a, 0, 0, 0x0b,
      0x0b,
      0x20, errno,
      0x0b,
    ];
  },
};

/** The module with both changes; `sites` says how many calls each one redirected. */
export function patchForWasmer(wasm: Uint8Array): WrapResult {
  return wrapImports(wasm, [zeroTimeoutPoll, cwdAsRoot]);
}
