package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

const constrainedProject = `-- api/x.go --
package api

import (
	"net/http"

	"example.com/m/lib"
)

func H(w http.ResponseWriter, r *http.Request) { lib.X() }
-- lib/lib.go --
package lib

func X() { y() }
-- lib/os_linux.go --
package lib

import "os"

func y() { _ = os.Args }
-- lib/os_wasip1.go --
package lib

import "io"

func y() { _ = io.EOF }
-- lib/arch_amd64.go --
package lib
-- lib/arch_arm64.go --
package lib
-- lib/level.go --
//go:build amd64.v1

package lib
-- lib/level2.go --
//go:build amd64.v2

package lib
-- lib/tagged.go --
//go:build prod && !dev

package lib

import "strings"

var _ = strings.ToUpper
-- lib/future.go --
//go:build go1.999

package lib
-- lib/old.go --
// +build ignore

package lib
-- lib/a_amd64.s --
TEXT ·z(SB),4,$0
-- lib/b_arm64.s --
-- lib/c.S --
-- lib/d.h --
-- lib/e.c --
-- lib/x_test.go --
package lib
`

// Build constraints are go/build's: file name suffixes, //go:build and
// // +build lines, user tags, architecture levels, release tags.
func TestBuildConstraints(t *testing.T) {
	cases := []struct {
		name    string
		opts    loadOpts
		goFiles []string
		sFiles  []string
		imports []string
	}{
		{"linux/amd64", loadOpts{goos: "linux", goarch: "amd64"},
			[]string{"arch_amd64.go", "level.go", "lib.go", "os_linux.go"}, []string{"a_amd64.s"}, []string{"os"}},
		{"linux/arm64 with prod", loadOpts{goos: "linux", goarch: "arm64", tags: []string{"prod"}},
			[]string{"arch_arm64.go", "lib.go", "os_linux.go", "tagged.go"}, []string{"b_arm64.s"}, []string{"os", "strings"}},
		{"wasip1/wasm with prod,dev", loadOpts{goos: "wasip1", goarch: "wasm", tags: []string{"prod", "dev"}},
			[]string{"lib.go", "os_wasip1.go"}, []string{}, []string{"io"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := loadProject(t, constrainedProject, []string{"api/x.go"}, tc.opts)
			if len(res.diags) > 0 {
				t.Fatal(diagLines(res.diags))
			}
			lib := res.packages[0]
			if lib.ImportPath != "example.com/m/lib" {
				t.Fatalf("first package is %s, want the dependency first", lib.ImportPath)
			}
			if !reflect.DeepEqual(lib.GoFiles, tc.goFiles) || !reflect.DeepEqual(lib.SFiles, tc.sFiles) ||
				!reflect.DeepEqual(lib.Imports, tc.imports) || !reflect.DeepEqual(lib.HFiles, []string{"d.h"}) {
				t.Errorf("got go %v s %v imports %v h %v", lib.GoFiles, lib.SFiles, lib.Imports, lib.HFiles)
			}
		})
	}
}

// Packages come dependencies first, in the same order every time, with the
// standard-library imports gathered.
func TestOrderAndStdImports(t *testing.T) {
	archive := `-- api/a.go --
package api

import (
	"net/http"

	"example.com/m/z"
	"example.com/m/b"
)

func A(w http.ResponseWriter, r *http.Request) { z.Z(); b.B() }
-- api/users/[id].go --
package users

import (
	"encoding/json"
	"net/http"

	"example.com/m"
	"example.com/m/b"
)

func U(w http.ResponseWriter, r *http.Request) { json.NewEncoder(w).Encode(b.B() + m.M) }
-- b/b.go --
package b

import (
	"fmt"

	"example.com/m/c"
)

func B() string { return fmt.Sprint(c.C) }
-- c/c.go --
package c

const C = 1
-- z/z.go --
package z

import "example.com/m/c"

func Z() int { return c.C }
-- root.go --
package m

const M = "m"
`
	var first []byte
	for i := 0; i < 3; i++ {
		res := loadProject(t, archive, []string{"api/users/[id].go", "api/a.go"}, loadOpts{})
		if len(res.diags) > 0 {
			t.Fatal(diagLines(res.diags))
		}
		var order []string
		for _, p := range res.packages {
			order = append(order, p.ImportPath)
		}
		wantOrder := []string{"example.com/m/c", "example.com/m/b", "example.com/m/z", "example.com/m/api", "example.com/m", "example.com/m/api/users"}
		if !reflect.DeepEqual(order, wantOrder) {
			t.Fatalf("order %v, want %v", order, wantOrder)
		}
		if !reflect.DeepEqual(res.stdImports, []string{"encoding/json", "fmt", "net/http"}) {
			t.Errorf("stdImports %v", res.stdImports)
		}
		if res.entries[1].Entry != "api/users/[id].go" || res.entries[1].ImportPath != "example.com/m/api/users" || res.entries[1].Handler != "U" {
			t.Errorf("entries %+v", res.entries)
		}
		data, err := json.Marshal([]any{res.packages, res.entries, res.stdImports})
		if err != nil {
			t.Fatal(err)
		}
		if first != nil && string(first) != string(data) {
			t.Errorf("run %d differs:\n%s\n%s", i, first, data)
		}
		first = data
	}
}
