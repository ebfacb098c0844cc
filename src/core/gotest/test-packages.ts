// The packages of one package's test binary, as cmd/go's TestPackagesFor
// makes them (cmd/go/internal/load/test.go): the package recompiled with its
// _test.go files ("p [p.test]"), the external test package p_test, and the
// generated main p.test. Everything else in that binary that imports p is
// compiled against the test variant, which a plan gets for free: the world
// below names the variant by p's own import path, as go's recompileForTest does.
import type { ListedPackage } from '../load/list.ts';
import type { LoadedPackage } from '../load/packages.ts';
import type { ProjectFiles } from '../types.ts';
import { TESTMAIN_DEPS, testmainSource } from './testmain.ts';

/** Where generated test mains live in the project's file tree (never a user path: cmd/go ignores "_" folders). */
export const TESTMAIN_DIR = '_gofn/test';

export interface TestWorld {
  /** p with its internal test files; p itself when it has none. */
  ptest: LoadedPackage;
  /** True when ptest differs from p (cmd/go then describes it as "p [p.test]"). */
  ptestIsVariant: boolean;
  pxtest?: LoadedPackage;
  /** The generated package main, when the package has tests to run. */
  testmain?: LoadedPackage;
  /** Every module package of the binary, ptest under p's path; pxtest and testmain included. */
  packages: LoadedPackage[];
  /** Generated files to add to the project files (the test main). */
  files: ProjectFiles;
}

const union = (...lists: string[][]): string[] => [...new Set(lists.flat())].sort();

function embedsOf(files: Record<string, string[]>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of files) for (const [k, v] of Object.entries(m)) out[k] = [...new Set([...(out[k] ?? []), ...v])].sort();
  return out;
}

export function testWorld(listed: ListedPackage[], root: ListedPackage, modulePath: string, setModulePath = true): TestWorld {
  const ptestIsVariant = root.testGoFiles.length > 0;
  const ptest: LoadedPackage = {
    importPath: root.importPath,
    dir: root.dir,
    name: root.name,
    goFiles: [...root.goFiles, ...root.testGoFiles],
    sFiles: root.sFiles,
    hFiles: root.hFiles,
    imports: union(root.imports, root.testImports),
    embedPatterns: [...root.embedPatterns, ...root.testEmbedPatterns],
    embedFiles: embedsOf([root.embedFiles, root.testEmbedFiles]),
  };
  const pxtest: LoadedPackage | undefined = root.xtestGoFiles.length
    ? {
        importPath: `${root.importPath}_test`,
        dir: root.dir,
        name: `${root.name}_test`,
        goFiles: root.xtestGoFiles,
        sFiles: [],
        hFiles: [],
        imports: union(root.xtestImports),
        embedPatterns: root.xtestEmbedPatterns,
        embedFiles: root.xtestEmbedFiles,
      }
    : undefined;
  const packages: LoadedPackage[] = listed.map((p) => (p.importPath === root.importPath ? ptest : strip(p)));
  if (pxtest) packages.push(pxtest);
  const files: ProjectFiles = {};
  let testmain: LoadedPackage | undefined;
  if (root.tests) {
    const dir = `${TESTMAIN_DIR}/${root.dir || '_root'}`;
    const funcs = root.tests;
    testmain = {
      importPath: `${root.importPath}.test`,
      dir,
      name: 'main',
      goFiles: ['_testmain.go'],
      sFiles: [],
      hFiles: [],
      imports: union(TESTMAIN_DEPS, funcs.importTest ? [root.importPath] : [], funcs.importXtest && pxtest ? [pxtest.importPath] : []),
      embedPatterns: [],
      embedFiles: {},
    };
    files[`${dir}/_testmain.go`] = testmainSource({ importPath: root.importPath, modulePath, funcs, setModulePath });
    packages.push(testmain);
  }
  return { ptest, ptestIsVariant, pxtest, testmain, packages, files };
}

/** The build's view of a listed package: its non-test files only. */
export function strip(p: ListedPackage): LoadedPackage {
  const { importPath, dir, name, goFiles, sFiles, hFiles, imports, embedPatterns, embedFiles } = p;
  return { importPath, dir, name, goFiles, sFiles, hFiles, imports, embedPatterns, embedFiles };
}
