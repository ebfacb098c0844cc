// A request body read as it arrives, up to a limit: past it reading stops
// and the answer is undefined, so an oversized upload is never held whole.
import type { IncomingMessage } from 'node:http';

export async function readBodyUpTo(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
