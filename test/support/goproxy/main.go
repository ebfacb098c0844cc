// Command goproxy is the tests' module proxy and checksum database: it
// serves the module versions found under a directory over the GOPROXY
// protocol, with zips made by golang.org/x/mod/zip and a checksum database
// made with golang.org/x/mod/sumdb's server types, on loopback.
//
//	goproxy -root DIR [-listen 127.0.0.1:0] [-name sum.gofn.test]
//
// DIR holds one directory per module version, named path@version
// (example.com/a@v1.0.0/go.mod, …). A file next to it named
// path@version.zip or path@version.mod is served instead of what the
// directory makes, so tests can tamper with a download while the checksum
// database keeps the honest hashes. Under /fork/ the same modules are
// served with a second checksum database signed by the same key whose log
// starts with a different record: a forked tree.
//
// It prints one JSON line (url, sumdb name and verifier key) once listening.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/zip"
)

func main() {
	root := flag.String("root", "", "directory of path@version module trees")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	name := flag.String("name", "sum.gofn.test", "checksum database name")
	flag.Parse()
	if *root == "" {
		log.Fatal("goproxy: -root is required")
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, *name)
	if err != nil {
		log.Fatal(err)
	}
	mods := &modules{root: *root}
	honest := sumdb.NewServer(sumdb.NewTestServer(skey, mods.gosum))
	forkOps := sumdb.NewTestServer(skey, func(path, vers string) ([]byte, error) {
		if path == "fork.gofn.test/x" {
			return []byte("fork.gofn.test/x v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"), nil
		}
		return mods.gosum(path, vers)
	})
	// The fork's log starts with a record the honest log never has.
	if _, err := forkOps.Lookup(nil, module.Version{Path: "fork.gofn.test/x", Version: "v1.0.0"}); err != nil {
		log.Fatal(err)
	}
	fork := sumdb.NewServer(forkOps)

	mux := http.NewServeMux()
	mux.Handle("/fork/", http.StripPrefix("/fork", proxyHandler(mods, *name, fork)))
	mux.Handle("/", proxyHandler(mods, *name, honest))
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	info, _ := json.Marshal(map[string]string{"url": "http://" + ln.Addr().String(), "sumdbName": *name, "sumdbKey": vkey})
	fmt.Println(string(info))
	log.Fatal(http.Serve(ln, logRequests(mux)))
}

// logRequests prints each request on stderr, so a test can count what was fetched.
func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(os.Stderr, "%s %s\n", r.Method, r.URL.Path)
		h.ServeHTTP(w, r)
	})
}

func proxyHandler(mods *modules, name string, db http.Handler) http.Handler {
	sumPrefix := "/sumdb/" + name
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if p == sumPrefix+"/supported" {
			w.WriteHeader(http.StatusOK)
			return
		}
		if strings.HasPrefix(p, sumPrefix+"/") {
			http.StripPrefix(sumPrefix, db).ServeHTTP(w, r)
			return
		}
		mods.serve(w, p)
	})
}

type modules struct {
	root string
}

// serve answers one GOPROXY protocol path: /<module>/@v/list, /@v/<v>.info|.mod|.zip, /@latest.
func (m *modules) serve(w http.ResponseWriter, p string) {
	escPath, rest, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/@")
	if !ok {
		http.NotFound(w, nil)
		return
	}
	path, err := module.UnescapePath(escPath)
	if err != nil {
		http.Error(w, "not found: "+err.Error(), http.StatusNotFound)
		return
	}
	versions := m.versions(path)
	if rest == "latest" {
		if len(versions) == 0 {
			http.Error(w, "not found: no versions of "+path, http.StatusNotFound)
			return
		}
		m.info(w, versions[len(versions)-1])
		return
	}
	if rest == "v/list" {
		if len(versions) == 0 {
			http.Error(w, "not found: no versions of "+path, http.StatusNotFound)
			return
		}
		for _, v := range versions {
			fmt.Fprintln(w, v)
		}
		return
	}
	file, ok := strings.CutPrefix(rest, "v/")
	if !ok {
		http.NotFound(w, nil)
		return
	}
	ext := filepath.Ext(file)
	version, err := module.UnescapeVersion(strings.TrimSuffix(file, ext))
	if err != nil {
		http.Error(w, "not found: "+err.Error(), http.StatusNotFound)
		return
	}
	mv := module.Version{Path: path, Version: version}
	if _, err := os.Stat(m.dir(mv)); err != nil {
		http.Error(w, fmt.Sprintf("not found: %s@%s: unknown revision %s", path, version, version), http.StatusNotFound)
		return
	}
	switch ext {
	case ".info":
		m.info(w, version)
	case ".mod":
		data, err := m.served(mv, ".mod", m.goMod)
		reply(w, data, err)
	case ".zip":
		data, err := m.served(mv, ".zip", m.zip)
		reply(w, data, err)
	default:
		http.NotFound(w, nil)
	}
}

func reply(w http.ResponseWriter, data []byte, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(data)
}

func (m *modules) info(w http.ResponseWriter, version string) {
	json.NewEncoder(w).Encode(map[string]string{"Version": version, "Time": "2024-01-02T03:04:05Z"})
}

func (m *modules) dir(mv module.Version) string {
	return filepath.Join(m.root, filepath.FromSlash(mv.Path)+"@"+mv.Version)
}

// versions lists the versions that have a directory under root, in semver order.
func (m *modules) versions(path string) []string {
	parent := filepath.Join(m.root, filepath.FromSlash(path))
	ents, err := os.ReadDir(filepath.Dir(parent))
	if err != nil {
		return nil
	}
	var list []string
	prefix := filepath.Base(parent) + "@"
	for _, e := range ents {
		if v, ok := strings.CutPrefix(e.Name(), prefix); ok && e.IsDir() && semver.IsValid(v) {
			list = append(list, v)
		}
	}
	sort.Slice(list, func(i, j int) bool { return semver.Compare(list[i], list[j]) < 0 })
	return list
}

// served returns the override file next to the module directory when there is one.
func (m *modules) served(mv module.Version, ext string, honest func(module.Version) ([]byte, error)) ([]byte, error) {
	data, err := os.ReadFile(m.dir(mv) + ext)
	if errors.Is(err, fs.ErrNotExist) {
		return honest(mv)
	}
	return data, err
}

// goMod is the module's go.mod, or the synthesized "module path" line for a module without one.
func (m *modules) goMod(mv module.Version) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(m.dir(mv), "go.mod"))
	if errors.Is(err, fs.ErrNotExist) {
		return []byte("module " + mv.Path + "\n"), nil
	}
	return data, err
}

func (m *modules) zip(mv module.Version) ([]byte, error) {
	var buf bytes.Buffer
	if err := zip.CreateFromDir(&buf, mv, m.dir(mv)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gosum is what the checksum database records for path@version: the honest hashes.
func (m *modules) gosum(path, version string) ([]byte, error) {
	mv := module.Version{Path: path, Version: version}
	if _, err := os.Stat(m.dir(mv)); err != nil {
		return nil, fmt.Errorf("%s@%s: not found", path, version)
	}
	zipData, err := m.zip(mv)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "goproxy-*.zip")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	tmp.Write(zipData)
	tmp.Close()
	zh, err := dirhash.HashZip(tmp.Name(), dirhash.Hash1)
	if err != nil {
		return nil, err
	}
	mod, err := m.goMod(mv)
	if err != nil {
		return nil, err
	}
	mh, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(mod)), nil })
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", path, version, zh, path, version, mh)), nil
}

