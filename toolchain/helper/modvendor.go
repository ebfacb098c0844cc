package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// -mod=vendor as cmd/go does it (modload/vendor.go): with a vendor
// directory and go >= 1.14 (or GOFLAGS=-mod=vendor) packages of other
// modules come from vendor/<import path>, the versions from
// vendor/modules.txt, which must agree with go.mod; nothing is fetched.

type vendorMeta struct {
	replacement module.Version
	explicit    bool
	goVersion   string
}

type vendorState struct {
	dir       string // absolute vendor directory
	pkgModule map[string]module.Version
	version   map[string]string
	goVersion map[string]string
	meta      map[module.Version]*vendorMeta
	list      []module.Version
	replaced  []module.Version
}

// openVendor decides whether vendor mode applies and checks modules.txt.
func (s *modState) openVendor(req *LoadRequest) (*vendorState, []Diagnostic) {
	dir := filepath.Join(req.Root, filepath.FromSlash(s.main.dir), "vendor")
	mode := buildMode(s.req.Env)
	if mode == "" {
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() || s.main.file.Go == nil || goCompare(s.main.goVersion, "1.14") < 0 {
			return nil, nil
		}
		mode = "vendor"
	}
	if mode != "vendor" {
		return nil, nil
	}
	v := &vendorState{dir: dir, pkgModule: map[string]module.Version{}, version: map[string]string{}, goVersion: map[string]string{}, meta: map[module.Version]*vendorMeta{}}
	data, _ := os.ReadFile(filepath.Join(dir, "modules.txt"))
	if d := v.read(data); d != nil {
		return nil, []Diagnostic{*d}
	}
	if msg := v.consistency(s.main); msg != "" {
		where := s.main.dir
		if where == "" {
			where = "."
		}
		return nil, []Diagnostic{{Source: "module", Message: fmt.Sprintf("inconsistent vendoring in %s:%s\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor", where, msg), Location: &Location{File: path.Join(s.main.dir, "vendor/modules.txt")}}}
	}
	return v, nil
}

func (v *vendorState) read(data []byte) *Diagnostic {
	var mod module.Version
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "# ") {
			f := strings.Fields(line)
			if len(f) < 3 {
				continue
			}
			if semver.IsValid(f[2]) {
				mod = module.Version{Path: f[1], Version: f[2]}
				f = f[3:]
			} else if f[2] == "=>" {
				mod = module.Version{Path: f[1]}
				f = f[2:]
			} else {
				mod = module.Version{}
				continue
			}
			meta := v.metaOf(mod)
			if len(f) >= 2 && f[0] == "=>" {
				if len(f) == 2 {
					meta.replacement = module.Version{Path: f[1]}
					v.replaced = append(v.replaced, mod)
				} else if len(f) == 3 && semver.IsValid(f[2]) {
					meta.replacement = module.Version{Path: f[1], Version: f[2]}
					v.replaced = append(v.replaced, mod)
				}
			}
			continue
		}
		if mod.Path == "" {
			continue
		}
		if annotations, ok := strings.CutPrefix(line, "## "); ok {
			meta := v.metaOf(mod)
			for _, entry := range strings.Split(annotations, ";") {
				entry = strings.TrimSpace(entry)
				if entry == "explicit" {
					meta.explicit = true
				}
				if gv, ok := strings.CutPrefix(entry, "go "); ok {
					meta.goVersion = gv
					v.goVersion[mod.Path] = gv
					if goCompare(gv, localGo()) > 0 {
						return &Diagnostic{Source: "module", Message: fmt.Sprintf("%s in vendor/modules.txt requires go >= %s (running go %s)", mod.Path, gv, localGo())}
					}
				}
			}
			continue
		}
		if f := strings.Fields(line); len(f) == 1 && module.CheckImportPath(f[0]) == nil {
			v.pkgModule[f[0]] = mod
			if cur, ok := v.version[mod.Path]; !ok || semver.Compare(cur, mod.Version) < 0 {
				v.list = append(v.list, mod)
				v.version[mod.Path] = mod.Version
			}
		}
	}
	return nil
}

func (v *vendorState) metaOf(m module.Version) *vendorMeta {
	if v.meta[m] == nil {
		v.meta[m] = &vendorMeta{}
	}
	return v.meta[m]
}

// consistency is checkVendorConsistency's list of problems, "" when none.
func (v *vendorState) consistency(mm *mainModule) string {
	pre114 := goCompare(mm.goVersion, "1.14") < 0
	var b strings.Builder
	errf := func(m module.Version, format string, args ...any) {
		if m.Version == "" {
			fmt.Fprintf(&b, "\n\t%s: %s", m.Path, fmt.Sprintf(format, args...))
		} else {
			fmt.Fprintf(&b, "\n\t%s@%s: %s", m.Path, m.Version, fmt.Sprintf(format, args...))
		}
	}
	required := map[module.Version]bool{}
	for _, r := range mm.file.Require {
		required[r.Mod] = true
		if m := v.meta[r.Mod]; m == nil || !m.explicit {
			if pre114 {
				if vv, ok := v.version[r.Mod.Path]; ok && vv != r.Mod.Version {
					errf(r.Mod, "is explicitly required in go.mod, but vendor/modules.txt indicates %s@%s", r.Mod.Path, vv)
				}
			} else {
				errf(r.Mod, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")
			}
		}
	}
	describe := func(m module.Version) string {
		if m.Version == "" {
			return m.Path
		}
		return m.Path + "@" + m.Version
	}
	seen := map[module.Version]bool{}
	for _, r := range mm.file.Replace {
		if seen[r.Old] {
			continue
		}
		seen[r.Old] = true
		var vr module.Version
		if m := v.meta[r.Old]; m != nil {
			vr = m.replacement
		}
		if vr == (module.Version{}) {
			if !(pre114 && (r.Old.Version == "" || v.version[r.Old.Path] != r.Old.Version)) {
				errf(r.Old, "is replaced in go.mod, but not marked as replaced in vendor/modules.txt")
			}
		} else if vr != r.New {
			errf(r.Old, "is replaced by %s in go.mod, but marked as replaced by %s in vendor/modules.txt", describe(r.New), describe(vr))
		}
	}
	for _, m := range v.list {
		if meta := v.meta[m]; meta != nil && meta.explicit && !required[m] {
			errf(m, "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod")
		}
	}
	for _, m := range v.replaced {
		if _, ok := mm.replacement(m); !ok {
			errf(m, "is marked as replaced in vendor/modules.txt, but not replaced in go.mod")
		}
	}
	return b.String()
}

// find is importFromModules under -mod=vendor.
func (v *vendorState) find(s *modState, imp string) (*provider, error) {
	dir, ok := dirInModule(imp, "", v.dir, false)
	if !ok {
		return nil, errNoModule
	}
	mod, listed := v.pkgModule[imp]
	if !listed && goCompare(s.main.goVersion, modulesTxtImportVersion) >= 0 {
		s.warnings = append(s.warnings, Diagnostic{Source: "module", Message: fmt.Sprintf("ignoring package %s which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go mod vendor.", imp)})
		return nil, errNoModule
	}
	p := &provider{mod: mod, actual: mod, root: v.dir, dir: dir}
	if r, ok := s.main.replacement(mod); ok {
		p.actual = r
	}
	return p, nil
}

// vendorGraph is the build list in vendor mode: the roots are the graph.
func (s *modState) vendorGraph() *modGraph {
	return newModGraph(module.Version{Path: s.main.path}, s.roots)
}
