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
  /** Set for packages of dependency modules; dir and embedFiles are then absolute ("/gofn/mod/…") unless the module is a directory in the project. */
  module?: PackageModule;
}

/** The module a non-main-module package comes from; absent for the main module's packages. */
export interface PackageModule {
  path: string;
  /** The required version, e.g. "v1.6.0" (also for a replaced module). */
  version: string;
  /** go.sum's h1: hash of path@version; unused when replaced. */
  sum?: string;
  /** The go line of the module's go.mod (of the replacement when replaced); undefined when it has none. */
  goVersion?: string;
  /** A replace directive's target: a directory ("../dep", version "") or another module version. */
  replace?: { path: string; version: string; sum?: string };
}

/** One line of `go list -m all`. */
export interface ListedModule {
  path: string;
  version?: string;
  main?: boolean;
  goVersion?: string;
  replace?: ListedModule;
}

/** The go.mod/go.sum a build needs (what go mod tidy would add), shown to the user before it is written. */
export interface ModProposal {
  goMod: string;
  goSum: string;
  /** "go: added github.com/google/uuid v1.6.0", … */
  changes: string[];
  /** True when the build went ahead with it (tidy requested). */
  applied: boolean;
}

export interface ModulesAnswer {
  buildList: ListedModule[];
  /** Downloads the helper checked this run (zips: their trees were written; mods: safe to cache). */
  verified: { path: string; version: string; sum: string; kind: 'zip' | 'mod' }[];
  proposal?: ModProposal;
  warnings: Diagnostic[];
  vendor: boolean;
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
      modules?: ModulesAnswer;
    }
  | { ok: false; diagnostics: Diagnostic[]; modules?: ModulesAnswer };

/** A run of the helper in module mode that waits for downloads (GOPROXY protocol paths). */
export interface LoadNeeds {
  need: string[];
  modules: ModulesAnswer;
}
