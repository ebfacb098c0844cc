// Command vcszip prints, for each module version given, the h1: hash of the
// zip that golang.org/x/mod/zip.CreateFromVCS makes from a git work tree,
// hashed with golang.org/x/mod/sumdb/dirhash, and writes that zip into a
// GOPROXY directory (with .info, .mod and list), so native go can build from
// exactly those zips.
//
//	vcszip -repo WORKTREE -out GOPROXYDIR path version revision subdir [path version revision subdir ...]
//
// It prints one line per module: "path version h1:…".
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", "", "git work tree")
	out := flag.String("out", "", "GOPROXY directory to write")
	flag.Parse()
	args := flag.Args()
	if *repo == "" || *out == "" || len(args)%4 != 0 {
		log.Fatal("usage: vcszip -repo WORKTREE -out DIR path version revision subdir ...")
	}
	lists := map[string][]string{}
	for i := 0; i < len(args); i += 4 {
		path, version, rev, subdir := args[i], args[i+1], args[i+2], args[i+3]
		if subdir == "." {
			subdir = ""
		}
		m := module.Version{Path: path, Version: version}
		esc, err := module.EscapePath(path)
		if err != nil {
			log.Fatal(err)
		}
		dir := filepath.Join(*out, esc, "@v")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		var buf bytes.Buffer
		if err := zip.CreateFromVCS(&buf, m, *repo, rev, subdir); err != nil {
			log.Fatalf("%s: %v", m, err)
		}
		zipFile := filepath.Join(dir, version+".zip")
		if err := os.WriteFile(zipFile, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		h, err := dirhash.HashZip(zipFile, dirhash.Hash1)
		if err != nil {
			log.Fatal(err)
		}
		gomod, err := exec.Command("git", "-C", *repo, "cat-file", "blob", rev+":"+filepath.ToSlash(filepath.Join(subdir, "go.mod"))).Output()
		if err != nil {
			gomod = []byte("module " + path + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, version+".mod"), gomod, 0o644); err != nil {
			log.Fatal(err)
		}
		ts, err := exec.Command("git", "-C", *repo, "log", "-n1", "--format=%ct", rev).Output()
		if err != nil {
			log.Fatal(err)
		}
		var sec int64
		fmt.Sscan(strings.TrimSpace(string(ts)), &sec)
		info, _ := json.Marshal(map[string]string{"Version": version, "Time": time.Unix(sec, 0).UTC().Format(time.RFC3339)})
		if err := os.WriteFile(filepath.Join(dir, version+".info"), info, 0o644); err != nil {
			log.Fatal(err)
		}
		lists[esc] = append(lists[esc], version)
		fmt.Printf("%s %s %s\n", path, version, h)
	}
	for esc, versions := range lists {
		if err := os.WriteFile(filepath.Join(*out, esc, "@v", "list"), []byte(strings.Join(versions, "\n")+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
