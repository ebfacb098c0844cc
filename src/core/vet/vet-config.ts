// The per-package configuration cmd/go hands to the vet tool (cmd/go/internal/work
// exec.go: vetConfig, buildVetConfig; read by x/tools' unitchecker). Field names
// and meanings are go's; paths are absolute in the file system vet runs in.

export interface VetConfig {
  /** Package ID; go vet uses the import path, also for test variants. */
  ID: string;
  Compiler: 'gc';
  Dir: string;
  ImportPath: string;
  GoFiles: string[];
  /** .s files (asmdecl reads them). */
  NonGoFiles: string[];
  /** Files left out by build constraints (buildtag checks their constraints). */
  IgnoredFiles: string[];
  ModulePath: string;
  ModuleVersion: string;
  /** Import path in the source → package path (std's vendored packages, test variants). */
  ImportMap: Record<string, string>;
  /** Package path → archive with its export data, for the package's direct imports. */
  PackageFile: Record<string, string>;
  Standard: Record<string, boolean>;
  /** Package path → facts file of an earlier vet run, for the direct imports. */
  PackageVetx: Record<string, string>;
  VetxOnly: boolean;
  VetxOutput: string;
  Stdout: string;
  /** "go1.22": the module's go line (go1.16 without one), or the toolchain's version for std. */
  GoVersion: string;
  FixArchive: string;
  SucceedOnTypecheckFailure: boolean;
}

/** A config with go's defaults for everything not given. */
export function vetConfig(c: Pick<VetConfig, 'ImportPath' | 'Dir' | 'GoFiles' | 'VetxOutput' | 'Stdout' | 'GoVersion'> & Partial<VetConfig>): VetConfig {
  return {
    ID: c.ImportPath,
    Compiler: 'gc',
    NonGoFiles: [],
    IgnoredFiles: [],
    ModulePath: '',
    ModuleVersion: '',
    ImportMap: {},
    PackageFile: {},
    Standard: {},
    PackageVetx: {},
    VetxOnly: false,
    FixArchive: '',
    SucceedOnTypecheckFailure: false,
    ...c,
  };
}

/** cmd/go writes the config with json.MarshalIndent(v, "", "\t") and a newline; vet only parses it. */
export function formatVetConfig(c: VetConfig): string {
  return JSON.stringify(c, null, '\t') + '\n';
}

/** Where a target's standard-library facts live in a toolchain bundle (absent when a package has none). */
export function stdVetxPath(target: string, importPath: string): string {
  return `vet/${target.replace('/', '_')}/${importPath}.vetx`;
}

/** vet's own flags for standard-library packages: go vet turns unsafeptr off in GOROOT. */
export const STD_VET_FLAGS = ['-unsafeptr=false'];
