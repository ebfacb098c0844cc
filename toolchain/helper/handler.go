package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"strings"
)

// fileCache parses each Go file once, fully, for the handler analysis.
type fileCache struct {
	fset  *token.FileSet
	files map[string]parsedFile
}

type parsedFile struct {
	f   *ast.File
	err error
}

func newFileCache() *fileCache {
	return &fileCache{fset: token.NewFileSet(), files: map[string]parsedFile{}}
}

func (c *fileCache) parse(abs string) (*ast.File, error) {
	if pf, ok := c.files[abs]; ok {
		return pf.f, pf.err
	}
	f, err := parser.ParseFile(c.fset, abs, nil, parser.SkipObjectResolution)
	c.files[abs] = parsedFile{f, err}
	return f, err
}

const expectedSignature = "func(http.ResponseWriter, *http.Request)"

// analyzeEntries finds each entry's handler (Vercel's rule: the exported
// top-level function taking exactly http.ResponseWriter and *http.Request,
// whatever its name and whatever name net/http is imported under).
func (l *loader) analyzeEntries() []EntryInfo {
	infos := []EntryInfo{}
	for _, entry := range l.sortedEntries() {
		if checkEntryPath(l.paths, entry) != "" {
			continue
		}
		p := l.pkgs[l.importPathOf(path.Dir(entry))]
		if p == nil || p.missing || p.bp == nil {
			continue
		}
		name := path.Base(entry)
		if !contains(p.bp.GoFiles, name) {
			if contains(p.bp.IgnoredGoFiles, name) && !l.reportedAt(entry) {
				l.diags.add("analyze", fmt.Sprintf("build constraints exclude this entrypoint for %s/%s%s",
					l.req.GOOS, l.req.GOARCH, tagsSuffix(l.req.Tags)), &Location{File: entry})
			}
			continue
		}
		if info, ok := l.analyzeEntry(entry, p); ok {
			infos = append(infos, info)
		}
	}
	for i := range infos {
		infos[i].HandlerAlsoIn = l.sameNameFuncs(infos[i])
	}
	return infos
}

func tagsSuffix(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return " with tags " + strings.Join(tags, ",")
}

// reportedAt tells whether a diagnostic already points into file (e.g. the
// cgo one), so the entry is not reported twice for the same cause.
func (l *loader) reportedAt(file string) bool {
	for _, d := range l.diags.list {
		if d.Location != nil && d.Location.File == file {
			return true
		}
	}
	return false
}

func (l *loader) analyzeEntry(entry string, p *pkg) (EntryInfo, bool) {
	abs := l.paths.abs(entry)
	f, err := l.files.parse(abs)
	if err != nil {
		if !l.diags.addScanErrors(l.paths, "load", err, 10) { // the compiler also stops at 10
			l.diags.add("load", l.paths.text(err.Error()), &Location{File: entry})
		}
		return EntryInfo{}, false
	}
	pos := func(n ast.Node) *Location { return l.paths.loc(l.files.fset.Position(n.Pos())) }
	ok := true
	if f.Name.Name == "main" {
		l.diags.add("analyze", "package main cannot be used by an entrypoint: each entrypoint's package is imported by a generated main package, and Go does not allow importing a main package; use another name, e.g. package handler", pos(f.Name))
		ok = false
	}
	http := httpImportNames(f)
	var found []*ast.FuncDecl
	var nearMisses []string
	var firstMiss *Location
	for _, decl := range f.Decls {
		d, isFunc := decl.(*ast.FuncDecl)
		if !isFunc {
			continue
		}
		if why := http.nearMiss(d, l.files.fset); why == "" {
			found = append(found, d)
		} else if why != "-" {
			loc := pos(d.Name)
			if firstMiss == nil {
				firstMiss = loc
			}
			nearMisses = append(nearMisses, fmt.Sprintf("%s:%d:%d: %s", loc.File, loc.Line, loc.Column, why))
		}
	}
	if len(found) == 0 {
		notes := []string{"expected an exported top-level function with the signature " + expectedSignature + ", e.g. func Handler(w http.ResponseWriter, r *http.Request)"}
		if !http.imported() {
			notes = append(notes, entry+` does not import "net/http"`)
		}
		notes = append(notes, nearMisses...)
		loc := firstMiss
		if loc == nil {
			loc = &Location{File: entry}
		}
		l.diags.add("analyze", fmt.Sprintf("Could not find an exported function in %q", entry), loc, notes...)
		return EntryInfo{}, false
	}
	for _, d := range found[1:] {
		first := pos(found[0].Name)
		l.diags.add("analyze",
			fmt.Sprintf("%s and %s both have the handler signature %s; an entrypoint must export exactly one", found[0].Name.Name, d.Name.Name, expectedSignature),
			pos(d.Name),
			fmt.Sprintf("%s:%d:%d: %s is declared here", first.File, first.Line, first.Column, found[0].Name.Name))
		ok = false
	}
	if !ok {
		return EntryInfo{}, false
	}
	return EntryInfo{
		Entry:       entry,
		ImportPath:  p.path,
		PackageName: f.Name.Name,
		Handler:     found[0].Name.Name,
		HandlerPos:  *pos(found[0].Name),
	}, true
}

// sameNameFuncs lists the other files of the entry's package that declare a
// top-level func with the handler's name.
func (l *loader) sameNameFuncs(info EntryInfo) []Location {
	out := []Location{}
	p := l.pkgs[info.ImportPath]
	for _, name := range p.bp.GoFiles {
		abs := filepath.Join(p.abs, name)
		if l.paths.rel(abs) == info.Entry {
			continue
		}
		f, err := l.files.parse(abs)
		if f == nil || err != nil {
			continue
		}
		for _, decl := range f.Decls {
			if d, ok := decl.(*ast.FuncDecl); ok && d.Recv == nil && d.Name.Name == info.Handler {
				out = append(out, *l.paths.loc(l.files.fset.Position(d.Name.Pos())))
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
