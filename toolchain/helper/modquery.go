package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Finding a module for an import no requirement provides, as `go mod tidy`
// and `go get` do (modload.queryImport, QueryPackages, queryProxy with
// "latest"): a replaced module that has the package first; otherwise the
// "latest" version of every path prefix, and the longest module path whose
// zip holds the package.

type queryResult struct {
	version string
	err     error
}

// queryLatest is the "latest" query: the highest release version that is
// neither excluded nor retracted, else the highest pre-release, else the
// proxy's @latest for modules with no tagged versions.
func (s *modState) queryLatest(modPath string) (string, error) {
	if q, ok := s.queries[modPath]; ok {
		return q.version, q.err
	}
	v, err := s.queryLatestUncached(modPath)
	if !errors.Is(err, errPending) {
		s.queries[modPath] = queryResult{v, err}
	}
	return v, err
}

func (s *modState) queryLatestUncached(modPath string) (string, error) {
	list, err := s.dl.versions(modPath)
	if err != nil {
		if errors.Is(err, errPending) {
			return "", err
		}
		return "", err
	}
	var releases, pre []string
	for _, v := range list {
		if !semver.IsValid(v) || semver.Canonical(v) != v && !strings.HasSuffix(v, "+incompatible") {
			continue
		}
		if s.main.exclude[module.Version{Path: modPath, Version: v}] {
			continue
		}
		if semver.Prerelease(v) != "" {
			pre = append(pre, v)
		} else {
			releases = append(releases, v)
		}
	}
	byVersion := func(l []string) { sort.Slice(l, func(i, j int) bool { return semver.Compare(l[i], l[j]) < 0 }) }
	byVersion(releases)
	byVersion(pre)
	// +incompatible versions count only when no compatible release exists.
	if compat := dropIncompatible(releases); len(compat) > 0 {
		releases = compat
	}
	candidates := append(append([]string(nil), pre...), releases...)
	if len(candidates) == 0 {
		v, err := s.dl.latest(modPath)
		if err != nil {
			if errors.Is(err, errPending) {
				return "", err
			}
			if errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("no matching versions for query \"latest\"")
			}
			return "", err
		}
		return v, nil
	}
	// Retractions are read from the go.mod of the latest version.
	retracted, err := s.retractions(modPath, candidates[len(candidates)-1])
	if err != nil {
		return "", err
	}
	for _, group := range [][]string{releases, pre} {
		for i := len(group) - 1; i >= 0; i-- {
			if !isRetracted(retracted, modPath, group[i]) {
				return group[i], nil
			}
		}
	}
	return "", fmt.Errorf("no matching versions for query \"latest\"")
}

func dropIncompatible(list []string) []string {
	var out []string
	for _, v := range list {
		if !strings.HasSuffix(v, "+incompatible") {
			out = append(out, v)
		}
	}
	return out
}

// retractions reads the retract directives of modPath@latest's go.mod. They
// only ever produce warnings or steer "latest", so they are read without a
// checksum check (go would check it; a lying proxy can at worst cause a
// spurious warning or an older choice).
func (s *modState) retractions(modPath, latest string) ([]retraction, error) {
	// Asked for under its own name, so the host can keep it apart from the
	// go.mod files the graph uses, which are always checked.
	data, err := s.dl.get(versionFile(module.Version{Path: modPath, Version: latest}, ".retract"))
	if err != nil {
		return nil, err
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return nil, nil
	}
	var out []retraction
	for _, r := range f.Retract {
		out = append(out, retraction{VersionInterval: r.VersionInterval, Rationale: r.Rationale})
	}
	return out, nil
}

func isRetracted(list []retraction, modPath, v string) bool {
	_, ok := retractedBy(list, modPath, v)
	return ok
}

func retractedBy(list []retraction, modPath, v string) ([]string, bool) {
	var rationale []string
	hit := false
	for _, r := range list {
		if modCompare(modPath, r.Low, v) <= 0 && modCompare(modPath, v, r.High) <= 0 {
			hit = true
			if r.Rationale != "" {
				rationale = append(rationale, r.Rationale)
			}
		}
	}
	return rationale, hit
}

