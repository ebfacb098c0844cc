// The module versions the loopback proxy serves in the module tests, and
// the graphs (go.mod files) built from them. Each module has one package
// at its root whose Name() calls the packages it imports, so a handler that
// prints Name() shows which versions were linked.
import { simpleModule, writeModule } from './goproxy.ts';

export function writeUniverse(root: string): void {
  const mod = (path: string, version: string, opts: Parameters<typeof simpleModule>[1] = {}) => writeModule(root, path, version, simpleModule(path, opts));
  mod('example.com/a', 'v1.0.0', { require: ['example.com/b v1.0.0'], imports: ['example.com/b'] });
  mod('example.com/b', 'v1.0.0');
  mod('example.com/b', 'v1.1.0', { require: ['example.com/c v1.0.0'], imports: ['example.com/c'] });
  mod('example.com/c', 'v1.0.0');
  mod('example.com/c', 'v1.2.0');
  mod('example.com/d', 'v1.0.0', { require: ['example.com/c v1.2.0'], imports: ['example.com/c'] });
  // Pruning: deep's requirements are in the graph, mid's are not.
  mod('example.com/deep', 'v1.0.0', { require: ['example.com/mid v1.0.0'], imports: ['example.com/mid'] });
  mod('example.com/mid', 'v1.0.0', { require: ['example.com/leaf v1.0.0'] });
  mod('example.com/leaf', 'v1.0.0');
  // No go line: an unpruned module brings its whole closure.
  mod('example.com/old', 'v1.0.0', { go: '', require: ['example.com/oldb v1.0.0'], imports: ['example.com/oldb'] });
  mod('example.com/oldb', 'v1.0.0', { go: '1.16', require: ['example.com/oldc v1.0.0'] });
  mod('example.com/oldc', 'v1.0.0', { go: '1.16' });
  // Replaced by another module.
  mod('example.com/r', 'v1.0.0');
  writeModule(root, 'example.com/r2', 'v1.1.0', {
    ...simpleModule('example.com/r2', { require: ['example.com/c v1.2.0'], imports: ['example.com/c'] }),
    'r2.go': 'package r\n\nimport "example.com/c"\n\nfunc Name() string { return "example.com/r2+" + c.Name() }\n',
  });
  // Exclusions.
  mod('example.com/e', 'v1.0.0');
  mod('example.com/e', 'v1.1.0');
  mod('example.com/f', 'v1.0.0', { require: ['example.com/e v1.1.0'], imports: ['example.com/e'] });
  // Retraction, announced by the latest version.
  mod('example.com/rt', 'v1.0.0');
  mod('example.com/rt', 'v1.1.0', { extra: '\nretract v1.0.0 // broken: do not use\n' });
  // A go line newer than any toolchain.
  mod('example.com/newgo', 'v1.0.0', { go: '1.30' });
  // Major version suffix.
  mod('example.com/m2/v2', 'v2.1.0', { require: ['example.com/c v1.0.0'], imports: ['example.com/c'] });
  // Packages in a subdirectory, and a module whose path extends another's.
  writeModule(root, 'example.com/tools', 'v1.3.0', {
    'go.mod': 'module example.com/tools\n\ngo 1.21\n',
    'strs/strs.go': 'package strs\n\nimport "strings"\n\nfunc Name() string { return strings.ToUpper("example.com/tools/strs") }\n',
  });
}

export interface GraphCase {
  name: string;
  goMod: string;
  /** Project files besides go.mod (handlers, replaced directories). */
  files?: Record<string, string>;
  /** Imports of api/index.go; each package's Name() goes into the answer. */
  imports?: string[];
}

const handler = (imports: string[]): string => {
  const names = imports.map((i) => {
    const parts = i.split('/');
    const last = /^v\d+$/.test(parts.at(-1)!) ? parts.at(-2)! : parts.at(-1)!;
    return last.replace(/[^a-z0-9]/gi, '');
  });
  return `package api

import (
	"fmt"
	"net/http"
${imports.map((i) => `\n\t"${i}"`).join('')}
)

func Handler(w http.ResponseWriter, req *http.Request) {
	fmt.Fprint(w, ${names.map((n) => `${n}.Name()`).join(' + " " + ') || '"none"'})
}
`;
};

export function projectFiles(c: GraphCase): Record<string, string> {
  return { 'go.mod': c.goMod, 'api/index.go': handler(c.imports ?? []), ...c.files };
}

const gomod = (body: string, go = '1.26') => `module example.com/app\n\ngo ${go}\n${body}`;

export const graphCases: GraphCase[] = [
  { name: 'pruning', goMod: gomod('\nrequire (\n\texample.com/a v1.0.0\n\texample.com/deep v1.0.0\n)\n'), imports: ['example.com/a', 'example.com/deep'] },
  { name: 'unpruned dependency', goMod: gomod('\nrequire example.com/old v1.0.0\n'), imports: ['example.com/old'] },
  { name: 'diamond', goMod: gomod('\nrequire (\n\texample.com/b v1.1.0\n\texample.com/d v1.0.0\n)\n'), imports: ['example.com/b', 'example.com/d'] },
  {
    name: 'replace with a module',
    goMod: gomod('\nrequire example.com/r v1.0.0\n\nreplace example.com/r => example.com/r2 v1.1.0\n'),
    imports: ['example.com/r'],
  },
  {
    name: 'replace with a directory',
    goMod: gomod('\nrequire example.com/l v0.0.0\n\nreplace example.com/l => ./local/l\n'),
    imports: ['example.com/l'],
    files: {
      'local/l/go.mod': 'module example.com/l\n\ngo 1.21\n\nrequire example.com/b v1.1.0\n',
      'local/l/l.go': 'package l\n\nimport "example.com/b"\n\nfunc Name() string { return "local l+" + b.Name() }\n',
    },
  },
  {
    name: 'exclude',
    goMod: gomod('\nrequire (\n\texample.com/e v1.0.0\n\texample.com/f v1.0.0\n)\n\nexclude example.com/e v1.1.0\n'),
    imports: ['example.com/f'],
  },
  { name: 'retract', goMod: gomod('\nrequire example.com/rt v1.0.0\n'), imports: ['example.com/rt'] },
  { name: 'major version', goMod: gomod('\nrequire example.com/m2/v2 v2.1.0\n'), imports: ['example.com/m2/v2'] },
  { name: 'unpruned main module', goMod: gomod('\ntoolchain go1.26.8\n\nrequire example.com/a v1.0.0\n', '1.16'), imports: ['example.com/a'] },
  { name: 'package in a subdirectory', goMod: gomod('\nrequire example.com/tools v1.3.0\n'), imports: ['example.com/tools/strs'] },
];

/** A dependency whose go line no toolchain has. */
export const tooNewCase: GraphCase = { name: 'dependency go line too new', goMod: gomod('\nrequire example.com/newgo v1.0.0\n'), imports: ['example.com/newgo'] };

/** A handler importing modules go.mod does not require. */
export const missingCase: GraphCase = { name: 'missing requirement', goMod: gomod(''), imports: ['example.com/d', 'example.com/tools/strs'] };
