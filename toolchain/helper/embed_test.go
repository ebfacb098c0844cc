package main

import (
	"reflect"
	"testing"
)

const embedFiles = `-- api/static/a.txt --
a
-- api/static/.hidden --
h
-- api/static/_under --
u
-- api/static/d/b.txt --
b
-- api/vcs/v.txt --
v
-- api/vcs/.git/config --
c
-- api/vcs/mod/go.mod --
module x
-- api/vcs/mod/m.txt --
m
-- api/empty/.keep --
-- api/other/go.mod --
module other
-- api/other/f.txt --
f
-- api/users/[id]/index.go --
package handler

import (
	_ "embed"
	"net/http"
)

//go:embed page.html
var page string

func H(w http.ResponseWriter, r *http.Request) { w.Write([]byte(page)) }
-- api/users/[id]/page.html --
<p>hi</p>
`

func embedEntry(directives string) string {
	return `-- api/x.go --
package api

import (
	"embed"
	"net/http"
)

` + directives + `
var fs embed.FS

func H(w http.ResponseWriter, r *http.Request) { _ = fs }
` + embedFiles
}

func TestEmbedResolved(t *testing.T) {
	res := loadProject(t, embedEntry(`//go:embed static
//go:embed all:static static/* static/a.txt vcs`), []string{"api/x.go", "api/users/[id]/index.go"}, loadOpts{})
	if len(res.diags) > 0 {
		t.Fatal(diagLines(res.diags))
	}
	var api, users LoadedPackage
	for _, p := range res.packages {
		switch p.Dir {
		case "api":
			api = p
		case "api/users/[id]":
			users = p
		}
	}
	want := map[string][]string{
		"static":       {"api/static/a.txt", "api/static/d/b.txt"},
		"all:static":   {"api/static/.hidden", "api/static/_under", "api/static/a.txt", "api/static/d/b.txt"},
		"static/*":     {"api/static/.hidden", "api/static/_under", "api/static/a.txt", "api/static/d/b.txt"},
		"static/a.txt": {"api/static/a.txt"},
		"vcs":          {"api/vcs/v.txt"},
	}
	if !reflect.DeepEqual(api.EmbedFiles, want) {
		t.Errorf("api embeds %v", api.EmbedFiles)
	}
	if !reflect.DeepEqual(api.EmbedPatterns, []string{"all:static", "static", "static/*", "static/a.txt", "vcs"}) {
		t.Errorf("patterns %v", api.EmbedPatterns)
	}
	if !reflect.DeepEqual(users.EmbedFiles, map[string][]string{"page.html": {"api/users/[id]/page.html"}}) {
		t.Errorf("users embeds %v", users.EmbedFiles)
	}
}

func TestEmbedErrors(t *testing.T) {
	cases := []struct{ directive, want string }{
		{"//go:embed nothing*.txt", "load api/x.go:8:12: pattern nothing*.txt: no matching files found"},
		{"//go:embed ../go.mod", "load api/x.go:8:12: pattern ../go.mod: invalid pattern syntax"},
		{"//go:embed /etc/passwd", "load api/x.go:8:12: pattern /etc/passwd: invalid pattern syntax"},
		{"//go:embed .", "load api/x.go:8:12: pattern .: invalid pattern syntax"},
		{"//go:embed other", "load api/x.go:8:12: pattern other: cannot embed directory other: in different module"},
		{"//go:embed other/f.txt", "load api/x.go:8:12: pattern other/f.txt: cannot embed file other/f.txt: in different module"},
		{"//go:embed empty", "load api/x.go:8:12: pattern empty: cannot embed directory empty: contains no embeddable files"},
		{"//go:embed vcs/.git", "load api/x.go:8:12: pattern vcs/.git: cannot embed directory vcs/.git: invalid name .git"},
		{"//go:embed vcs/*", "load api/x.go:8:12: pattern vcs/*: cannot embed directory vcs/.git: invalid name .git"},
		{"//go:embed vcs/mod/m.txt", "load api/x.go:8:12: pattern vcs/mod/m.txt: cannot embed file vcs/mod/m.txt: in different module"},
		{"//go:embed static/[", "load api/x.go:8:12: pattern static/[: invalid pattern syntax"},
	}
	for _, tc := range cases {
		t.Run(tc.directive, func(t *testing.T) {
			archive := embedEntry(tc.directive)
			res := loadProject(t, archive, []string{"api/x.go"}, loadOpts{})
			agreeWithGo(t, goBuildOutput(t, writeProject(t, archive), []string{"api/x.go"}, loadOpts{}), res.diags)
			if got := diagLines(res.diags); !reflect.DeepEqual(got, []string{tc.want}) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestEmbedWithoutImport(t *testing.T) {
	archive := `-- api/x.go --
package api

import (
	"net/http"

	"example.com/m/c"
)

func H(w http.ResponseWriter, r *http.Request) { w.Write([]byte(c.S)) }
-- c/c.go --
package c

//go:embed c.txt
var S string
// not a directive: //go:embed c.txt
//go:embedded
-- c/c.txt --
hi
`
	res := loadProject(t, archive, []string{"api/x.go"}, loadOpts{})
	agreeWithGo(t, goBuildOutput(t, writeProject(t, archive), []string{"api/x.go"}, loadOpts{}), res.diags)
	want := []string{"load c/c.go:3:3: " + embedImportMessage()}
	if got := diagLines(res.diags); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
}
