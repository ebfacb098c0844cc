package main

import (
	"reflect"
	"strings"
	"testing"
)

const handlerFile = `package api

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}
`

// Each case is a project that go build rejects; the diagnostics are worded
// like cmd/go's (checked against go build/go list on the same files), with
// project-relative paths instead of absolute ones.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name    string
		archive string
		entries []string
		opts    loadOpts
		want    []string
		// native: go build reports the same messages (checked when go is on PATH).
		native bool
	}{{
		name:   "syntax error in an imported package's imports",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/syn"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- syn/s.go --
package syn

import (
	x y z
)
`,
		want: []string{"load syn/s.go:4:4: import path must be a string"},
	}, {
		name: "syntax error in an entrypoint body",
		archive: `-- api/x.go --
package api

import "net/http"

func H(w http.ResponseWriter, r *http.Request) {
	x := 
}
`,
		want: []string{"load api/x.go:7:1: expected operand, found '}'"},
	}, {
		name:   "package names differ in an imported directory",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/two"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- two/a.go --
package two
-- two/b.go --
package three
`,
		want: []string{"load api/x.go:5:2: found packages two (a.go) and three (b.go) in two"},
	}, {
		name:   "package names differ in the entrypoint's directory",
		native: true,
		archive: `-- api/a.go --
package api

import "net/http"

func A(w http.ResponseWriter, r *http.Request) {}
-- api/b.go --
package handler

import "net/http"

func B(w http.ResponseWriter, r *http.Request) {}
`,
		entries: []string{"api/a.go", "api/b.go"},
		want:    []string{"load api/b.go:1:9: found packages api (a.go) and handler (b.go) in api"},
	}, {
		name:   "build constraints exclude every file of an imported package",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/lin"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- lin/l_windows.go --
package lin
-- lin/l2.go --
//go:build ignore

package lin
`,
		want: []string{"load api/x.go:5:2: build constraints exclude all Go files in lin"},
	}, {
		name:   "no Go files",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/hidden"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- hidden/_a.go --
package hidden
`,
		want: []string{"load api/x.go:5:2: no Go files in hidden"},
	}, {
		name:   "no non-test Go files",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/onlytest"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- onlytest/a_test.go --
package onlytest
`,
		want: []string{"load api/x.go:5:2: no non-test Go files in onlytest"},
	}, {
		name:   "missing packages in and outside the module, unknown std package",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "foo/bar"
	_ "example.com/m/nope"
	_ "github.com/x/y"
	_ "example.com/m/docs"
	_ "example.com/m/sub/z"
	_ "example.com/m/asm"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- docs/README --
hi
-- sub/go.mod --
module example.com/m/sub
-- sub/z/z.go --
package z
-- asm/a_amd64.s --
`,
		want: []string{
			"load api/x.go:10:2: no required module provides package example.com/m/asm; to add it:\n\tgo get example.com/m/asm",
			"load api/x.go:8:2: no required module provides package example.com/m/docs; to add it:\n\tgo get example.com/m/docs",
			"load api/x.go:6:2: no required module provides package example.com/m/nope; to add it:\n\tgo get example.com/m/nope",
			"load api/x.go:9:2: no required module provides package example.com/m/sub/z; to add it:\n\tgo get example.com/m/sub/z",
			"load api/x.go:5:2: package foo/bar is not in std (/goroot/src/foo/bar)",
			"load api/x.go:7:2: no required module provides package github.com/x/y; to add it:\n\tgo get github.com/x/y",
		},
	}, {
		name:   "missing package of a module path without a dot",
		native: true,
		archive: `-- go.mod --
module myapp

go 1.21
-- api/x.go --
package api

import (
	"net/http"
	_ "myapp/lib"
	_ "myapp/nope"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- lib/l.go --
package lib
`,
		opts: loadOpts{modulePath: "myapp"},
		want: []string{"load api/x.go:6:2: package myapp/nope is not in std (/goroot/src/myapp/nope)"},
	}, {
		name:   "internal package of the module",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/a"
	_ "example.com/m/a/internal/q"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- a/a.go --
package a

import _ "example.com/m/a/internal/q"
-- a/internal/q/q.go --
package q
`,
		want: []string{"load api/x.go:6:2: use of internal package example.com/m/a/internal/q not allowed"},
	}, {
		name:   "internal package of std",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "internal/abi"
)

func H(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{"load api/x.go:5:2: use of internal package internal/abi not allowed"},
	}, {
		name:   "std's vendored packages",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "vendor/golang.org/x/net/http/httpguts"
)

func H(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{"load api/x.go:5:2: use of vendored package not allowed"},
	}, {
		name:   "relative and malformed import paths",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "./rel"
	_ "example.com/m/"
	_ "example.com/m/bad path"
)

func H(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{"load api/x.go:7:2: invalid import path: example.com/m/bad path"},
	}, {
		name:   "relative and malformed import paths (after the header is valid)",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "./rel"
	_ "example.com/m/"
	_ "all"
)

func H(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{
			"load api/x.go:5:2: \"./rel\" is relative, but relative import paths are not supported in module mode",
			"load api/x.go:7:2: \"all\" is not an importable package; see 'go help packages'",
			"load api/x.go:6:2: malformed import path \"example.com/m/\": trailing slash",
		},
	}, {
		name:   "importing a main package",
		native: true,
		archive: `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/cmd/tool"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- cmd/tool/main.go --
package main

func main() {}
`,
		want: []string{`load api/x.go:5:2: import "example.com/m/cmd/tool" is a program, not an importable package`},
	}, {
		name: "cgo",
		archive: `-- api/x.go --
package api

import (
	"net/http"
	"example.com/m/c"
)

func H(w http.ResponseWriter, r *http.Request) { c.X() }
-- c/c.go --
package c

// int f() { return 1; }
import "C"

func X() {}
-- c/nocgo.go --
//go:build !cgo

package c
-- c/withcgo.go --
//go:build cgo

package c

import "C"
`,
		want: []string{`load c/c.go:4:8: import "C" is not supported: functions are built with CGO_ENABLED=0, and go leaves files that use cgo out of the build`},
	}, {
		name: "cgo in the entrypoint",
		archive: `-- api/x.go --
package api

import (
	"C"
	"net/http"
)

func H(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{`load api/x.go:4:2: import "C" is not supported: functions are built with CGO_ENABLED=0, and go leaves files that use cgo out of the build`},
	}, {
		name: "entrypoint excluded by build constraints",
		archive: `-- api/x.go --
//go:build windows

package api

import "net/http"

func H(w http.ResponseWriter, r *http.Request) {}
-- api/y.go --
package api

import "net/http"

func Y(w http.ResponseWriter, r *http.Request) {}
`,
		entries: []string{"api/x.go", "api/y.go"},
		opts:    loadOpts{tags: []string{"prod"}},
		want:    []string{"analyze api/x.go:0:0: build constraints exclude this entrypoint for linux/amd64 with tags prod"},
	}, {
		name:   "every file of the entrypoint's package excluded",
		native: true,
		archive: `-- api/x_darwin.go --
package api

import "net/http"

func H(w http.ResponseWriter, r *http.Request) {}
`,
		entries: []string{"api/x_darwin.go"},
		want:    []string{"load api/x_darwin.go:0:0: build constraints exclude all Go files in api"},
	}, {
		name:    "entry files that cannot be entrypoints",
		archive: "-- api/x.go --\n" + handlerFile + "-- api/x_test.go --\npackage api\n-- api/readme.md --\nhi\n",
		entries: []string{"api/missing.go", "api/x_test.go", "api/readme.md", "../x.go"},
		want: []string{
			`load ../x.go:0:0: entrypoint "../x.go" is not a clean project-relative path`,
			"load api/missing.go:0:0: entrypoint api/missing.go does not exist",
			"load api/readme.md:0:0: entrypoint api/readme.md is not a .go file",
			"load api/x_test.go:0:0: entrypoint api/x_test.go is a test file",
		},
	}, {
		name: "entrypoint in a nested module",
		archive: `-- api/go.mod --
module other
-- api/x.go --
` + handlerFile,
		want: []string{"load api/x.go:0:0: entrypoint api/x.go is in another module (api/go.mod), not in example.com/m"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entries := tc.entries
			if entries == nil {
				entries = []string{"api/x.go"}
			}
			res := loadProject(t, tc.archive, entries, tc.opts)
			if tc.native {
				agreeWithGo(t, goBuildOutput(t, writeProject(t, tc.archive), entries, tc.opts), res.diags)
			}
			got := diagLines(res.diags)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
			}
			if len(res.diags) > 0 && (res.packages != nil || res.entries != nil) {
				t.Errorf("a failed load also returned packages or entries")
			}
		})
	}
}

func TestImportCycle(t *testing.T) {
	archive := `-- api/x.go --
package api

import (
	"net/http"
	_ "example.com/m/cyc1"
)

func H(w http.ResponseWriter, r *http.Request) {}
-- cyc1/c.go --
package cyc1

import _ "example.com/m/cyc2"
-- cyc2/c.go --
package cyc2

import _ "example.com/m/cyc1"
`
	res := loadProject(t, archive, []string{"api/x.go"}, loadOpts{})
	agreeWithGo(t, goBuildOutput(t, writeProject(t, archive), []string{"api/x.go"}, loadOpts{}), res.diags)
	want := []Diagnostic{{
		Source:   "load",
		Message:  "import cycle not allowed",
		Location: &Location{File: "cyc2/c.go", Line: 3, Column: 8},
		Notes: []string{
			"package example.com/m/api",
			"imports example.com/m/cyc1 from x.go",
			"imports example.com/m/cyc2 from c.go",
			"imports example.com/m/cyc1 from c.go",
		},
	}}
	if !reflect.DeepEqual(res.diags, want) {
		t.Errorf("got %+v", res.diags)
	}
}
