package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
)

const testedProject = `-- api/index.go --
package handler

import (
	"net/http"

	"example.com/m/greet"
)

func H(w http.ResponseWriter, r *http.Request) { w.Write([]byte(greet.Hello())) }
-- greet/greet.go --
package greet

func Hello() string { return "hello" }
-- greet/greet_windows.go --
package greet
-- greet/greet_test.go --
package greet

import (
	"fmt"
	"testing"
)

func TestHello(t *testing.T) {}

func Testable(t *testing.T) {}

func BenchmarkHello(b *testing.B) {}

func ExampleHello() {
	fmt.Println(Hello())
	// Output: hello
}

func ExampleNothing() {}
-- greet/x_test.go --
package greet_test

import (
	"os"
	"testing"

	"example.com/m/greet"
	"example.com/m/util"
)

func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestX(t *testing.T) { _ = greet.Hello(); util.Do() }

func ExampleUnordered() {
	// Unordered output:
	// b
	// a
}
-- util/util.go --
package util

func Do() {}
-- onlytests/a_test.go --
package onlytests

import "testing"

func TestA(t *testing.T) {}
-- testdata/skip/x.go --
package skip
-- _hidden/x.go --
package hidden
`

// The packages and test files of ./... are those go list reports, and the
// test functions those go test runs.
func TestListAgreesWithGoList(t *testing.T) {
	dir := writeProject(t, testedProject)
	pkgs, _, diags := list(&LoadRequest{Protocol: protocolVersion, Root: dir, ModulePath: "example.com/m", GOOS: "linux", GOARCH: "amd64", Std: append(testStd, "testing")})
	if len(diags) > 0 {
		t.Fatalf("list: %v", diagLines(diags))
	}
	type view struct {
		ImportPath                              string
		GoFiles, TestGoFiles, XTestGoFiles      []string
		TestImports, XTestImports, IgnoredFiles []string
	}
	norm := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	var got []view
	for _, p := range pkgs {
		if !p.Root {
			continue
		}
		got = append(got, view{p.ImportPath, norm(p.GoFiles), norm(p.TestGoFiles), norm(p.XTestGoFiles), norm(p.TestImports), norm(p.XTestImports), norm(p.IgnoredFiles)})
	}
	sort.Slice(got, func(i, j int) bool { return got[i].ImportPath < got[j].ImportPath })

	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		t.Skip("no go command next to this toolchain")
	}
	cmd := exec.Command(goBin, "list", "-json=ImportPath,GoFiles,TestGoFiles,XTestGoFiles,TestImports,XTestImports,IgnoredGoFiles", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var want []view
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath                                                                    string
			GoFiles, TestGoFiles, XTestGoFiles, TestImports, XTestImports, IgnoredGoFiles []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		want = append(want, view{p.ImportPath, p.GoFiles, p.TestGoFiles, p.XTestGoFiles, p.TestImports, p.XTestImports, p.IgnoredGoFiles})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].ImportPath < want[j].ImportPath })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("list:\n%+v\ngo list:\n%+v", got, want)
	}

	var greet *ListedPackage
	for i := range pkgs {
		if pkgs[i].ImportPath == "example.com/m/greet" {
			greet = &pkgs[i]
		}
	}
	tf := greet.Tests
	names := func(fs []TestFunc) (out []string) {
		for _, f := range fs {
			out = append(out, f.Package+"."+f.Name)
		}
		return out
	}
	if g := names(tf.Tests); !reflect.DeepEqual(g, []string{"_test.TestHello", "_xtest.TestX"}) {
		t.Errorf("tests: %v", g)
	}
	if g := names(tf.Benchmarks); !reflect.DeepEqual(g, []string{"_test.BenchmarkHello"}) {
		t.Errorf("benchmarks: %v", g)
	}
	if tf.TestMain == nil || tf.TestMain.Package != "_xtest" {
		t.Errorf("TestMain: %+v", tf.TestMain)
	}
	wantEx := []ExampleFunc{{TestFunc{"_test", "ExampleHello"}, "hello\n", false}, {TestFunc{"_xtest", "ExampleUnordered"}, "b\na\n", true}}
	if !reflect.DeepEqual(tf.Examples, wantEx) {
		t.Errorf("examples: %+v", tf.Examples)
	}
	if !tf.ImportTest || !tf.NeedTest || !tf.ImportXtest || !tf.NeedXtest {
		t.Errorf("imports: %+v", tf)
	}
}

// A malformed test function is an error at its position, worded like go's.
func TestListReportsBadTestSignatures(t *testing.T) {
	dir := writeProject(t, "-- p/p.go --\npackage p\n-- p/p_test.go --\npackage p\n\nimport \"testing\"\n\nfunc TestBad(x int) {}\n\nfunc TestMain(t *testing.T) {}\n")
	_, _, diags := list(&LoadRequest{Protocol: protocolVersion, Root: dir, ModulePath: "example.com/m", GOOS: "linux", GOARCH: "amd64", Std: append(testStd, "testing")})
	want := []string{"load p/p_test.go:5:1: wrong signature for TestBad, must be: func TestBad(t *testing.T)"}
	if got := diagLines(diags); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
