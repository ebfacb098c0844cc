// The build IDs of one plan run: each step's action ID from its recipe and
// its dependencies' content IDs, which the archives themselves carry (std
// archives from the bundle as go built them, module archives as this run
// stamped them).
import type { PlanStep } from '../plan/plan-types.ts';
import { actionId, type ActionIdDep } from '../plan/go-action-id.ts';
import { archiveBuildId, findAll } from './build-id.ts';

export interface StepId {
  /** cmd/go's action ID of the step. */
  actionId: string;
  /** What the tool gets: "aid/aid" for a compile, "laid/mainAID/mainCID/laid" for a link. */
  placeholder: string;
  /** The placeholder without its last part; the content ID completes it. */
  prefix: string;
  /** The text hashed into the action ID, write by write (as GODEBUG=gocachehash=1 shows it). */
  writes: string[];
}

export class StepIds {
  private readonly ids = new Map<string, string>();

  /**
   * read returns an archive the plan names (an earlier step's output or a
   * bundle file); known gives a bundle archive's build ID without reading it,
   * when recorded.
   */
  constructor(
    private readonly read: (path: string) => Promise<Uint8Array>,
    private readonly known?: (path: string) => Promise<string | undefined> | undefined,
  ) {}

  async of(step: PlanStep): Promise<StepId> {
    const full = new Map<string, string>();
    for (const dep of step.actionId.deps) full.set(dep.importPath, await this.buildId(dep));
    const { id: aid, writes } = actionId(step.actionId, (d) => full.get(d.importPath)!);
    const prefix = step.kind === 'link' ? `${aid}/${full.get(step.actionId.mainPackage!)}/` : `${aid}/`;
    return { actionId: aid, prefix, placeholder: prefix + aid, writes };
  }

  private async buildId(dep: ActionIdDep): Promise<string> {
    if (!dep.archive) return '';
    let id = this.ids.get(dep.archive);
    if (id === undefined) {
      id = (await this.known?.(dep.archive)) ?? archiveBuildId(await this.read(dep.archive));
      if (id === undefined) throw new Error(`${dep.archive} (${dep.importPath}) carries no build ID`);
      this.ids.set(dep.archive, id);
    }
    return id;
  }
}

/** The build ID an output stamped with this prefix carries (prefix + 20 characters), if any. */
export function stampedId(data: Uint8Array, prefix: string): string | undefined {
  const p = new TextEncoder().encode(prefix);
  const at = findAll(data, p)[0];
  if (at === undefined) return undefined;
  return prefix + new TextDecoder('latin1').decode(data.subarray(at + p.length, at + p.length + 20));
}
