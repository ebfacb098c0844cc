package main

import (
	"go/build"
	"go/token"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// loadResult is the outcome of one load; ok when diags is empty and
// nothing is needed.
type loadResult struct {
	packages   []LoadedPackage
	stdImports []string
	entries    []EntryInfo
	diags      []Diagnostic
	// needs lists downloads the host must fetch before the next run.
	needs   []string
	modules *ModulesAnswer
}

type loader struct {
	req        *LoadRequest
	ctxt       build.Context
	paths      paths
	std        map[string]bool
	pkgs       map[string]*pkg
	order      []*pkg
	stack      []frame
	stdImports map[string]bool
	diags      diagList
	files      *fileCache
	entryInfos []EntryInfo
	// Module mode (nil without go.mod requirements to resolve).
	mods *modState
	// pending: a dependency package waits for a download.
	pending bool
	// modProblems are go build's errors that go mod tidy would fix
	// (missing requirements, missing go.sum lines), kept apart from diags.
	modProblems diagList
	missing     map[string]*Location
	unresolved  map[string]error
	// direct holds module paths the main module's packages import directly.
	direct map[string]bool
	// importedAt is where a module's first package was imported, for errors about the module.
	importedAt map[string]*Location
	// goModReported: go.mod checksums already reported at an import.
	goModReported map[sumKey]bool
	// keepTestOnly keeps packages that have only test files (gofn-helper list).
	keepTestOnly bool
}

// frame is one step of the import stack, for cycle messages worded like go's.
type frame struct {
	p    *pkg
	from string // base name of the file that imported p
}

const (
	unvisited = iota
	visiting
	visited
)

func load(req *LoadRequest) loadResult {
	if req.Modules == nil {
		l := newLoader(req, nil)
		l.run()
		return l.result()
	}
	return loadModules(req)
}

func newLoader(req *LoadRequest, mods *modState) *loader {
	root := filepath.Clean(req.Root)
	l := &loader{
		req:           req,
		ctxt:          buildContext(req),
		paths:         paths{root: root},
		std:           map[string]bool{},
		pkgs:          map[string]*pkg{},
		stdImports:    map[string]bool{},
		files:         newFileCache(),
		mods:          mods,
		missing:       map[string]*Location{},
		unresolved:    map[string]error{},
		direct:        map[string]bool{},
		importedAt:    map[string]*Location{},
		goModReported: map[sumKey]bool{},
	}
	for _, s := range req.Std {
		l.std[s] = true
	}
	// unsafe has no archive, so bundles do not list it; it is std all the same.
	l.std["unsafe"] = true
	return l
}

// run loads the entries' packages and everything they import, then analyzes the entries.
func (l *loader) run() {
	roots := l.loadEntryPackages()
	sort.Slice(roots, func(i, j int) bool { return roots[i].path < roots[j].path })
	for _, p := range roots {
		if p.problem != "" {
			l.diags.add("load", p.problem, p.problemLoc)
		}
		if p.state == unvisited && p.bp != nil {
			l.visit(p, "")
		}
	}
	l.entryInfos = l.analyzeEntries()
}

func (l *loader) result() loadResult {
	if len(l.diags.list) > 0 {
		return loadResult{diags: l.diags.list}
	}
	res := loadResult{entries: l.entryInfos, packages: []LoadedPackage{}, stdImports: []string{}}
	for _, p := range l.order {
		res.packages = append(res.packages, p.loaded())
	}
	for s := range l.stdImports {
		res.stdImports = append(res.stdImports, s)
	}
	sort.Strings(res.stdImports)
	return res
}

// loadEntryPackages loads the package of every entry file and returns them (unique).
func (l *loader) loadEntryPackages() []*pkg {
	var roots []*pkg
	seen := map[*pkg]bool{}
	for _, entry := range l.sortedEntries() {
		if msg := checkEntryPath(l.paths, entry); msg != "" {
			l.diags.add("load", msg, &Location{File: entry})
			continue
		}
		p := l.loadPkg(l.importPathOf(path.Dir(entry)))
		if p.missing {
			if mod := l.nestedModule(p.abs); mod != "" {
				l.diags.add("load", "entrypoint "+entry+" is in another module ("+l.paths.rel(mod)+"), not in "+l.req.ModulePath, &Location{File: entry})
			}
			continue
		}
		if p.problem != "" && p.problemLoc == nil {
			p.problemLoc = &Location{File: entry}
		}
		if !seen[p] {
			seen[p] = true
			roots = append(roots, p)
		}
	}
	return roots
}

func (l *loader) sortedEntries() []string {
	entries := append([]string(nil), l.req.Entries...)
	sort.Strings(entries)
	out := entries[:0]
	for i, e := range entries {
		if i == 0 || e != entries[i-1] {
			out = append(out, e)
		}
	}
	return out
}

func (l *loader) importPathOf(relDir string) string {
	if relDir == "." || relDir == "" {
		return l.req.ModulePath
	}
	return l.req.ModulePath + "/" + relDir
}

func (l *loader) inModule(importPath string) bool {
	m := l.req.ModulePath
	return importPath == m || strings.HasPrefix(importPath, m+"/")
}

// visit walks p's imports depth first (sorted, as go/build lists them) and
// appends p after its dependencies, which gives a deterministic build order.
func (l *loader) visit(p *pkg, from string) {
	p.state = visiting
	l.stack = append(l.stack, frame{p: p, from: from})
	for _, imp := range p.bp.Imports {
		positions := p.bp.ImportPos[imp]
		l.resolveImport(p, imp, positions)
	}
	l.stack = l.stack[:len(l.stack)-1]
	p.state = visited
	l.order = append(l.order, p)
}

func (l *loader) resolveImport(importer *pkg, imp string, positions []token.Position) {
	loc := l.paths.firstPos(positions)
	if imp == "C" {
		return // files importing "C" are left out with cgo off; checkCgo reports them
	}
	if msg := invalidImport(imp); msg != "" {
		l.diags.add("load", msg, loc)
		return
	}
	if l.std[imp] {
		if msg := stdImportError(imp); msg != "" {
			l.diags.add("load", msg, loc)
			return
		}
		if imp != "unsafe" {
			l.stdImports[imp] = true
		}
		return
	}
	var q *pkg
	if l.inModule(imp) {
		q = l.loadPkg(imp)
		if q.missing && l.mods != nil {
			q = nil // maybe a dependency module nested under the main module's path
		}
	}
	if q == nil {
		if l.mods == nil {
			l.diags.add("load", missingMessage(imp, l.req.GOROOT), loc)
			return
		}
		if q = l.loadDepPkg(importer, imp, loc); q == nil {
			return
		}
	}
	if !internalAllowed(importer.path, imp) {
		l.diags.add("load", "use of internal package "+imp+" not allowed", loc)
		return
	}
	if importer.module == nil && q.module != nil {
		l.direct[q.module.Path] = true
	}
	switch {
	case q.missing:
		l.diags.add("load", missingMessage(imp, l.req.GOROOT), loc)
		return
	case q.problem != "":
		l.diags.add("load", q.problem, loc)
		return
	case q.bp != nil && q.bp.Name == "main":
		l.diags.add("load", "import \""+imp+"\" is a program, not an importable package", loc)
		return
	}
	from := ""
	if len(positions) > 0 {
		from = filepath.Base(positions[0].Filename)
	}
	switch q.state {
	case visiting:
		notes := []string{"package " + l.stack[0].p.path}
		for _, f := range l.stack[1:] {
			notes = append(notes, "imports "+f.p.path+" from "+f.from)
		}
		notes = append(notes, "imports "+q.path+" from "+from)
		l.diags.add("load", "import cycle not allowed", loc, notes...)
	case unvisited:
		if q.bp != nil {
			l.visit(q, from)
		}
	}
}
