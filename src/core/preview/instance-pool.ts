// Several warm instances of one function, as the platform runs a Go
// function: the bootstrap speaks the Lambda Runtime API, so an instance takes
// one request at a time (`next`, then `response`), and concurrent requests
// are spread over more instances. A request goes to an idle instance, else
// to a new one while there are fewer than maxInstances, else it waits for
// the first to be free. A new module starts a new generation: requests in
// flight finish on the instance they started on, as on a new deployment.
import type { LogLine, PreviewRequest, PreviewResponse } from '../types.ts';
import { compilePreviewModule, createPreviewController, type PreviewController, type PreviewControllerOptions, type PreviewRequestOptions } from './controller.ts';
import { DEFAULT_LIMITS } from './limits.ts';

export interface InstancePoolOptions extends Omit<PreviewControllerOptions, 'onLog'> {
  // onMemory (from PreviewControllerOptions) is called for every instance of the pool.
  maxInstances: number;
  /** instance: 1, 2, … in the order instances were made. */
  onLog?: (line: LogLine, instance: number) => void;
}

export interface InstancePool {
  start(module: Uint8Array, env?: Record<string, string>): Promise<void>;
  request(req: PreviewRequest, options?: PreviewRequestOptions): Promise<PreviewResponse>;
  /** Instances alive or starting. */
  readonly size: number;
  stop(): void;
}

interface Slot {
  id: number;
  generation: number;
  controller: PreviewController;
  busy: boolean;
}

export function createInstancePool(options: InstancePoolOptions): InstancePool {
  let module: WebAssembly.Module | undefined;
  let env: Record<string, string> = {};
  let generation = 0;
  let made = 0;
  let slots: Slot[] = [];
  const waiting: (() => void)[] = [];

  async function acquire(): Promise<Slot> {
    for (;;) {
      if (!module) throw new Error('No preview module is loaded: start() was not called, or the pool was stopped.');
      const idle = slots.find((s) => !s.busy && s.generation === generation);
      if (idle) return ((idle.busy = true), idle);
      if (slots.filter((s) => s.generation === generation).length < options.maxInstances) {
        const id = ++made;
        const controller = createPreviewController({ ...options, onLog: (line) => options.onLog?.(line, id) });
        const slot: Slot = { id, generation, controller, busy: true };
        slots.push(slot);
        await controller.start(module!, env);
        return slot;
      }
      await new Promise<void>((wake) => waiting.push(wake));
    }
  }

  function release(slot: Slot): void {
    slot.busy = false;
    if (slot.generation !== generation) {
      slot.controller.stop();
      slots = slots.filter((s) => s !== slot);
    }
    waiting.shift()?.();
  }

  return {
    async start(bytes, environment = {}) {
      const compiled = await compilePreviewModule(bytes, options.memoryMb ?? DEFAULT_LIMITS.memoryMb);
      module = compiled;
      env = environment;
      generation++;
      // Idle instances of the old generation go now; busy ones when their request ends.
      for (const s of slots.filter((s) => !s.busy)) s.controller.stop();
      slots = slots.filter((s) => s.busy);
      for (const wake of waiting.splice(0)) wake();
    },
    async request(req, opts) {
      const slot = await acquire();
      try {
        return await slot.controller.request(req, opts);
      } finally {
        release(slot);
      }
    },
    get size() {
      return slots.length;
    },
    stop() {
      generation++;
      for (const s of slots) s.controller.stop();
      slots = [];
      for (const wake of waiting.splice(0)) wake();
      module = undefined;
    },
  };
}
