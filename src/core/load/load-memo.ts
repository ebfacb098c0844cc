// The last package load of each target, reused when an edit changed only
// function bodies: the helper's run is then skipped. Reused only when every
// file reads the same to the load — the same paths, every non-Go file byte
// for byte, every Go file with the same skeleton (go-skeleton.ts) — and the
// same request, build env and toolchain; and only for a load that succeeded
// with no go.mod/go.sum change to propose and no handler renamed for a
// sibling entry (those carry positions the skeleton does not track). The
// handlers' positions are taken afresh from the edited files.
import type { ModulesReport, ProjectFiles } from '../types.ts';
import type { ModuleLoadOutcome } from '../modules/resolve.ts';
import { goSkeleton, type GoSkeleton } from './go-skeleton.ts';

export type LoadOutcome = ModuleLoadOutcome & { report: ModulesReport };

/** What a load read: its request and settings as one string, and each file as the load sees it. */
interface Reading {
  settings: string;
  files: Map<string, string | Uint8Array>;
  skeletons: Map<string, GoSkeleton>;
}

export class LoadMemo {
  private readonly last = new Map<string, { reading: Reading; outcome: LoadOutcome }>();

  /**
   * The remembered outcome for slot if files and settings read as they did
   * for it, with the entries' handler positions from these files; else
   * undefined (load, then remember()).
   */
  reuse(slot: string, files: ProjectFiles, settings: unknown): LoadOutcome | undefined {
    const prev = this.last.get(slot);
    const now = reading(files, settings);
    if (!prev || !now || !sameReading(prev.reading, now)) return undefined;
    const result = prev.outcome.result;
    if (!result.ok) return undefined;
    const entries = [];
    for (const e of result.entries) {
      const at = now.skeletons.get(e.entry)?.funcs.get(e.handler);
      if (!at || e.handlerPos.file !== e.entry) return undefined;
      entries.push({ ...e, handlerPos: { ...e.handlerPos, ...at } });
    }
    return {
      ...prev.outcome,
      result: { ...result, entries },
      fetched: { requests: 0, bytes: 0 },
      rounds: 0,
      report: { ...prev.outcome.report, fetched: { requests: 0, bytes: 0 }, rounds: 0 },
    };
  }

  /** Keeps outcome for slot when it is one that may be reused; forgets the slot's last one otherwise. */
  remember(slot: string, files: ProjectFiles, settings: unknown, outcome: LoadOutcome): void {
    const r = outcome.result;
    const reusable = r.ok && !outcome.report.proposal && r.entries.every((e) => e.handlerAlsoIn.length === 0);
    const now = reusable ? reading(files, settings) : undefined;
    if (now) this.last.set(slot, { reading: now, outcome });
    else this.last.delete(slot);
  }
}

function reading(files: ProjectFiles, settings: unknown): Reading | undefined {
  const out = new Map<string, string | Uint8Array>();
  const skeletons = new Map<string, GoSkeleton>();
  for (const [path, data] of Object.entries(files)) {
    if (!path.endsWith('.go')) {
      out.set(path, data);
      continue;
    }
    const sk = typeof data === 'string' ? goSkeleton(data) : undefined;
    if (!sk) return undefined;
    out.set(path, sk.text);
    skeletons.set(path, sk);
  }
  return { settings: JSON.stringify(settings), files: out, skeletons };
}

function sameReading(a: Reading, b: Reading): boolean {
  if (a.settings !== b.settings || a.files.size !== b.files.size) return false;
  for (const [path, x] of a.files) {
    const y = b.files.get(path);
    if (y === undefined || !sameData(x, y)) return false;
  }
  return true;
}

function sameData(x: string | Uint8Array, y: string | Uint8Array): boolean {
  if (typeof x === 'string' || typeof y === 'string') return x === y;
  return x.length === y.length && x.every((b, i) => b === y[i]);
}
