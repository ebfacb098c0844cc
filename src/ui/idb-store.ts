// The engine's BlobStore over IndexedDB (idb-keyval), used by the build
// worker: toolchain files and build-cache entries survive reloads, so a
// second visit needs no network. Runs in windows and workers alike.

import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { BlobStore } from '../core/types.ts';

export function createIdbBlobStore(dbName = 'gofn-blobs', storeName = 'blobs'): BlobStore {
  const store: UseStore = createStore(dbName, storeName);
  return {
    async get(key) {
      const v: unknown = await get(key, store);
      return v instanceof Uint8Array ? v : undefined;
    },
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    async keys(prefix = '') {
      const all = await keys<IDBValidKey>(store);
      return all.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix));
    },
  };
}
