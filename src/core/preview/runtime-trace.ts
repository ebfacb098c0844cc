// Go's runtime, when it dies of a fatal error (out of memory above all),
// prints every goroutine's stack: thousands of lines. The logs get one line
// saying what happened, then the first goroutine's trace (the one that
// failed, where the handler's frames are), then a count of what was left out.
import type { LogLine } from '../types.ts';

const FATAL = /^(runtime: out of memory|fatal error: )/;
const KEEP_MAX = 60;

export class RuntimeTrace {
  /** The one-line reason, once a fatal error has started. */
  reason?: string;
  private kept = 0;
  private blanks = 0;
  private dropped = 0;

  constructor(
    private readonly emit: (line: LogLine) => void,
    private readonly outOfMemory: () => string,
  ) {}

  line(line: LogLine): void {
    if (this.reason === undefined) {
      if (line.stream === 'stderr' && FATAL.test(line.text)) {
        this.reason = /out of memory/.test(line.text) ? this.outOfMemory() : `Go's runtime stopped the instance (${line.text}); the next request starts a fresh instance.`;
        this.emit({ stream: 'system', text: this.reason });
      } else {
        return this.emit(line);
      }
    }
    if (line.stream !== 'stderr') return this.emit(line);
    // Keep through the blank line that ends the first goroutine's stack.
    if (this.blanks < 2 && this.kept < KEEP_MAX) {
      if (line.text.trim() === '') this.blanks++;
      this.kept++;
      return this.emit(line);
    }
    this.dropped++;
  }

  /** The instance is gone: say how much of the trace was left out, and start over. */
  end(): void {
    if (this.dropped > 0) this.emit({ stream: 'system', text: `… ${this.dropped} more lines of the runtime's trace left out.` });
    this.reason = undefined;
    this.kept = this.blanks = this.dropped = 0;
  }
}
