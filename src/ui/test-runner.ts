// The Test action: go test -v ./... of the project. The build worker builds
// (and vets) the test binaries; each runs in a worker of its own here, so a
// hanging test is stopped at its timeout like go stops it.

import { runTests, type PackageTestResult, type TestRunReport } from '../core/gotest/run-tests.ts';
import { webWorker } from '../core/preview/web-worker.ts';
import type { ProgramMessage, ProgramStart } from '../core/gotest/program-protocol.ts';
import type { Diagnostic, ProgressEvent } from '../core/types.ts';
import { isAbort, type BuildBridge } from './build-bridge.ts';
import { errorText } from './runner.ts';
import type { Workspace } from './workspace.ts';

/** go test -timeout for runs from the app: a minute, then go's own timeout panic (a test that spins is killed 6 s later). */
export const APP_TEST_TIMEOUT_MS = 60_000;

export interface TestRunnerEvents {
  start: { run?: string };
  progress: ProgressEvent;
  package: PackageTestResult;
  output: string;
  done: TestRunReport;
  failed: { message: string; diagnostics: Diagnostic[] };
}

const createWorker = () =>
  webWorker<ProgramStart, ProgramMessage>(new Worker(new URL('../../workers/program.worker.ts', import.meta.url), { type: 'module', name: 'gofn-test' }));

export class TestRunner extends EventTarget {
  private current?: AbortController;

  constructor(
    private readonly ws: Workspace,
    private readonly bridge: BuildBridge,
  ) {
    super();
  }

  on<K extends keyof TestRunnerEvents>(type: K, fn: (detail: TestRunnerEvents[K]) => void): void {
    this.addEventListener(type, (e) => fn((e as CustomEvent<TestRunnerEvents[K]>).detail));
  }

  private emit<K extends keyof TestRunnerEvents>(type: K, detail: TestRunnerEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  stop(): void {
    this.current?.abort();
    this.current = undefined;
  }

  async run(run?: string): Promise<void> {
    this.stop();
    const ctrl = new AbortController();
    this.current = ctrl;
    const files = { ...this.ws.files };
    this.emit('start', { run });
    try {
      const built = await this.bridge.call(ctrl.signal, 'buildTests', { files }, (e: ProgressEvent) => this.emit('progress', e));
      if (!built.ok) {
        this.emit('failed', { message: `The tests could not be built: ${built.diagnostics.length} problem${built.diagnostics.length === 1 ? '' : 's'}`, diagnostics: built.diagnostics });
        return;
      }
      const report = await runTests(built.packages, files, {
        run,
        verbose: true,
        timeoutMs: APP_TEST_TIMEOUT_MS,
        createWorker,
        signal: ctrl.signal,
        onStdout: (s) => this.emit('output', s),
        onStderr: (s) => this.emit('output', s),
        onPackage: (p) => this.emit('package', p),
      });
      this.emit('done', report);
    } catch (e) {
      if (isAbort(e) || ctrl.signal.aborted) return;
      this.emit('failed', { message: errorText(e), diagnostics: [] });
    } finally {
      if (this.current === ctrl) this.current = undefined;
    }
  }
}
