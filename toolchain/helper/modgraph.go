package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// The module requirement graph and minimal version selection as cmd/go
// builds them (modload/buildlist.go readModGraph, mvs/graph.go): from the
// main module's roots, each module's go.mod adds its requirements; a module
// whose go.mod says go >= 1.17 is "pruned" (its own requirements are in the
// graph, theirs are not), an older one brings its whole closure. The
// selected version of each path is the highest one anywhere in the graph.

// modSummary is what the graph needs from one module version's go.mod.
type modSummary struct {
	module    module.Version
	goVersion string
	pruned    bool
	require   []module.Version
	retract   []retraction
}

type retraction struct {
	modfile.VersionInterval
	Rationale string
}

// modCompare is gover.ModCompare: "go" and "toolchain" compare as Go versions.
func modCompare(path, a, b string) int {
	switch path {
	case "go":
		return goCompare(a, b)
	case "toolchain":
		return goCompare(strings.TrimPrefix(a, "go"), strings.TrimPrefix(b, "go"))
	}
	return compareSemver(a, b)
}

func compareSemver(a, b string) int { return semver.Compare(a, b) }

type modGraph struct {
	main     module.Version
	required map[module.Version][]module.Version
	selected map[string]string
	// firstErr is the first module whose go.mod could not be read, with the
	// requirement path that led to it (for go's "requires" chain).
	err error
}

func newModGraph(main module.Version, roots []module.Version) *modGraph {
	g := &modGraph{main: main, required: map[module.Version][]module.Version{}, selected: map[string]string{}}
	g.require(main, roots)
	return g
}

func (g *modGraph) require(m module.Version, reqs []module.Version) {
	g.required[m] = reqs
	for _, r := range reqs {
		if modCompare(r.Path, g.Selected(r.Path), r.Version) < 0 {
			g.selected[r.Path] = r.Version
		}
	}
}

// Selected is the version MVS selects for path, "none" if it is not in the graph.
func (g *modGraph) Selected(path string) string {
	if v, ok := g.selected[path]; ok {
		return v
	}
	return "none"
}

// buildList is `go list -m all` without the main module: the selected
// version of every module path, sorted by path ("go" and "toolchain" left out).
func (g *modGraph) buildList() []module.Version {
	var list []module.Version
	for p, v := range g.selected {
		if p != "go" && p != "toolchain" && v != "none" {
			list = append(list, module.Version{Path: p, Version: v})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return list
}

// pathTo finds the requirement chain from the main module to m (breadth first, as mvs FindPath).
func (g *modGraph) pathTo(m module.Version) []module.Version {
	prev := map[module.Version]module.Version{g.main: {}}
	queue := []module.Version{g.main}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == m {
			var path []module.Version
			for ; x.Path != ""; x = prev[x] {
				path = append([]module.Version{x}, path...)
			}
			return path
		}
		for _, r := range g.required[x] {
			if _, seen := prev[r]; !seen {
				prev[r] = x
				queue = append(queue, r)
			}
		}
	}
	return []module.Version{m}
}

// buildListError words a graph error as mvs.BuildListError does:
// "a@v1 requires\n\tb@v2: reading …", main module left out.
func (g *modGraph) buildListError(m module.Version, err error) error {
	path := g.pathTo(m)
	if len(path) > 0 && path[0].Version == "" {
		path = path[1:]
	}
	if len(path) <= 1 {
		var me *module.ModuleError
		if errors.As(err, &me) {
			return err
		}
		return module.VersionError(m, err)
	}
	var b strings.Builder
	for _, x := range path[:len(path)-1] {
		fmt.Fprintf(&b, "%s requires\n\t", x)
	}
	var me *module.ModuleError
	if errors.As(err, &me) {
		actual := module.Version{Path: me.Path, Version: me.Version}
		if actual == m {
			b.WriteString(err.Error())
		} else {
			fmt.Fprintf(&b, "%s (replaced by %s): %v", m, actual, me.Err)
		}
	} else {
		b.WriteString(module.VersionError(m, err).Error())
	}
	return errors.New(b.String())
}

// loadGraph is readModGraph for one main module. Missing downloads leave
// the graph incomplete (s.dl.pending()); the first other error is kept in g.err.
func (s *modState) loadGraph(roots []module.Version) *modGraph {
	mainMod := module.Version{Path: s.main.path}
	g := newModGraph(mainMod, roots)
	type item struct {
		m      module.Version
		pruned bool
	}
	seen := map[item]bool{}
	var queue []item
	enqueue := func(m module.Version, pruned bool) {
		it := item{m, pruned}
		if m.Version == "none" || seen[it] {
			return
		}
		seen[it] = true
		queue = append(queue, it)
	}
	pruned := s.main.pruned()
	for _, r := range roots {
		enqueue(r, pruned)
	}
	loaded := map[module.Version]bool{}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		sum, err := s.summary(it.m)
		if err != nil {
			if !errors.Is(err, errPending) && g.err == nil {
				var tooNew *tooNewError
				if errors.As(err, &tooNew) {
					g.err = err
				} else {
					g.err = g.buildListError(it.m, err)
				}
			}
			continue
		}
		if !loaded[it.m] {
			loaded[it.m] = true
			g.require(it.m, sum.require)
		}
		next := sum.pruned && it.pruned
		for _, r := range sum.require {
			if !it.pruned || !sum.pruned {
				enqueue(r, next)
			}
		}
	}
	return g
}

