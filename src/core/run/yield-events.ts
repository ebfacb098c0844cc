// Lets the host's event loop run between two tool runs. The tools run
// synchronously on the engine's thread, so a cancel message from the host is
// only read when the engine waits on a task, not just a promise; awaiting
// this once per step is what makes a build or go vet stop at the next step.
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
