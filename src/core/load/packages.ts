// The shape of a loaded module: what the Go helper program (toolchain/helper,
// run as WASI) reports about the project's own packages and entrypoints, and
// what the planner turns into compile/asm/link actions.
import type { Diagnostic, Location } from '../types.ts';

export interface LoadedPackage {
  /** e.g. "example.com/m/api" */
  importPath: string;
  /** Project-relative directory, "" for the module root. */
  dir: string;
  /** Package clause name. */
  name: string;
  /** File names inside dir, after build constraints, in go/build's order. */
  goFiles: string[];
  sFiles: string[];
  /** .h files in dir (asm may include them). */
  hFiles: string[];
  /** Sorted unique import paths of goFiles (std and module packages). */
  imports: string[];
  embedPatterns: string[];
  /** Pattern → project-relative file paths it matched (sorted), as cmd/go resolves them. */
  embedFiles: Record<string, string[]>;
}

export interface EntryInfo {
  /** Project-relative entry file, e.g. "api/users/[id].go" */
  entry: string;
  /** Import path of the entry's package. */
  importPath: string;
  packageName: string;
  /** Exported func(http.ResponseWriter, *http.Request) name. */
  handler: string;
  /** Position of the handler's name identifier in the entry file. */
  handlerPos: Location;
  /**
   * Other files of the same package declaring a top-level func with the same
   * name (position of that name): rename them when building this entry.
   */
  handlerAlsoIn: Location[];
}

export type LoadResult =
  | {
      ok: true;
      /** Module packages reachable from the entries, dependencies before dependents. */
      packages: LoadedPackage[];
      /** Every standard-library package imported directly by a module package. */
      stdImports: string[];
      entries: EntryInfo[];
    }
  | { ok: false; diagnostics: Diagnostic[] };
