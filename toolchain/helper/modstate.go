package main

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
)

// modState is one run's view of the module world: the main module, go.sum,
// the downloads mounted so far, extracted trees and the requirement graph.
type modState struct {
	req      *ModulesRequest
	root     string // project mount
	main     *mainModule
	dl       *downloads
	sums     *goSums
	trees    map[string]string
	treeRoot string
	verified []VerifiedZip
	vendor   *vendorState

	summaries map[module.Version]cachedSummary
	graph     *modGraph
	roots     []module.Version
	direct    map[string]bool
	// tooNewExplain ends "requires go >= X (running go Y…)" as go would with the build's GOTOOLCHAIN.
	tooNewExplain string
	warnings      []Diagnostic
	queries       map[string]queryResult
}

// newModState reads go.mod, go.sum and the environment; go.mod problems are
// returned as diagnostics, and nothing else can be done without it.
func newModState(req *LoadRequest) (*modState, []Diagnostic) {
	mr := req.Modules
	name := mr.GoMod
	if name == "" {
		name = "go.mod"
	}
	data, err := os.ReadFile(filepath.Join(req.Root, filepath.FromSlash(name)))
	if err != nil {
		return nil, []Diagnostic{{Source: "gomod", Message: "reading " + name + ": " + err.Error(), Location: &Location{File: name}}}
	}
	explain := ""
	if mr.Toolchain != "" {
		explain = "; GOTOOLCHAIN=go" + mr.Toolchain
	}
	mm, diags := readMainModule(name, data, explain)
	if len(diags) > 0 {
		return nil, diags
	}
	env := mr.Env
	s := &modState{
		req:           mr,
		root:          req.Root,
		main:          mm,
		dl:            newDownloads(mr.Downloads),
		trees:         map[string]string{},
		treeRoot:      mr.TreeRoot,
		summaries:     map[module.Version]cachedSummary{},
		tooNewExplain: explain,
		queries:       map[string]queryResult{},
	}
	for k, v := range mr.Trees {
		s.trees[k] = v
	}
	sumName := filepath.Join(filepath.Dir(name), "go.sum")
	lines, err := parseGoSum(readOptional(filepath.Join(req.Root, sumName)))
	if err != nil {
		return nil, []Diagnostic{{Source: "gomod", Message: err.Error(), Location: &Location{File: filepath.ToSlash(sumName)}}}
	}
	private := env["GOPRIVATE"]
	nosumdb := env["GONOSUMDB"]
	if nosumdb == "" {
		nosumdb = private
	}
	s.sums = &goSums{
		lines:   lines,
		added:   map[sumKey]string{},
		missing: map[sumKey]bool{},
		noSumDB: func(path string) bool { return module.MatchPrefixPatterns(nosumdb, path) },
	}
	if env["GOSUMDB"] != "off" {
		s.sums.db = openChecksumDB(env["GOSUMDB"], s.dl, mr.SumdbDir)
	}
	if v, diags := s.openVendor(req); len(diags) > 0 {
		return nil, diags
	} else {
		s.vendor = v
	}
	s.roots, s.direct = mm.roots(func(msg string) {
		s.warnings = append(s.warnings, Diagnostic{Source: "module", Message: msg})
	})
	return s, nil
}

// buildMode is what -mod would be: GOFLAGS' -mod=, else vendor when
// vendor/modules.txt applies (go 1.14+), else readonly.
func buildMode(env map[string]string) string {
	for _, f := range strings.Fields(env["GOFLAGS"]) {
		if v, ok := strings.CutPrefix(f, "-mod="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(f, "--mod="); ok {
			return v
		}
	}
	return ""
}

// listed is the build list as `go list -m all` prints it: main module first.
func (s *modState) listed() []ListedModule {
	out := []ListedModule{{Path: s.main.path, GoVersion: s.main.goVersion, Main: true}}
	if s.graph == nil {
		return out
	}
	for _, m := range s.graph.buildList() {
		lm := ListedModule{Path: m.Path, Version: m.Version}
		if r, ok := s.main.replacement(m); ok {
			lm.Replace = &ListedModule{Path: r.Path, Version: r.Version}
		}
		out = append(out, lm)
	}
	return out
}

// packageModule is the build info and planner's view of a provider.
func (s *modState) packageModule(p *provider) *PackageModule {
	pm := &PackageModule{Path: p.mod.Path, Version: p.mod.Version}
	var rep *ModuleReplace
	if p.actual != p.mod {
		rep = &ModuleReplace{Path: p.actual.Path, Version: p.actual.Version}
	}
	if s.vendor != nil {
		// Vendored modules carry no checksums; their go line is modules.txt's.
		pm.GoVersion = s.vendor.goVersion[p.mod.Path]
		pm.Replace = rep
		return pm
	}
	if sum, err := s.summary(p.mod); err == nil {
		pm.GoVersion = sum.goVersion
	}
	if rep != nil {
		if rep.Version != "" {
			rep.Sum = s.sums.recorded(p.actual)
		}
		pm.Replace = rep
	} else {
		pm.Sum = s.sums.recorded(p.mod)
	}
	return pm
}
