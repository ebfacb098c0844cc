package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testStd is the part of the standard library the test projects import.
var testStd = []string{
	"embed", "encoding/json", "errors", "fmt", "internal/abi", "io", "net/http",
	"os", "strings", "sync", "unsafe", "vendor/golang.org/x/net/http/httpguts",
}

// writeProject lays out a txtar-style archive ("-- name --" headers) in a
// fresh directory and returns it. A go.mod for example.com/m is added unless
// the archive has one.
func writeProject(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	files := parseArchive(archive)
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.21\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			continue // an empty directory
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func parseArchive(archive string) map[string]string {
	files := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			files[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(trimmed, "-- "), " --")
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	flush()
	return files
}

type loadOpts struct {
	goos, goarch string
	tags         []string
	modulePath   string
}

func loadProject(t *testing.T, archive string, entries []string, opts loadOpts) loadResult {
	t.Helper()
	dir := writeProject(t, archive)
	if opts.goos == "" {
		opts.goos, opts.goarch = "linux", "amd64"
	}
	if opts.modulePath == "" {
		opts.modulePath = "example.com/m"
	}
	return load(&LoadRequest{
		Protocol: protocolVersion, Root: dir, ModulePath: opts.modulePath,
		GOOS: opts.goos, GOARCH: opts.goarch, Tags: opts.tags,
		Entries: entries, Std: testStd, GOROOT: "/goroot",
	})
}

// diagLines renders diagnostics as "source file:line:col: message" for comparison.
func diagLines(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		s := d.Message
		if d.Location != nil {
			s = fmt.Sprintf("%s:%d:%d: %s", d.Location.File, d.Location.Line, d.Location.Column, s)
		}
		out = append(out, d.Source+" "+s)
	}
	return out
}
