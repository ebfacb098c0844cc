// Small projects for test/loader.test.ts: some go builds, some it rejects.
import type { ProjectFiles } from '../../src/core/types.ts';

export interface LoaderProject {
  name: string;
  files: ProjectFiles;
  entries: string[];
}

const goMod = 'module example.com/m\n\ngo 1.22\n';
const handler = (pkg: string, name = 'Handler', body = ''): string =>
  `package ${pkg}\n\nimport "net/http"\n\nfunc ${name}(w http.ResponseWriter, r *http.Request) {${body}}\n`;

/** File choice by GOOS/GOARCH suffixes, //go:build lines, user tags, assembly. */
export const taggedProject: LoaderProject = {
  name: 'build constraints',
  entries: ['api/index.go'],
  files: {
    'go.mod': goMod,
    'api/index.go': 'package api\n\nimport (\n\t"net/http"\n\n\t"example.com/m/lib"\n)\n\nfunc H(w http.ResponseWriter, r *http.Request) { lib.X() }\n',
    'lib/lib.go': 'package lib\n\nfunc X() { y() }\n',
    'lib/os_linux.go': 'package lib\n\nimport "os"\n\nfunc y() { _ = os.Args }\n',
    'lib/os_wasip1.go': 'package lib\n\nimport "io"\n\nfunc y() { _ = io.EOF }\n',
    'lib/arch_amd64.go': 'package lib\n',
    'lib/arch_arm64.go': 'package lib\n\nimport _ "unsafe"\n',
    'lib/level.go': '//go:build amd64.v1 || arm64.v8.0\n\npackage lib\n',
    'lib/level3.go': '//go:build amd64.v3\n\npackage lib\n',
    'lib/prod.go': '//go:build prod && !dev\n\npackage lib\n\nimport "strings"\n\nvar _ = strings.ToUpper\n',
    'lib/old.go': '// +build ignore\n\npackage lib\n',
    'lib/future.go': '//go:build go1.999\n\npackage lib\n',
    'lib/sum_amd64.s': '#include "textflag.h"\n\nTEXT ·sum(SB),NOSPLIT,$0\n\tRET\n',
    'lib/sum_arm64.s': '#include "textflag.h"\n\nTEXT ·sum(SB),NOSPLIT,$0\n\tRET\n',
    'lib/other.S': '',
    'lib/defs.h': '#define X 1\n',
    'lib/lib_test.go': 'package lib\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
    'lib/_skip.go': 'package nope\n',
    'lib/cgo.go': '//go:build cgo\n\npackage lib\n\nimport "C"\n',
  },
};

/**
 * //go:embed patterns: directories, hidden files, all:, globs. (go list refuses
 * file names like [id].go, so the differential projects avoid them.)
 */
export const embedProject: LoaderProject = {
  name: 'embed',
  entries: ['api/site.go', 'api/users/user.go'],
  files: {
    'go.mod': goMod,
    'api/site.go':
      'package api\n\nimport (\n\t"embed"\n\t"net/http"\n)\n\n//go:embed static\nvar static embed.FS\n\n//go:embed all:static/d templates/*.html\nvar more embed.FS\n\n//go:embed version.txt\nvar version string\n\nfunc Site(w http.ResponseWriter, r *http.Request) { _, _ = static, more; w.Write([]byte(version)) }\n',
    'api/static/a.txt': 'a',
    'api/static/.hidden': 'h',
    'api/static/d/_under.txt': 'u',
    'api/static/d/b.txt': 'b',
    'api/static/mod/go.mod': 'module other\n',
    'api/static/mod/m.txt': 'm',
    'api/templates/page.html': '<p>',
    'api/templates/page.txt': 'p',
    'api/version.txt': '1',
    'api/users/user.go': 'package handler\n\nimport (\n\t_ "embed"\n\t"net/http"\n)\n\n//go:embed page.html\nvar page []byte\n\nfunc User(w http.ResponseWriter, r *http.Request) { w.Write(page) }\n',
    'api/users/page.html': '<p>user</p>',
  },
};

/** A module with several packages: root package, api/_pkg, internal, shared handler names. */
export const multiPackageProject: LoaderProject = {
  name: 'packages',
  entries: ['api/a.go', 'api/b.go', 'api/sub/index.go'],
  files: {
    'go.mod': goMod,
    'version.go': 'package m\n\nconst Version = "1"\n',
    'api/a.go': 'package api\n\nimport (\n\t"net/http"\n\n\t"example.com/m/api/_pkg/render"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) { render.JSON(w, 1) }\n',
    'api/b.go': 'package api\n\nimport (\n\t"net/http"\n\n\t"example.com/m"\n)\n\nfunc Handler2(w http.ResponseWriter, r *http.Request) { w.Write([]byte(m.Version)) }\n',
    'api/_pkg/render/render.go':
      'package render\n\nimport (\n\t"encoding/json"\n\t"net/http"\n\n\t"example.com/m/internal/enc"\n)\n\nfunc JSON(w http.ResponseWriter, v any) { json.NewEncoder(w).Encode(enc.Wrap(v)) }\n',
    'internal/enc/enc.go': 'package enc\n\nfunc Wrap(v any) map[string]any { return map[string]any{"data": v} }\n',
    'api/sub/index.go': handler('sub', 'Handler', ' w.WriteHeader(204) '),
  },
};

export interface ErrorProject extends LoaderProject {
  /** [file:line:col or "", message] per diagnostic, in order. */
  want: [string, string][];
}

export const errorProjects: ErrorProject[] = [
  {
    name: 'syntax error',
    entries: ['api/x.go'],
    files: { 'go.mod': goMod, 'api/x.go': 'package api\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n\tx :=\n}\n' },
    want: [['api/x.go:7:1', "expected operand, found '}'"]],
  },
  {
    name: 'missing packages',
    entries: ['api/x.go'],
    files: { 'go.mod': goMod, 'api/x.go': 'package api\n\nimport (\n\t"net/http"\n\t_ "example.com/m/nope"\n\t_ "foo/bar"\n)\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n' },
    want: [
      ['api/x.go:5:2', 'no required module provides package example.com/m/nope; to add it:\n\tgo get example.com/m/nope'],
      ['api/x.go:6:2', 'package foo/bar is not in std (/goroot/src/foo/bar)'],
    ],
  },
  {
    name: 'embed pattern without files',
    entries: ['api/x.go'],
    files: { 'go.mod': goMod, 'api/x.go': 'package api\n\nimport (\n\t_ "embed"\n\t"net/http"\n)\n\n//go:embed *.json\nvar s string\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n' },
    want: [['api/x.go:8:12', 'pattern *.json: no matching files found']],
  },
  {
    name: 'no handler, package main',
    entries: ['api/x.go', 'api/main/m.go'],
    files: { 'go.mod': goMod, 'api/x.go': 'package api\n\nfunc helper() {}\n', 'api/main/m.go': handler('main') },
    want: [
      ['api/main/m.go:1:9', "package main cannot be used by an entrypoint: each entrypoint's package is imported by a generated main package, and Go does not allow importing a main package; use another name, e.g. package handler"],
      ['api/x.go:0:0', 'Could not find an exported function in "api/x.go"'],
    ],
  },
];
