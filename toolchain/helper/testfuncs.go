package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TestFuncs is what the generated test main needs to know about a package's
// tests: cmd/go's testFuncs (cmd/go/internal/load/test.go), found the same way.
type TestFuncs struct {
	Tests       []TestFunc    `json:"tests"`
	Benchmarks  []TestFunc    `json:"benchmarks"`
	FuzzTargets []TestFunc    `json:"fuzzTargets"`
	Examples    []ExampleFunc `json:"examples"`
	TestMain    *TestFunc     `json:"testMain,omitempty"`
	ImportTest  bool          `json:"importTest"`
	NeedTest    bool          `json:"needTest"`
	ImportXtest bool          `json:"importXtest"`
	NeedXtest   bool          `json:"needXtest"`
}

// TestFunc is one function the test main calls; Package is "_test" (the
// package's own test files) or "_xtest" (the external test package).
type TestFunc struct {
	Package string `json:"package"`
	Name    string `json:"name"`
}

type ExampleFunc struct {
	TestFunc
	Output    string `json:"output"`
	Unordered bool   `json:"unordered"`
}

// scanTests reads the test files of p as cmd/go's loadTestFuncs does; a
// malformed test function is reported at its position, worded like go's.
func (l *loader) scanTests(p *pkg) *TestFuncs {
	t := &TestFuncs{Tests: []TestFunc{}, Benchmarks: []TestFunc{}, FuzzTargets: []TestFunc{}, Examples: []ExampleFunc{}}
	fset := token.NewFileSet()
	for _, file := range p.bp.TestGoFiles {
		l.scanTestFile(fset, t, filepath.Join(p.abs, file), "_test", &t.ImportTest, &t.NeedTest)
	}
	for _, file := range p.bp.XTestGoFiles {
		l.scanTestFile(fset, t, filepath.Join(p.abs, file), "_xtest", &t.ImportXtest, &t.NeedXtest)
	}
	return t
}

func (l *loader) scanTestFile(fset *token.FileSet, t *TestFuncs, filename, pkg string, doImport, seen *bool) {
	f, err := parser.ParseFile(fset, filename, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		if !l.diags.addScanErrors(l.paths, "load", err, 1) {
			l.diags.add("load", l.paths.text(err.Error()), &Location{File: l.paths.rel(filename)})
		}
		return
	}
	for _, d := range f.Decls {
		n, ok := d.(*ast.FuncDecl)
		if !ok || n.Recv != nil {
			continue
		}
		name := n.Name.String()
		var err error
		switch {
		case name == "TestMain":
			if isTestFunc(n, "T") {
				t.Tests = append(t.Tests, TestFunc{pkg, name})
				*doImport, *seen = true, true
				continue
			}
			if err = checkTestFunc(fset, n, "M"); err == nil {
				if t.TestMain != nil {
					err = errors.New("multiple definitions of TestMain")
				} else {
					t.TestMain = &TestFunc{pkg, name}
					*doImport, *seen = true, true
				}
			}
		case isTest(name, "Test"):
			if err = checkTestFunc(fset, n, "T"); err == nil {
				t.Tests = append(t.Tests, TestFunc{pkg, name})
				*doImport, *seen = true, true
			}
		case isTest(name, "Benchmark"):
			if err = checkTestFunc(fset, n, "B"); err == nil {
				t.Benchmarks = append(t.Benchmarks, TestFunc{pkg, name})
				*doImport, *seen = true, true
			}
		case isTest(name, "Fuzz"):
			if err = checkTestFunc(fset, n, "F"); err == nil {
				t.FuzzTargets = append(t.FuzzTargets, TestFunc{pkg, name})
				*doImport, *seen = true, true
			}
		}
		if err != nil {
			l.diags.add("load", err.Error(), l.paths.loc(fset.Position(n.Pos())))
		}
	}
	ex := doc.Examples(f)
	sort.Slice(ex, func(i, j int) bool { return ex[i].Order < ex[j].Order })
	for _, e := range ex {
		*doImport = true // import test file whether executed or not
		if e.Output == "" && !e.EmptyOutput {
			continue // examples without output are compiled, not run
		}
		t.Examples = append(t.Examples, ExampleFunc{TestFunc{pkg, "Example" + e.Name}, e.Output, e.Unordered})
		*seen = true
	}
}

// isTestFunc tells whether fn has the type of a testing function: one
// parameter of type *M, *T, *B or *F (under any import name of testing).
func isTestFunc(fn *ast.FuncDecl, arg string) bool {
	if fn.Type.Results != nil && len(fn.Type.Results.List) > 0 ||
		fn.Type.Params.List == nil ||
		len(fn.Type.Params.List) != 1 ||
		len(fn.Type.Params.List[0].Names) > 1 {
		return false
	}
	ptr, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	if name, ok := ptr.X.(*ast.Ident); ok && name.Name == arg {
		return true
	}
	if sel, ok := ptr.X.(*ast.SelectorExpr); ok && sel.Sel.Name == arg {
		return true
	}
	return false
}

// isTest: "Test" followed by nothing or by a character that is not a lower-case letter.
func isTest(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

// checkTestFunc words a malformed test function as cmd/go does (without the
// position, which the diagnostic carries).
func checkTestFunc(fset *token.FileSet, fn *ast.FuncDecl, arg string) error {
	var why string
	if !isTestFunc(fn, arg) {
		why = fmt.Sprintf("must be: func %s(%s *testing.%s)", fn.Name.String(), strings.ToLower(arg), arg)
	}
	if fn.Type.TypeParams.NumFields() > 0 {
		why = "test functions cannot have type parameters"
	}
	if why != "" {
		return fmt.Errorf("wrong signature for %s, %s", fn.Name.String(), why)
	}
	return nil
}
