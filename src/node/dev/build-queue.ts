// One build at a time on the engine thread, routes that a request waits for
// first. Asking for a route already queued moves it to the front when a
// request needs it; a route asked for while its build runs is built again
// after it (the files may have changed under that build).
export class BuildQueue {
  private readonly queue: string[] = [];
  private readonly waiters = new Map<string, (() => void)[]>();
  private running = false;

  constructor(
    private readonly buildOne: (entry: string) => Promise<void>,
    private readonly onError: (entry: string, error: unknown) => void,
  ) {}

  /** Resolves once a build of entry that started after this call has ended. */
  build(entry: string, urgent: boolean): Promise<void> {
    return new Promise((done) => {
      const list = this.waiters.get(entry) ?? [];
      list.push(done);
      this.waiters.set(entry, list);
      const i = this.queue.indexOf(entry);
      if (i < 0) {
        if (urgent) this.queue.unshift(entry);
        else this.queue.push(entry);
      } else if (urgent && i > 0) {
        this.queue.splice(i, 1);
        this.queue.unshift(entry);
      }
      void this.pump();
    });
  }

  get idle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (this.queue.length > 0) {
      const entry = this.queue.shift()!;
      const waiting = this.waiters.get(entry) ?? [];
      this.waiters.delete(entry);
      try {
        await this.buildOne(entry);
      } catch (e) {
        this.onError(entry, e);
      }
      for (const done of waiting) done();
    }
    this.running = false;
  }
}
