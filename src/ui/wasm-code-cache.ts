// The toolchain's programs as Cache Storage responses, compiled with
// WebAssembly.compileStreaming: V8 keeps the compiled code of a module
// streamed from a response with a URL and reuses it on later visits, which
// bytes read from IndexedDB never get. Used by the build worker; the bytes
// stay in IndexedDB as every bundle file does (that copy is the one fetched,
// verified and counted), this is a second copy for the code cache.
//
// A response read back is checked against its sha256 while it compiles; one
// that does not match is dropped and the program compiled from the verified
// bytes. A program not in the cache yet is compiled from its bytes at once and
// put in the cache afterwards, off the first build's path.

const CACHE = 'gofn-wasm-v1';

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', data)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface WasmCodeCache {
  compile(version: string, sha256: string, bytes: () => Promise<Uint8Array<ArrayBuffer>>): Promise<WebAssembly.Module>;
  /** Drops a version's programs (when its bundle is evicted). */
  evict(version: string): Promise<void>;
}

export function wasmCodeCache(base: string): WasmCodeCache {
  const url = (version: string, sha256: string): string => new URL(`_gofn/wasm/go${version}/${sha256}.wasm`, base).href;
  const open = (): Promise<Cache> => caches.open(CACHE);
  return {
    async compile(version, sha256, bytes) {
      const key = url(version, sha256);
      const cache = await open();
      const hit = await cache.match(key);
      if (hit) {
        const [module, sha] = await Promise.all([WebAssembly.compileStreaming(hit.clone()).catch(() => undefined), hit.arrayBuffer().then(sha256Hex)]);
        if (module && sha === sha256) return module;
        await cache.delete(key);
      }
      const data = await bytes();
      const module = await WebAssembly.compile(data);
      // A full quota only costs the code cache.
      void cache.put(key, new Response(data, { headers: { 'Content-Type': 'application/wasm' } })).catch(() => undefined);
      return module;
    },
    async evict(version) {
      const cache = await open();
      const prefix = url(version, '');
      for (const req of await cache.keys()) if (req.url.startsWith(prefix)) await cache.delete(req);
    },
  };
}
