package main

import (
	"errors"
	"fmt"
	"go/version"
	"path"
	"runtime"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// The main module's go.mod as cmd/go reads it (modload.ReadModFile and
// indexModFile): parsed strictly by golang.org/x/mod/modfile, whose errors
// are the ones go prints, with replacements and exclusions indexed.

type mainModule struct {
	file      *modfile.File
	path      string
	goVersion string // the go line, "1.16" when there is none (gover.FromGoMod)
	replace   map[module.Version]module.Version
	exclude   map[module.Version]bool
	// dir is the project-relative directory holding go.mod ("" for the root).
	dir string
}

// Go version helpers over go/version, which wants a "go" prefix.
func goCompare(a, b string) int { return version.Compare("go"+a, "go"+b) }

// localGo is the Go version this helper (and so the build) runs as: gover.Local.
func localGo() string { return strings.TrimPrefix(runtime.Version(), "go") }

const (
	defaultGoModVersion     = "1.16" // gover.DefaultGoModVersion
	explicitIndirectVersion = "1.17" // graph pruning starts here
	goStrictVersion         = "1.21" // go lines become requirements on "go"
	modulesTxtImportVersion = "1.23" // vendored packages must be listed in modules.txt
)

// readMainModule parses go.mod; problems come back as diagnostics located in it.
func readMainModule(name string, data []byte, tooNew string) (*mainModule, []Diagnostic) {
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		var list modfile.ErrorList
		if errors.As(err, &list) {
			var diags []Diagnostic
			for _, e := range list {
				msg := e.Err.Error()
				if e.ModPath != "" {
					msg = e.Verb + " " + e.ModPath + ": " + msg
				} else if e.Verb != "" {
					msg = e.Verb + ": " + msg
				}
				diags = append(diags, Diagnostic{Source: "gomod", Message: msg, Location: &Location{File: name, Line: e.Pos.Line, Column: e.Pos.LineRune}})
			}
			return nil, diags
		}
		return nil, []Diagnostic{{Source: "gomod", Message: "errors parsing " + name + ":\n" + err.Error(), Location: &Location{File: name}}}
	}
	at := func(line int, msg string) []Diagnostic {
		return []Diagnostic{{Source: "gomod", Message: msg, Location: &Location{File: name, Line: line, Column: 1}}}
	}
	if f.Module == nil {
		return nil, at(0, "error reading "+name+": missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod")
	}
	if f.Go != nil && goCompare(f.Go.Version, localGo()) > 0 {
		return nil, at(f.Go.Syntax.Start.Line, fmt.Sprintf("%s requires go >= %s (running go %s%s)", name, f.Go.Version, localGo(), tooNew))
	}
	mm := &mainModule{
		file:      f,
		path:      f.Module.Mod.Path,
		goVersion: defaultGoModVersion,
		replace:   map[module.Version]module.Version{},
		exclude:   map[module.Version]bool{},
		dir:       path.Dir(name),
	}
	if mm.dir == "." {
		mm.dir = ""
	}
	if f.Go != nil {
		mm.goVersion = f.Go.Version
	}
	for _, r := range f.Replace {
		mm.replace[r.Old] = r.New
	}
	for _, x := range f.Exclude {
		mm.exclude[x.Mod] = true
	}
	return mm, nil
}

// replacement is the module version or directory that replaces m, if any:
// a replace of that exact version wins over one for every version.
func (mm *mainModule) replacement(m module.Version) (module.Version, bool) {
	if r, ok := mm.replace[m]; ok {
		return r, true
	}
	if r, ok := mm.replace[module.Version{Path: m.Path}]; ok {
		return r, true
	}
	return module.Version{}, false
}

// resolve is m itself, or what replaces it.
func (mm *mainModule) resolve(m module.Version) module.Version {
	if r, ok := mm.replacement(m); ok {
		return r
	}
	return m
}

// replacedDir is the project-relative directory of a directory replacement,
// or an error when it leaves the project (a build only has the project's files).
func (mm *mainModule) replacedDir(r module.Version) (string, error) {
	if path.IsAbs(r.Path) || strings.HasPrefix(r.Path, `\`) || (len(r.Path) > 1 && r.Path[1] == ':') {
		return "", fmt.Errorf("replacement directory %s is outside the project (builds see only the project's files)", r.Path)
	}
	dir := path.Clean(path.Join(mm.dir, r.Path))
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", fmt.Errorf("replacement directory %s is outside the project (builds see only the project's files)", r.Path)
	}
	if dir == "." {
		dir = ""
	}
	return dir, nil
}

// roots are modload.rootsFromModFile's: the requirements (minus excluded
// versions, with go's warning) plus the "go" and "toolchain" roots.
func (mm *mainModule) roots(warn func(string)) (roots []module.Version, direct map[string]bool) {
	direct = map[string]bool{}
	for _, r := range mm.file.Require {
		if mm.exclude[r.Mod] {
			warn(fmt.Sprintf("ignoring requirement on excluded version %s %s", r.Mod.Path, r.Mod.Version))
			continue
		}
		roots = append(roots, r.Mod)
		if !r.Indirect {
			direct[r.Mod.Path] = true
		}
	}
	roots = append(roots, module.Version{Path: "go", Version: mm.goVersion})
	direct["go"] = true
	if mm.file.Toolchain != nil {
		roots = append(roots, module.Version{Path: "toolchain", Version: mm.file.Toolchain.Name})
	}
	return roots, direct
}

func (mm *mainModule) pruned() bool { return goCompare(mm.goVersion, explicitIndirectVersion) >= 0 }