// queryImport finds a module version to add so that imp resolves.
func (s *modState) queryImport(imp string) (module.Version, error) {
	// A replaced module that has the package is preferred to the proxies.
	var replaced []module.Version
	highest := map[string]string{}
	for from := range s.main.replace {
		if !strings.HasPrefix(imp+"/", from.Path+"/") {
			continue
		}
		if v, ok := highest[from.Path]; !ok || (from.Version != "" && semver.Compare(from.Version, v) > 0) {
			highest[from.Path] = from.Version
		}
	}
	for p, v := range highest {
		if v == "" {
			major := "v0"
			if _, pathMajor, ok := module.SplitPathVersion(p); ok && pathMajor != "" {
				major = strings.TrimLeft(pathMajor, "/.")
			}
			v = module.ZeroPseudoVersion(major)
		}
		if modCompare(p, s.graph.Selected(p), v) >= 0 {
			continue
		}
		replaced = append(replaced, module.Version{Path: p, Version: v})
	}
	sort.Slice(replaced, func(i, j int) bool { return len(replaced[i].Path) > len(replaced[j].Path) })
	for _, m := range replaced {
		p, err := s.fetchModule(m)
		if err != nil {
			return module.Version{}, err
		}
		if _, ok := dirInModule(imp, m.Path, p.root, p.local); ok {
			return m, nil
		}
	}

	// Every prefix that could be a module path is asked for its latest version.
	type candidate struct {
		m   module.Version
		err error
	}
	var cands []candidate
	pending := false
	for prefix := imp; prefix != "." && prefix != "/"; prefix = path.Dir(prefix) {
		if module.CheckPath(prefix) != nil {
			continue
		}
		v, err := s.queryLatest(prefix)
		if errors.Is(err, errPending) {
			pending = true
			continue
		}
		cands = append(cands, candidate{module.Version{Path: prefix, Version: v}, err})
	}
	if pending {
		return module.Version{}, errPending
	}
	var firstErr error
	for _, c := range cands { // longest module path first
		if c.err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("module %s: %v", c.m.Path, c.err)
			}
			continue
		}
		p, err := s.fetchModule(c.m)
		if err != nil {
			if errors.Is(err, errPending) {
				pending = true
				continue
			}
			return module.Version{}, err
		}
		if _, ok := dirInModule(imp, c.m.Path, p.root, p.local); ok {
			if pending {
				return module.Version{}, errPending
			}
			return c.m, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("module %s@latest found (%s), but does not contain package %s", c.m.Path, c.m.Version, imp)
		}
	}
	if pending {
		return module.Version{}, errPending
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("malformed module path %q", imp)
	}
	return module.Version{}, firstErr
}

// retractionWarnings are `go get`'s warnings for selected versions their
// authors retracted, for modules that provide packages to the build.
func (s *modState) retractionWarnings(mods []module.Version) []Diagnostic {
	var out []Diagnostic
	var retractPath string
	for _, m := range mods {
		if m.Version == "" {
			continue
		}
		if _, ok := s.main.replace[module.Version{Path: m.Path}]; ok {
			continue
		}
		latest, err := s.latestIgnoringRetractions(m.Path)
		if err != nil {
			continue // offline or unknown: go ignores these too
		}
		list, err := s.retractions(m.Path, latest)
		if err != nil {
			continue
		}
		rationale, hit := retractedBy(list, m.Path, m.Version)
		if !hit {
			continue
		}
		msg := "retracted by module author"
		if len(rationale) > 0 {
			msg += ": " + shortMessage(rationale[0], "retracted by module author")
		}
		out = append(out, Diagnostic{Source: "module", Message: fmt.Sprintf("warning: %s@%s: %s", m.Path, m.Version, msg)})
		if retractPath == "" {
			retractPath = m.Path
		} else {
			retractPath = "<module>"
		}
	}
	if retractPath != "" {
		out = append(out, Diagnostic{Source: "module", Message: "to switch to the latest unretracted version, run:\n\tgo get " + retractPath + "@latest"})
	}
	return out
}

func (s *modState) latestIgnoringRetractions(modPath string) (string, error) {
	list, err := s.dl.versions(modPath)
	if err != nil {
		return "", err
	}
	// The highest release, else the highest pre-release (queryLatestVersionIgnoringRetractions).
	release, pre := "", ""
	for _, v := range list {
		if !semver.IsValid(v) {
			continue
		}
		if semver.Prerelease(v) == "" {
			if release == "" || semver.Compare(v, release) > 0 {
				release = v
			}
		} else if pre == "" || semver.Compare(v, pre) > 0 {
			pre = v
		}
	}
	switch {
	case release != "":
		return release, nil
	case pre != "":
		return pre, nil
	}
	return s.dl.latest(modPath)
}

// shortMessage is modload.ShortMessage: one printable line of at most 500 bytes.
func shortMessage(message, emptyDefault string) string {
	const maxLen = 500
	if i := strings.Index(message, "\n"); i >= 0 {
		message = message[:i]
	}
	message = strings.TrimSpace(message)
	if message == "" {
		return emptyDefault
	}
	if len(message) > maxLen {
		return "(message omitted: too long)"
	}
	for _, r := range message {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return "(message omitted: contains non-printable characters)"
		}
	}
	return message
}
