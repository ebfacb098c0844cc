package main

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// goBuildOutput runs the host's `go build` on the entries' packages of a
// project written by writeProject, with the loader's settings (CGO_ENABLED=0,
// GOOS/GOARCH, tags), and returns its output with the project directory and
// GOROOT written the way the loader writes them.
func goBuildOutput(t *testing.T, dir string, entries []string, opts loadOpts) string {
	t.Helper()
	// The go command of the toolchain running the test, so its wording is
	// compared with the go/build of the same version.
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		t.Skip("no go command next to this toolchain")
	}
	args := []string{"build", "-o", os.DevNull}
	if len(opts.tags) > 0 {
		args = append(args, "-tags", strings.Join(opts.tags, ","))
	}
	seen := map[string]bool{}
	for _, e := range entries {
		pkg := "./" + path.Dir(e)
		if !seen[pkg] {
			seen[pkg] = true
			args = append(args, pkg)
		}
	}
	goos, goarch := opts.goos, opts.goarch
	if goos == "" {
		goos, goarch = "linux", "amd64"
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOPROXY=off", "GOTOOLCHAIN=local")
	out, _ := cmd.CombinedOutput()
	s := strings.ReplaceAll(string(out), dir+"/", "")
	s = strings.ReplaceAll(s, dir, ".")
	return strings.ReplaceAll(s, runtime.GOROOT(), "/goroot")
}

var posPrefix = regexp.MustCompile(`^\s*(\S+:\d+:\d+): `)

// agreeWithGo checks that go build reports each diagnostic's message, and at
// the same position whenever go gives one.
func agreeWithGo(t *testing.T, goOut string, diags []Diagnostic) {
	t.Helper()
	if goOut == "" {
		t.Errorf("go build succeeded where the loader reports %v", diagLines(diags))
		return
	}
	lines := strings.Split(goOut, "\n")
	for _, d := range diags {
		first := strings.SplitN(d.Message, "\n", 2)[0]
		found := false
		for _, line := range lines {
			if !strings.Contains(line, first) {
				continue
			}
			found = true
			if m := posPrefix.FindStringSubmatch(line); m != nil && d.Location != nil {
				want := d.Location.File + ":" + strconv.Itoa(d.Location.Line) + ":" + strconv.Itoa(d.Location.Column)
				if m[1] != want {
					t.Errorf("go reports %q at %s, the loader at %s", first, m[1], want)
				}
			}
		}
		if !found {
			t.Errorf("go build does not say %q; it says:\n%s", first, goOut)
		}
	}
}
