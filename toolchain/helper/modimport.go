package main

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
)

// Which module provides an imported package (modload.importFromModules):
// every path prefix of the import path that is a module in the build list
// is a candidate; exactly one of them may hold a directory with .go files.

// provider is where a package of a dependency module lives.
type provider struct {
	mod    module.Version // as required: path and selected version
	actual module.Version // what was fetched: mod, or its replacement
	root   string         // absolute module root
	dir    string         // absolute package directory
	// projectRel is the project-relative module root of a directory
	// replacement inside the project; "" for the module cache.
	local bool
	// sumMissing: go.sum has no line for the zip that was checked (go build's
	// "missing go.sum entry for module providing package").
	sumMissing bool
}

type ambiguousImportError struct {
	importPath string
	found      []provider
}

func (e *ambiguousImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ambiguous import: found package %s in multiple modules:", e.importPath)
	for _, p := range e.found {
		b.WriteString("\n\t" + p.mod.Path)
		if p.mod.Version != "" {
			b.WriteString(" " + p.mod.Version)
		}
		fmt.Fprintf(&b, " (%s)", p.displayDir())
	}
	return b.String()
}

func (p provider) displayDir() string {
	if p.local {
		return p.dir
	}
	return "$GOMODCACHE/" + p.actual.String() + strings.TrimPrefix(p.dir, p.root)
}

// errNoModule means no module in the build list has the package.
var errNoModule = errors.New("no module provides the package")

// findProvider returns the one module providing imp, errNoModule, an
// ambiguity, errPending while a zip is on its way, or a fetch/verify error.
func (s *modState) findProvider(imp string) (*provider, error) {
	if s.vendor != nil {
		return s.vendor.find(s, imp)
	}
	var found []provider
	var pending bool
	for prefix := imp; prefix != "." && prefix != "/"; prefix = path.Dir(prefix) {
		if prefix == "go" || prefix == "toolchain" || prefix == s.main.path {
			continue
		}
		v := s.graph.Selected(prefix)
		if v == "none" {
			continue
		}
		m := module.Version{Path: prefix, Version: v}
		p, err := s.fetchModule(m)
		if err != nil {
			if errors.Is(err, errPending) {
				pending = true
				continue
			}
			return nil, err
		}
		if dir, ok := dirInModule(imp, m.Path, p.root, p.local); ok {
			p.dir = dir
			found = append(found, *p)
		}
	}
	switch {
	case pending:
		return nil, errPending
	case len(found) > 1:
		for i, j := 0, len(found)-1; i < j; i, j = i+1, j-1 {
			found[i], found[j] = found[j], found[i]
		}
		return nil, &ambiguousImportError{importPath: imp, found: found}
	case len(found) == 0:
		return nil, errNoModule
	}
	return &found[0], nil
}

// fetchModule makes m's files available: a directory replacement in the
// project, or the (replacement) module version's tree.
func (s *modState) fetchModule(m module.Version) (*provider, error) {
	if r, ok := s.main.replacement(m); ok && r.Version == "" {
		dir, err := s.main.replacedDir(r)
		if err != nil {
			return nil, module.VersionError(m, err)
		}
		root := filepath.Join(s.root, filepath.FromSlash(dir))
		if _, err := os.Stat(root); err != nil {
			return nil, module.VersionError(m, fmt.Errorf("replacement directory %s does not exist", r.Path))
		}
		return &provider{mod: m, actual: r, root: root, local: true}, nil
	}
	actual := s.main.resolve(m)
	had := s.sums.have(sumKey{Path: actual.Path, Version: actual.Version})
	root, err := s.tree(actual)
	if err != nil {
		return nil, err
	}
	return &provider{mod: m, actual: actual, root: root, sumMissing: !had}, nil
}

// dirInModule is modload.dirInModule: where imp would live in module mpath
// rooted at mdir, if there are .go files there (build tags not considered).
// Inside local trees a nested go.mod on the way makes it another module's.
func dirInModule(imp, mpath, mdir string, local bool) (string, bool) {
	var dir string
	switch {
	case imp == mpath:
		dir = mdir
	case mpath == "":
		dir = filepath.Join(mdir, filepath.FromSlash(imp))
	case strings.HasPrefix(imp, mpath+"/"):
		dir = filepath.Join(mdir, filepath.FromSlash(imp[len(mpath)+1:]))
	default:
		return "", false
	}
	if local {
		for d := dir; d != mdir && len(d) > len(mdir); d = filepath.Dir(d) {
			if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
				return "", false
			}
		}
	}
	return dir, hasGoFiles(dir)
}
