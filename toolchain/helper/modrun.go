package main

import (
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/mod/module"
)

// loadModules is a load in module mode. It reads the module graph, loads
// the packages (dependencies from module trees) and, where go build would
// stop because go.mod or go.sum lacks something, works out what go mod tidy
// would add: requirements for imports nothing provides, go.sum lines checked
// against the checksum database. Without Tidy the answer is go build's
// errors with that change proposed; with Tidy the change is applied.
//
// Whenever something must be downloaded first, the answer is the list of
// downloads instead (see modsource.go) and the host runs the helper again.
func loadModules(req *LoadRequest) loadResult {
	s, diags := newModState(req)
	if len(diags) > 0 {
		return loadResult{diags: diags, modules: &ModulesAnswer{BuildList: []ListedModule{}, Verified: []VerifiedZip{}, Warnings: []Diagnostic{}}}
	}
	// go.mod's module line, as modfile reads it, names the main module.
	req.ModulePath = s.main.path
	original := append([]module.Version(nil), s.roots...)
	if req.Modules.ListOnly {
		return s.listOnly()
	}
	var l *loader
	var readonly []Diagnostic
	for iter := 0; ; iter++ {
		if r, done := s.readGraph(); done {
			return r
		}
		l = newLoader(req, s)
		l.run()
		if r, done := s.stop(); done {
			return r
		}
		if l.pending {
			return s.needs()
		}
		next, err := s.nextRoots(l)
		if err != nil {
			return s.needs()
		}
		if iter == 0 {
			readonly = append(readonly, l.modProblems.list...)
			readonly = append(readonly, s.missingGoModSums(l.goModReported)...)
			if len(readonly) == 0 && !sameRoots(next, s.roots) && s.vendor == nil {
				readonly = append(readonly, Diagnostic{Source: "module", Message: "updates to go.mod needed; to update it:\n\tgo mod tidy"})
			}
		}
		if sameRoots(next, s.roots) || iter >= 12 || s.vendor != nil {
			break
		}
		s.roots = next
	}

	answer := s.answer()
	if s.vendor == nil {
		answer.Warnings = append(answer.Warnings, s.retractionWarnings(l.providers())...)
		if s.dl.pending() {
			// Retraction checks wait for version lists; they only add warnings.
			return s.needs()
		}
	}
	for _, imp := range sortedKeysOf(l.unresolved) {
		msg := "cannot find module providing package " + imp + ": " + l.unresolved[imp].Error()
		if req.Modules.Tidy {
			l.diags.add("load", msg, l.missing[imp])
		} else {
			for i := range readonly {
				if readonly[i].Location != nil && l.missing[imp] != nil && *readonly[i].Location == *l.missing[imp] {
					readonly[i].Notes = append(readonly[i].Notes, msg)
				}
			}
		}
	}
	if len(readonly) == 0 {
		res := l.result()
		res.modules = answer
		return res
	}
	name := req.Modules.GoMod
	if name == "" {
		name = "go.mod"
	}
	data, _ := os.ReadFile(filepath.Join(req.Root, filepath.FromSlash(name)))
	resolved := len(l.unresolved) == 0 && len(l.missingImports()) == 0 && len(l.diags.list) == 0
	if resolved {
		if p, err := s.proposal(data, name, original, l.direct); err == nil {
			answer.Proposal = p
		}
	}
	if req.Modules.Tidy && answer.Proposal != nil {
		answer.Proposal.Applied = true
		res := l.result()
		res.modules = answer
		return res
	}
	res := l.result()
	res.diags = append(readonly, res.diags...)
	res.modules = answer
	return res
}

// stop ends the run early when it waits for downloads or met a security error.
func (s *modState) stop() (loadResult, bool) {
	if len(s.sums.security) > 0 {
		return s.fail([]Diagnostic{{Source: "security", Message: s.sums.security[0]}}, nil), true
	}
	if s.dl.pending() {
		return s.needs(), true
	}
	return loadResult{}, false
}

func (s *modState) answer() *ModulesAnswer {
	warnings := append([]Diagnostic{}, s.warnings...)
	return &ModulesAnswer{BuildList: s.listed(), Verified: append([]VerifiedZip{}, s.verified...), Warnings: warnings, Vendor: s.vendor != nil}
}

func (s *modState) needs() loadResult {
	return loadResult{needs: s.dl.list(), modules: s.answer()}
}

func (s *modState) fail(diags []Diagnostic, proposal *Proposal) loadResult {
	a := s.answer()
	a.Proposal = proposal
	return loadResult{diags: diags, modules: a}
}

// readGraph builds the graph from the current roots (vendor/modules.txt's in
// vendor mode); done when the run must end here (downloads, an error).
func (s *modState) readGraph() (loadResult, bool) {
	if s.vendor != nil {
		s.graph = s.vendorGraph()
	} else {
		s.graph = s.loadGraph(s.roots)
	}
	if r, done := s.stop(); done {
		return r, true
	}
	if s.graph.err != nil {
		return s.fail([]Diagnostic{{Source: "module", Message: s.graph.err.Error()}}, nil), true
	}
	return loadResult{}, false
}

// listOnly is `go list -m all`: the graph and nothing else.
func (s *modState) listOnly() loadResult {
	if r, done := s.readGraph(); done {
		return r
	}
	var diags []Diagnostic
	diags = append(diags, s.missingGoModSums(nil)...)
	return loadResult{diags: diags, modules: s.answer(), packages: []LoadedPackage{}, stdImports: []string{}, entries: []EntryInfo{}}
}

// missingImports are imports no module in the build list provides, sorted.
func (l *loader) missingImports() []string {
	var out []string
	for imp := range l.missing {
		if l.unresolved[imp] == nil {
			out = append(out, imp)
		}
	}
	sort.Strings(out)
	return out
}

// providers are the module versions that provide packages to the build.
func (l *loader) providers() []module.Version {
	seen := map[string]bool{}
	var out []module.Version
	for _, p := range l.order {
		if p.module != nil && !seen[p.module.Path] {
			seen[p.module.Path] = true
			out = append(out, module.Version{Path: p.module.Path, Version: p.module.Version})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func sortedKeysOf(m map[string]error) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
