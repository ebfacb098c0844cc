package main

import (
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// pkg is one package as the loader sees it: of the main module, or (with
// module set) of a dependency module.
type pkg struct {
	path string
	rel  string // project-relative directory, "" for the module root
	abs  string
	bp   *build.Package
	// missing: the main module has no package at this path (no .go files
	// there, or the directory belongs to a nested module).
	missing bool
	// problem is an error about the package as a whole, reported where it is
	// imported (or at problemLoc for an entry's own package).
	problem    string
	problemLoc *Location
	embedFiles map[string][]string
	state      int
	// module is set for packages of dependency modules.
	module *PackageModule
	// testOnly: the directory holds only test files (kept by gofn-helper list).
	testOnly bool
}

func (p *pkg) loaded() LoadedPackage {
	lp := LoadedPackage{
		ImportPath:    p.path,
		Dir:           p.rel,
		Name:          p.bp.Name,
		GoFiles:       nonNil(p.bp.GoFiles),
		SFiles:        nonNil(p.bp.SFiles),
		HFiles:        nonNil(p.bp.HFiles),
		Imports:       []string{},
		EmbedPatterns: nonNil(p.bp.EmbedPatterns),
		EmbedFiles:    p.embedFiles,
		Module:        p.module,
	}
	for _, imp := range p.bp.Imports {
		if imp != "C" {
			lp.Imports = append(lp.Imports, imp)
		}
	}
	if lp.EmbedFiles == nil {
		lp.EmbedFiles = map[string][]string{}
	}
	return lp
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// loadPkg reads one module package with go/build (cached by import path)
// and reports the problems found inside it at their own positions.
func (l *loader) loadPkg(importPath string) *pkg {
	if p := l.pkgs[importPath]; p != nil {
		return p
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(importPath, l.req.ModulePath), "/")
	p := &pkg{path: importPath, rel: rel, abs: l.paths.abs(rel)}
	l.pkgs[importPath] = p
	if l.nestedModule(p.abs) != "" || !hasGoFiles(p.abs) {
		p.missing = true
		return p
	}
	l.readPkg(p)
	return p
}

// readPkg reads p's directory with go/build and reports the problems inside it.
func (l *loader) readPkg(p *pkg) {
	bp, err := l.ctxt.ImportDir(p.abs, 0)
	p.bp = bp
	// Dependencies' cgo files are left out silently, as go does with CGO_ENABLED=0.
	cgoReported := p.module == nil && l.checkCgo(p)
	if err != nil {
		l.packageError(p, err, cgoReported)
	} else if len(bp.GoFiles) == 0 {
		// go/build accepts a directory of test files; go build does not,
		// but go test and go vet do (gofn-helper list keeps them).
		p.problem = noGoMessage(bp, l.paths.display(p.abs))
		p.testOnly = l.keepTestOnly && len(bp.TestGoFiles)+len(bp.XTestGoFiles) > 0
		if !p.testOnly {
			p.bp = nil
		}
	}
	if bp != nil && len(bp.GoFiles) > 0 {
		l.checkEmbedImports(p)
		p.embedFiles = l.resolveEmbeds(p)
	}
}

// loadDepPkg loads imp from the module that provides it. Problems a
// go.mod/go.sum change would fix are recorded apart (modProblems); it
// returns nil when the package cannot be loaded (yet).
func (l *loader) loadDepPkg(importer *pkg, imp string, loc *Location) *pkg {
	if p := l.pkgs[imp]; p != nil && !p.missing {
		return p
	}
	prov, err := l.mods.findProvider(imp)
	switch {
	case errors.Is(err, errPending):
		l.pending = true
		return nil
	case errors.Is(err, errNoModule):
		if isStandardImportPath(imp) {
			l.diags.add("load", missingMessage(imp, l.req.GOROOT), loc)
			return nil
		}
		if _, ok := l.missing[imp]; !ok {
			l.missing[imp] = loc
		}
		if err := l.unresolved[imp]; err != nil {
			l.diags.add("load", fmt.Sprintf("cannot find module providing package %s: %v", imp, err), loc)
			return nil
		}
		l.modProblems.add("load", missingMessage(imp, l.req.GOROOT), loc)
		return nil
	case err != nil:
		var sec *securityError
		if errors.As(err, &sec) {
			return nil // the run stops with the security error
		}
		l.diags.add("load", l.paths.text(err.Error()), loc)
		return nil
	}
	if _, ok := l.importedAt[prov.mod.Path]; !ok {
		l.importedAt[prov.mod.Path] = loc
	}
	// go reports the zip's missing checksum for the import, else its go.mod's.
	if prov.sumMissing {
		if k, ok := l.goModSumMissing(prov); ok {
			l.goModReported[k] = true
		}
		l.modProblems.add("load", fmt.Sprintf("missing go.sum entry for module providing package %s (imported by %s); to add:\n\tgo get %s", imp, importer.path, importer.path), loc)
	} else if k, ok := l.goModSumMissing(prov); ok {
		l.goModReported[k] = true
		l.modProblems.add("module", fmt.Sprintf("%s@%s: missing go.sum entry for go.mod file; to add it:\n\tgo mod download %s", prov.actual.Path, prov.actual.Version, prov.mod.Path), loc)
	}
	p := &pkg{path: imp, abs: prov.dir, rel: l.paths.rel(prov.dir), module: l.mods.packageModule(prov)}
	l.pkgs[imp] = p
	l.readPkg(p)
	return p
}

func (l *loader) packageError(p *pkg, err error, cgoReported bool) {
	var noGo *build.NoGoError
	var multi *build.MultiplePackageError
	switch {
	case errors.As(err, &noGo):
		if !cgoReported {
			p.problem = noGoMessage(p.bp, l.paths.display(p.abs))
		}
		p.bp = nil
	case errors.As(err, &multi):
		p.problem = fmt.Sprintf("found packages %s (%s) and %s (%s) in %s",
			multi.Packages[0], multi.Files[0], multi.Packages[1], multi.Files[1], l.paths.display(p.abs))
		p.problemLoc = l.packageClause(filepath.Join(p.abs, multi.Files[1]))
	case l.diags.addScanErrors(l.paths, "load", err, 1):
		// go reports the first error of the file go/build could not read
	default:
		p.problem = l.paths.text(err.Error())
	}
}

// noGoMessage is cmd/go's wording for a directory without buildable Go files.
func noGoMessage(bp *build.Package, dir string) string {
	if bp != nil && len(bp.IgnoredGoFiles) > 0 {
		return "build constraints exclude all Go files in " + dir
	}
	if bp != nil && len(bp.TestGoFiles)+len(bp.XTestGoFiles) > 0 {
		return "no non-test Go files in " + dir
	}
	return "no Go files in " + dir
}

// packageClause locates the package name of a Go file, for errors about it.
func (l *loader) packageClause(abs string) *Location {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, abs, nil, parser.PackageClauseOnly)
	if err != nil || f == nil || f.Name == nil {
		return &Location{File: l.paths.rel(abs)}
	}
	return l.paths.loc(fset.Position(f.Name.Pos()))
}

// nestedModule returns the go.mod that makes dir part of another module, or "".
func (l *loader) nestedModule(dir string) string {
	root := l.paths.root
	for d := dir; len(d) > len(root) && strings.HasPrefix(d, root+"/"); d = filepath.Dir(d) {
		gomod := filepath.Join(d, "go.mod")
		if fi, err := os.Stat(gomod); err == nil && !fi.IsDir() {
			return gomod
		}
	}
	return ""
}

// hasGoFiles is cmd/go's test for "this directory holds a package": any .go file.
func hasGoFiles(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	return false
}

// checkEntryPath rejects entry names that cannot be an entrypoint file.
func checkEntryPath(p paths, entry string) string {
	switch {
	case entry == "" || path.IsAbs(entry) || path.Clean(entry) != entry || strings.HasPrefix(entry, "../"):
		return fmt.Sprintf("entrypoint %q is not a clean project-relative path", entry)
	case !strings.HasSuffix(entry, ".go"):
		return "entrypoint " + entry + " is not a .go file"
	case strings.HasSuffix(entry, "_test.go"):
		return "entrypoint " + entry + " is a test file"
	}
	base := path.Base(entry)
	if strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".") {
		return "entrypoint " + entry + " is ignored by go: its name starts with " + base[:1]
	}
	fi, err := os.Stat(p.abs(entry))
	if err != nil || !fi.Mode().IsRegular() {
		return "entrypoint " + entry + " does not exist"
	}
	return ""
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// goModSumMissing: go.sum lacks the module's go.mod line.
func (l *loader) goModSumMissing(p *provider) (sumKey, bool) {
	k := sumKey{Path: p.actual.Path, Version: p.actual.Version + "/go.mod"}
	return k, p.actual.Version != "" && l.mods.sums.missing[k] && !l.goModReported[k]
}
