// Turns the handler's stdout/stderr byte streams into lines. Partial lines
// wait for their newline, or for flush() when a response ends, so each line
// lands in the response during which it was written.
import type { LogLine } from '../types.ts';

export class LogLines {
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private readonly partial = { stdout: '', stderr: '' };

  constructor(private readonly emit: (line: LogLine) => void) {}

  push(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    const text = this.partial[stream] + this.decoders[stream].decode(bytes, { stream: true });
    const lines = text.split('\n');
    this.partial[stream] = lines.pop()!;
    for (const line of lines) this.emit({ stream, text: line });
  }

  system(text: string): void {
    this.flush();
    this.emit({ stream: 'system', text });
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].decode();
      this.partial[stream] = '';
      if (rest !== '') this.emit({ stream, text: rest });
    }
  }
}
