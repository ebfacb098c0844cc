package main

import (
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// `gofn-helper list` loads every package of the module, as `go vet ./...` and
// `go test ./...` see them: test files included, with the test functions the
// generated test main calls. It answers in its own shape so that `load`
// (protocol 1) stays exactly as older engines expect it.

// ListedPackage is a package with its test files; roots are the packages
// ./... names, the others are imported by them.
type ListedPackage struct {
	LoadedPackage
	Root bool `json:"root"`
	// IgnoredFiles: files left out by build constraints (vet checks their //go:build lines).
	IgnoredFiles       []string            `json:"ignoredFiles"`
	TestGoFiles        []string            `json:"testGoFiles"`
	XTestGoFiles       []string            `json:"xtestGoFiles"`
	TestImports        []string            `json:"testImports"`
	XTestImports       []string            `json:"xtestImports"`
	TestEmbedPatterns  []string            `json:"testEmbedPatterns"`
	TestEmbedFiles     map[string][]string `json:"testEmbedFiles"`
	XTestEmbedPatterns []string            `json:"xtestEmbedPatterns"`
	XTestEmbedFiles    map[string][]string `json:"xtestEmbedFiles"`
	// Tests is set for roots with test files.
	Tests *TestFuncs `json:"tests,omitempty"`
}

type listOK struct {
	Protocol   int             `json:"protocol"`
	Helper     string          `json:"helper"`
	OK         bool            `json:"ok"`
	Packages   []ListedPackage `json:"packages"`
	StdImports []string        `json:"stdImports"`
}

func runList(in io.Reader, out io.Writer) {
	pkgs, stdImports, diags := list(readRequest(in))
	if len(diags) > 0 {
		writeAnswer(out, loadFailed{Protocol: protocolVersion, Helper: runtime.Version(), OK: false, Diagnostics: diags})
		return
	}
	writeAnswer(out, listOK{Protocol: protocolVersion, Helper: runtime.Version(), OK: true, Packages: pkgs, StdImports: stdImports})
}

func list(req *LoadRequest) ([]ListedPackage, []string, []Diagnostic) {
	l := newLoader(req, nil)
	l.keepTestOnly = true
	var roots []*pkg
	for _, rel := range l.packageDirs() {
		p := l.loadPkg(l.importPathOf(rel))
		if p.missing {
			continue
		}
		if p.problem != "" && !p.testOnly {
			l.diags.add("load", p.problem, p.problemLoc)
			continue
		}
		roots = append(roots, p)
	}
	if len(roots) == 0 && len(l.diags.list) == 0 {
		l.diags.add("load", "no packages to build: the project has no Go files outside testdata and hidden folders", nil)
	}
	for _, p := range roots {
		if p.state == unvisited {
			l.visit(p, "")
		}
	}
	tests := map[*pkg]*TestFuncs{}
	for _, p := range roots {
		l.resolveTestImports(p, p.bp.TestImports, p.bp.TestImportPos)
		l.resolveTestImports(p, p.bp.XTestImports, p.bp.XTestImportPos)
		if len(p.bp.TestGoFiles)+len(p.bp.XTestGoFiles) > 0 {
			tests[p] = l.scanTests(p)
		}
	}
	if len(l.diags.list) > 0 {
		return nil, nil, l.diags.list
	}
	isRoot := map[*pkg]bool{}
	for _, p := range roots {
		isRoot[p] = true
	}
	out := []ListedPackage{}
	for _, p := range l.order {
		out = append(out, l.listed(p, isRoot[p], tests[p]))
	}
	std := []string{}
	for s := range l.stdImports {
		std = append(std, s)
	}
	sort.Strings(std)
	return out, std, nil
}

// resolveTestImports loads what test files import; an external test importing
// the package under test is how external tests work, not a cycle.
func (l *loader) resolveTestImports(p *pkg, imports []string, pos map[string][]token.Position) {
	for _, imp := range imports {
		if imp == p.path {
			continue
		}
		l.resolveImport(p, imp, pos[imp])
	}
}

func (l *loader) listed(p *pkg, root bool, tests *TestFuncs) ListedPackage {
	lp := ListedPackage{
		LoadedPackage:      p.loaded(),
		Root:               root,
		IgnoredFiles:       append(nonNil(p.bp.IgnoredGoFiles), p.bp.IgnoredOtherFiles...),
		TestGoFiles:        nonNil(p.bp.TestGoFiles),
		XTestGoFiles:       nonNil(p.bp.XTestGoFiles),
		TestImports:        withoutC(p.bp.TestImports),
		XTestImports:       withoutC(p.bp.XTestImports),
		TestEmbedPatterns:  nonNil(p.bp.TestEmbedPatterns),
		XTestEmbedPatterns: nonNil(p.bp.XTestEmbedPatterns),
		TestEmbedFiles:     map[string][]string{},
		XTestEmbedFiles:    map[string][]string{},
		Tests:              tests,
	}
	if root {
		lp.TestEmbedFiles = l.resolvePatterns(p, p.bp.TestEmbedPatterns, p.bp.TestEmbedPatternPos)
		lp.XTestEmbedFiles = l.resolvePatterns(p, p.bp.XTestEmbedPatterns, p.bp.XTestEmbedPatternPos)
	}
	return lp
}

func withoutC(imports []string) []string {
	out := []string{}
	for _, imp := range imports {
		if imp != "C" {
			out = append(out, imp)
		}
	}
	return out
}

// packageDirs lists the project-relative directories ./... matches: every
// directory holding a .go file, except testdata, names starting with . or _,
// vendor, and nested modules.
func (l *loader) packageDirs() []string {
	var dirs []string
	_ = filepath.WalkDir(l.paths.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if path != l.paths.root {
			name := d.Name()
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if fi, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && !fi.IsDir() {
				return filepath.SkipDir
			}
		}
		if hasGoFiles(path) {
			dirs = append(dirs, l.paths.rel(path))
		}
		return nil
	})
	return dirs
}
