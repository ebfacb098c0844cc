package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
)

// The helper runs as WASI, which has no sockets, so it never fetches
// anything itself. Everything a module proxy (or checksum database) answered
// is mounted read-only under one directory, at the path it has in the
// GOPROXY protocol ("golang.org/x/text/@v/v0.14.0.mod",
// "sumdb/sum.golang.org/lookup/…"; "<module>/@v/<version>.retract" is the
// go.mod read only for its retract directives). A request that failed is mounted as
// "<path>.error" holding {"notExist": bool, "message": "…"}. Whatever is
// neither is recorded as needed: the answer lists it, the host fetches it and
// runs the helper again with it mounted. Work is deterministic, so the next
// run gets at least as far as this one.

// errPending is what a read of not-yet-fetched data returns; callers pass it
// up and the run ends with a list of needs instead of a result.
var errPending = errors.New("waiting for a download")

// fetchError is a download that the host tried and that failed.
type fetchError struct {
	NotExist bool   `json:"notExist"`
	Message  string `json:"message"`
}

func (e *fetchError) Error() string { return e.Message }

// Is makes "not found" answers match fs.ErrNotExist, as cmd/go's proxy
// errors do for 404 and 410, which decides fallbacks and query results.
func (e *fetchError) Is(target error) bool { return e.NotExist && target == fs.ErrNotExist }

type downloads struct {
	dir   string
	mu    sync.Mutex
	needs map[string]bool
}

func newDownloads(dir string) *downloads {
	return &downloads{dir: dir, needs: map[string]bool{}}
}

// get returns the mounted answer for a protocol path, the failure the host
// recorded for it, or errPending after noting the path as needed.
func (d *downloads) get(rel string) ([]byte, error) {
	file := filepath.Join(d.dir, filepath.FromSlash(rel))
	if data, err := os.ReadFile(file); err == nil {
		return data, nil
	}
	if data, err := os.ReadFile(file + ".error"); err == nil {
		fe := &fetchError{}
		if json.Unmarshal(data, fe) != nil || fe.Message == "" {
			fe.Message = "download failed: " + strings.TrimSpace(string(data))
		}
		return nil, fe
	}
	d.need(rel)
	return nil, errPending
}

// has reports whether the answer for rel is mounted, without noting a need.
func (d *downloads) has(rel string) bool {
	_, err := os.Stat(filepath.Join(d.dir, filepath.FromSlash(rel)))
	return err == nil
}

func (d *downloads) need(rel string) {
	d.mu.Lock()
	d.needs[rel] = true
	d.mu.Unlock()
}

func (d *downloads) pending() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.needs) > 0
}

func (d *downloads) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.needs))
	for p := range d.needs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Protocol paths of one module version's files, case-encoded as the GOPROXY
// protocol wants ("github.com/!azure/…").
func protoPath(path string) string {
	esc, err := module.EscapePath(path)
	if err != nil {
		return path
	}
	return esc
}

func versionFile(m module.Version, ext string) string {
	v, err := module.EscapeVersion(m.Version)
	if err != nil {
		v = m.Version
	}
	return protoPath(m.Path) + "/@v/" + v + ext
}

func listFile(path string) string   { return protoPath(path) + "/@v/list" }
func latestFile(path string) string { return protoPath(path) + "/@latest" }

func (d *downloads) goMod(m module.Version) ([]byte, error) {
	data, err := d.get(versionFile(m, ".mod"))
	if err != nil && !errors.Is(err, errPending) {
		return nil, module.VersionError(m, err)
	}
	return data, err
}

// versions lists a module's versions (@v/list), one per line.
func (d *downloads) versions(path string) ([]string, error) {
	data, err := d.get(listFile(path))
	if err != nil {
		return nil, err
	}
	var list []string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			list = append(list, f[0])
		}
	}
	return list, nil
}

// latest is the @latest answer's version, for modules with no tagged versions.
func (d *downloads) latest(path string) (string, error) {
	data, err := d.get(latestFile(path))
	if err != nil {
		return "", err
	}
	var info struct{ Version string }
	if err := json.Unmarshal(data, &info); err != nil || info.Version == "" {
		return "", errors.New("invalid @latest answer for " + path)
	}
	return info.Version, nil
}
