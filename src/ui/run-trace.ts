// Where one run's time went (an edit or Run to its response on screen), as
// User Timing entries, so the browser bench and DevTools' performance panel
// read the same figures: a "gofn:run" measure spans the run from its start to
// its response, its detail naming each phase in ms, and a "gofn:shown" mark
// says when that response was on screen.
import type { StepTiming } from '../core/types.ts';
import { buildPhases } from '../core/run/phases.ts';

export interface RunDetail {
  exchange: number;
  /** Phase → ms, in the order phases first occurred. */
  phases: Record<string, number>;
}

export class RunTrace {
  readonly start = performance.now();
  readonly phases: Record<string, number> = {};

  add(phase: string, ms: number): void {
    this.phases[phase] = (this.phases[phase] ?? 0) + ms;
  }

  /** A bridge call: its time queued behind other calls is waiting, the rest is the call's. */
  call(phase: string, t: { waitMs: number; runMs: number }): void {
    this.add('wait', t.waitMs);
    this.add(phase, t.runMs);
  }

  /** The engine's own timings of a build, inside the build call's time; what is left is messages and untimed work. */
  build(t: { waitMs: number; runMs: number }, timings: StepTiming[]): void {
    this.add('wait', t.waitMs);
    let inside = 0;
    for (const [phase, ms] of Object.entries(buildPhases(timings))) {
      inside += ms;
      this.add(phase, ms);
    }
    this.add('messages', Math.max(0, t.runMs - inside));
  }

  end(exchange: number): void {
    const detail: RunDetail = { exchange, phases: this.phases };
    performance.measure('gofn:run', { start: this.start, end: performance.now(), detail });
  }
}

/** Marks "gofn:shown" once el shows the response: after its iframe loaded, else at the next frame. */
export function markShown(exchange: number, el: HTMLElement): void {
  const mark = (): void => void performance.mark('gofn:shown', { detail: { exchange } });
  const frame = el.querySelector('iframe');
  if (frame) frame.addEventListener('load', () => requestAnimationFrame(mark), { once: true });
  else requestAnimationFrame(mark);
}

/** Resolves once the "gofn:shown" mark of exchange is made (markShown), or after timeoutMs. */
export function whenShown(exchange: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('gofn:shown').some((e) => (e as PerformanceMark).detail?.exchange === exchange)) done();
    });
    const timer = setTimeout(done, timeoutMs);
    observer.observe({ type: 'mark' });
    if (performance.getEntriesByName('gofn:shown').some((e) => (e as PerformanceMark).detail?.exchange === exchange)) done();
  });
}
