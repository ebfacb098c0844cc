// Comlink ships its Node adapter's types as node-adapter.d.ts beside the .mjs
// file, which TypeScript does not pair with an .mjs import.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  import type { MessagePort, Worker } from 'node:worker_threads';
  export default function nodeEndpoint(port: MessagePort | Worker): Endpoint;
}