type tooNewError struct {
	what, goVersion, explain string
}

func (e *tooNewError) Error() string {
	return fmt.Sprintf("%v requires go >= %v (running go %v%v)", e.what, e.goVersion, localGo(), e.explain)
}

// summary is modload.goModSummary: m's go.mod (or its replacement's),
// hash-checked against go.sum, with requirements on excluded versions dropped.
func (s *modState) summary(m module.Version) (*modSummary, error) {
	if m.Path == "go" {
		sum := &modSummary{module: m, pruned: true}
		if goCompare(m.Version, goStrictVersion) >= 0 {
			sum.require = []module.Version{{Path: "toolchain", Version: "go" + m.Version}}
		}
		return sum, nil
	}
	if m.Path == "toolchain" {
		return &modSummary{module: m, pruned: true}, nil
	}
	if sum, ok := s.summaries[m]; ok {
		return sum.sum, sum.err
	}
	sum, err := s.readSummary(m)
	if !errors.Is(err, errPending) {
		s.summaries[m] = cachedSummary{sum, err}
	}
	return sum, err
}

type cachedSummary struct {
	sum *modSummary
	err error
}

func (s *modState) readSummary(m module.Version) (*modSummary, error) {
	actual := s.main.resolve(m)
	var data []byte
	name := "go.mod"
	if actual.Version == "" {
		dir, err := s.main.replacedDir(actual)
		if err != nil {
			return nil, module.VersionError(m, err)
		}
		name = filepath.ToSlash(filepath.Join(dir, "go.mod"))
		data, err = os.ReadFile(filepath.Join(s.root, filepath.FromSlash(dir), "go.mod"))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				if _, serr := os.Stat(filepath.Join(s.root, filepath.FromSlash(dir))); serr != nil {
					return nil, module.VersionError(m, fmt.Errorf("replacement directory %s does not exist", actual.Path))
				}
				return nil, module.VersionError(m, fmt.Errorf("reading %s: open %s: no such file or directory", name, name))
			}
			return nil, module.VersionError(m, err)
		}
	} else {
		var err error
		data, err = s.dl.goMod(actual)
		if err != nil {
			return nil, err
		}
		h, err := goModHash(data)
		if err != nil {
			return nil, module.VersionError(actual, fmt.Errorf("verifying go.mod: %v", err))
		}
		if err := s.sums.check(sumKey{Path: actual.Path, Version: actual.Version + "/go.mod"}, h); err != nil {
			return nil, err
		}
		s.verified = append(s.verified, VerifiedZip{Path: actual.Path, Version: actual.Version, Sum: h, Kind: "mod"})
	}
	f, err := modfile.ParseLax(name, data, nil)
	if err != nil {
		return nil, module.VersionError(actual, fmt.Errorf("parsing %s: %v", name, err))
	}
	sum := &modSummary{module: actual, pruned: false}
	if f.Module != nil {
		sum.module = f.Module.Mod
	}
	if f.Go != nil {
		sum.goVersion = f.Go.Version
		sum.pruned = goCompare(f.Go.Version, explicitIndirectVersion) >= 0
	}
	for _, r := range f.Require {
		if !s.main.exclude[r.Mod] {
			sum.require = append(sum.require, r.Mod)
		}
	}
	for _, r := range f.Retract {
		sum.retract = append(sum.retract, retraction{VersionInterval: r.VersionInterval, Rationale: r.Rationale})
	}
	if actual.Version != "" {
		if f.Module == nil {
			return nil, module.VersionError(actual, errors.New("parsing go.mod: missing module line"))
		}
		if mpath := f.Module.Mod.Path; mpath != m.Path && mpath != actual.Path {
			return nil, module.VersionError(actual, fmt.Errorf("parsing go.mod:\n\tmodule declares its path as: %s\n\t        but was required as: %s", mpath, m.Path))
		}
	}
	if sum.goVersion != "" && goCompare(sum.goVersion, goStrictVersion) >= 0 {
		sum.require = append(sum.require, module.Version{Path: "go", Version: sum.goVersion})
		if goCompare(sum.goVersion, localGo()) > 0 {
			return nil, &tooNewError{what: actual.String(), goVersion: sum.goVersion, explain: s.tooNewExplain}
		}
	}
	return sum, nil
}
