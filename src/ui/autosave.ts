// Autosave: every change is written to IndexedDB as it happens (one write in
// flight, the newest state queued behind it), so a reload or a crashed tab
// loses at most the keystroke being written. A project replaced by an
// example or a share link is kept as "previous" and can be brought back.

import { createStore, get, set, type UseStore } from 'idb-keyval';
import { onChange, type Workspace, type WorkspaceSnapshot } from './workspace.ts';

const store: UseStore = createStore('gofn-workspace', 'kv');

export async function loadSaved(slot: 'current' | 'previous' = 'current'): Promise<WorkspaceSnapshot | undefined> {
  try {
    const v = await get<WorkspaceSnapshot>(slot, store);
    return v && v.format === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}

export async function keepAsPrevious(snap: WorkspaceSnapshot): Promise<void> {
  await set('previous', snap, store);
}

export interface Autosave {
  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void>;
  onError(fn: (e: unknown) => void): void;
}

export function startAutosave(ws: Workspace): Autosave {
  let writing: Promise<void> | undefined;
  let dirty = false;
  let errorFn: (e: unknown) => void = (e) => console.error('autosave failed', e);

  const pump = (): Promise<void> => {
    if (writing) return writing;
    if (!dirty) return Promise.resolve();
    dirty = false;
    writing = set('current', ws.snapshot(), store)
      .catch((e: unknown) => errorFn(e))
      .finally(() => {
        writing = undefined;
      })
      .then(() => pump());
    return writing;
  };

  onChange(ws, () => {
    dirty = true;
    void pump();
  });
  // The last write may still be queued when the tab goes away.
  const flushSoon = (): void => {
    dirty = true;
    void pump();
  };
  window.addEventListener('pagehide', flushSoon);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushSoon();
  });

  return {
    async flush() {
      while (writing || dirty) await pump();
    },
    onError(fn) {
      errorFn = fn;
    },
  };
}
