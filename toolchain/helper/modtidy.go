package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// What `go mod tidy` would change so that the build works: requirements
// for imports nothing provides (found as queryImport finds them), every
// module that provides a package made a requirement (graph pruning needs
// them listed; // indirect unless the main module imports it), each
// requirement at its selected version, the go line raised to the highest
// go line of the graph, and go.sum lines for everything that was verified.
// Unlike go mod tidy, nothing is removed and test-only imports are not
// considered.

// nextRoots computes the requirement roots the build needs, resolving
// missing imports. It returns errPending while a query waits for data.
func (s *modState) nextRoots(l *loader) ([]module.Version, error) {
	want := map[string]string{}
	for _, r := range s.roots {
		if modCompare(r.Path, want[r.Path], r.Version) < 0 || want[r.Path] == "" {
			want[r.Path] = r.Version
		}
	}
	raise := func(m module.Version) {
		if cur, ok := want[m.Path]; !ok || modCompare(m.Path, cur, m.Version) < 0 {
			want[m.Path] = m.Version
		}
	}
	pending := false
	for _, imp := range l.missingImports() {
		m, err := s.queryImport(imp)
		if errors.Is(err, errPending) {
			pending = true
			continue
		}
		if err != nil {
			l.unresolved[imp] = err
			continue
		}
		raise(m)
	}
	if pending {
		return nil, errPending
	}
	pruned := s.main.pruned()
	for _, p := range l.order {
		if p.module == nil || s.vendor != nil {
			continue
		}
		if pruned || l.direct[p.module.Path] {
			if _, ok := want[p.module.Path]; !ok {
				raise(module.Version{Path: p.module.Path, Version: p.module.Version})
			}
		}
	}
	for p, v := range want {
		if sel := s.graph.Selected(p); sel != "none" && modCompare(p, v, sel) < 0 {
			want[p] = sel
		}
	}
	var roots []module.Version
	for p, v := range want {
		roots = append(roots, module.Version{Path: p, Version: v})
	}
	sortRoots(roots)
	return roots, nil
}

func sortRoots(roots []module.Version) {
	sort.Slice(roots, func(i, j int) bool {
		if roots[i].Path != roots[j].Path {
			return roots[i].Path < roots[j].Path
		}
		return modCompare(roots[i].Path, roots[i].Version, roots[j].Version) < 0
	})
}

func sameRoots(a, b []module.Version) bool {
	a = append([]module.Version(nil), a...)
	b = append([]module.Version(nil), b...)
	sortRoots(a)
	sortRoots(b)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Proposal is the go.mod/go.sum a build needs, for the user to accept.
type Proposal struct {
	GoMod   string   `json:"goMod"`
	GoSum   string   `json:"goSum"`
	Changes []string `json:"changes"`
	Applied bool     `json:"applied"`
}

// proposal rewrites go.mod with the final roots, as modload's
// commitRequirements would (modfile's SetRequireSeparateIndirect for
// pruned modules), and go.sum with the verified additions.
func (s *modState) proposal(data []byte, name string, original []module.Version, direct map[string]bool) (*Proposal, error) {
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, err
	}
	old := map[string]string{}
	for _, r := range original {
		old[r.Path] = r.Version
	}
	existing := map[string]*modfile.Require{}
	for _, r := range f.Require {
		existing[r.Mod.Path] = r
	}
	var reqs []*modfile.Require
	changes := []string{}
	for _, r := range s.roots {
		switch r.Path {
		case "go":
			if goCompare(r.Version, s.main.goVersion) > 0 {
				if err := f.AddGoStmt(r.Version); err != nil {
					return nil, err
				}
				changes = append(changes, fmt.Sprintf("go: upgraded go %s => %s", s.main.goVersion, r.Version))
			}
			continue
		case "toolchain":
			continue
		}
		indirect := !direct[r.Path]
		if e, ok := existing[r.Path]; ok {
			indirect = e.Indirect
		}
		reqs = append(reqs, &modfile.Require{Mod: r, Indirect: indirect})
		switch prev, ok := old[r.Path]; {
		case !ok:
			changes = append(changes, fmt.Sprintf("go: added %s %s", r.Path, r.Version))
		case prev != r.Version:
			changes = append(changes, fmt.Sprintf("go: upgraded %s %s => %s", r.Path, prev, r.Version))
		}
	}
	if s.main.pruned() {
		f.SetRequireSeparateIndirect(reqs)
	} else {
		f.SetRequire(reqs)
	}
	f.Cleanup()
	text, err := f.Format()
	if err != nil {
		return nil, err
	}
	sum := s.sums.merged()
	if len(s.sums.added) > 0 {
		var mods []string
		for k := range s.sums.added {
			mods = append(mods, k.Path+" "+k.Version)
		}
		sort.Strings(mods)
		changes = append(changes, fmt.Sprintf("go.sum: added %d checksum lines (%s)", len(mods), strings.Join(mods, ", ")))
	}
	return &Proposal{GoMod: string(text), GoSum: string(sum), Changes: changes}, nil
}

// missingGoModSums are go's errors for go.mod files go.sum lacks, except
// those already reported at an import.
func (s *modState) missingGoModSums(reported map[sumKey]bool) []Diagnostic {
	var keys []sumKey
	for k := range s.sums.missing {
		if strings.HasSuffix(k.Version, "/go.mod") && !reported[k] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Path < keys[j].Path })
	var out []Diagnostic
	for _, k := range keys {
		v := strings.TrimSuffix(k.Version, "/go.mod")
		out = append(out, Diagnostic{Source: "module", Message: fmt.Sprintf("%s@%s: missing go.sum entry for go.mod file; to add it:\n\tgo mod download %s", k.Path, v, k.Path)})
	}
	return out
}
