// A poll_oneoff for Go's wasip1 runtime that really sleeps, for programs
// that wait on timers (a preview handler, a test binary) rather than tools
// that only compute.
import { wasi } from '@bjorn3/browser_wasi_shim';

const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;

/**
 * Go's scheduler calls poll_oneoff whenever every goroutine waits (time.Sleep,
 * timers, a handler waiting on a goroutine). The shim's version spins the CPU
 * and accepts one subscription; this one sleeps with Atomics.wait and handles
 * all of Go's subscriptions: clocks wake at their deadline, fd subscriptions
 * (only ever on in-memory files here) are always ready. Without
 * SharedArrayBuffer (a page that is not cross-origin isolated) Atomics.wait
 * has nothing to wait on, and the thread spins until the deadline instead.
 */
export function pollOneoff(memory: () => WebAssembly.Memory) {
  const sleeper = typeof SharedArrayBuffer === 'undefined' ? undefined : new Int32Array(new SharedArrayBuffer(4));
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
        if (sleeper) Atomics.wait(sleeper, 0, 0, Number(deadline - now) / 1e6);
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
