package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestHandlerFound(t *testing.T) {
	cases := []struct {
		name, src, handler string
		line, col          int
	}{{
		name: "plain import",
		src: `package api

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}
`,
		handler: "Handler", line: 5, col: 6,
	}, {
		name: "renamed import, any name, grouped parameters, unexported helpers around",
		src: `package api

import (
	"fmt"
	web "net/http"
)

func helper(w web.ResponseWriter, r *web.Request) int { return 0 }

type T struct{}

func (T) ServeHTTP(w web.ResponseWriter, r *web.Request) {}

func Users(w web.ResponseWriter, r *web.Request) { fmt.Fprint(w, helper(w, r)) }
`,
		handler: "Users", line: 14, col: 6,
	}, {
		name: "dot import and unnamed parameters",
		src: `package api

import . "net/http"

func Serve(ResponseWriter, *Request) {}
`,
		handler: "Serve", line: 5, col: 6,
	}, {
		name: "parenthesized types, two imports of net/http",
		src: `package api

import (
	h "net/http"
	"net/http"
)

var _ http.Handler

func Grouped(w (h.ResponseWriter), r *(http.Request)) {}
`,
		handler: "Grouped", line: 10, col: 6,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := loadProject(t, "-- api/x.go --\n"+tc.src, []string{"api/x.go"}, loadOpts{})
			if len(res.diags) > 0 {
				t.Fatalf("unexpected diagnostics: %v", diagLines(res.diags))
			}
			want := EntryInfo{
				Entry: "api/x.go", ImportPath: "example.com/m/api", PackageName: "api",
				Handler: tc.handler, HandlerPos: Location{File: "api/x.go", Line: tc.line, Column: tc.col},
				HandlerAlsoIn: []Location{},
			}
			if !reflect.DeepEqual(res.entries, []EntryInfo{want}) {
				t.Errorf("got %+v\nwant %+v", res.entries, want)
			}
		})
	}
}

func TestHandlerErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []Diagnostic
	}{{
		name: "no function at all",
		src:  "package api\n\nvar X = 1\n",
		want: []Diagnostic{{Source: "analyze", Message: `Could not find an exported function in "api/x.go"`,
			Location: &Location{File: "api/x.go"},
			Notes: []string{
				"expected an exported top-level function with the signature func(http.ResponseWriter, *http.Request), e.g. func Handler(w http.ResponseWriter, r *http.Request)",
				`api/x.go does not import "net/http"`,
			}}},
	}, {
		name: "near misses: unexported, method, results, wrong parameters, generic",
		src: `package api

import web "net/http"

type S struct{}

func handler(w web.ResponseWriter, r *web.Request) {}

func (S) Handle(w web.ResponseWriter, r *web.Request) {}

func WithResult(w web.ResponseWriter, r *web.Request) error { return nil }

func ByValue(w web.ResponseWriter, r web.Request) {}

func Generic[T any](w web.ResponseWriter, r *web.Request) {}

func Unrelated(x int) {}
`,
		want: []Diagnostic{{Source: "analyze", Message: `Could not find an exported function in "api/x.go"`,
			Location: &Location{File: "api/x.go", Line: 7, Column: 6},
			Notes: []string{
				"expected an exported top-level function with the signature func(http.ResponseWriter, *http.Request), e.g. func Handler(w http.ResponseWriter, r *http.Request)",
				"api/x.go:7:6: handler has the handler's parameters but is not exported; rename it to Handler",
				"api/x.go:9:10: Handle is a method; the handler must be a function without a receiver",
				"api/x.go:11:6: WithResult returns results; a handler returns nothing",
				"api/x.go:13:6: ByValue has the signature func(w web.ResponseWriter, r web.Request)",
				"api/x.go:15:6: Generic has type parameters; a handler cannot be generic",
			}}},
	}, {
		name: "a different package named http",
		src: `package api

import http "example.com/m/fake"

func Handler(w http.ResponseWriter, r *http.Request) {}
-- fake/f.go --
package fake

type ResponseWriter interface{}
type Request struct{}
`,
		want: []Diagnostic{{Source: "analyze", Message: `Could not find an exported function in "api/x.go"`,
			Location: &Location{File: "api/x.go"},
			Notes: []string{
				"expected an exported top-level function with the signature func(http.ResponseWriter, *http.Request), e.g. func Handler(w http.ResponseWriter, r *http.Request)",
				`api/x.go does not import "net/http"`,
			}}},
	}, {
		name: "several handlers",
		src: `package api

import "net/http"

func A(w http.ResponseWriter, r *http.Request) {}

func B(w http.ResponseWriter, r *http.Request) {}

func C(http.ResponseWriter, *http.Request) {}
`,
		want: []Diagnostic{
			{Source: "analyze", Message: "A and B both have the handler signature func(http.ResponseWriter, *http.Request); an entrypoint must export exactly one",
				Location: &Location{File: "api/x.go", Line: 7, Column: 6}, Notes: []string{"api/x.go:5:6: A is declared here"}},
			{Source: "analyze", Message: "A and C both have the handler signature func(http.ResponseWriter, *http.Request); an entrypoint must export exactly one",
				Location: &Location{File: "api/x.go", Line: 9, Column: 6}, Notes: []string{"api/x.go:5:6: A is declared here"}},
		},
	}, {
		name: "package main",
		src: `package main

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}
`,
		want: []Diagnostic{{Source: "analyze",
			Message:  "package main cannot be used by an entrypoint: each entrypoint's package is imported by a generated main package, and Go does not allow importing a main package; use another name, e.g. package handler",
			Location: &Location{File: "api/x.go", Line: 1, Column: 9}}},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := loadProject(t, "-- api/x.go --\n"+tc.src, []string{"api/x.go"}, loadOpts{})
			if !reflect.DeepEqual(res.diags, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(res.diags), dump(tc.want))
			}
		})
	}
}

func dump(diags []Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.Join(diagLines([]Diagnostic{d}), ""))
		for _, n := range d.Notes {
			b.WriteString("\n\tnote: " + n)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Two entrypoints of one package exporting the same handler name: each is
// told where the other declares it, so the builder can rename.
func TestHandlerAlsoIn(t *testing.T) {
	res := loadProject(t, `-- api/a.go --
package api

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}
-- api/b.go --
package api

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}
-- api/c.go --
package api

import "net/http"

func Other(w http.ResponseWriter, r *http.Request) {}
`, []string{"api/c.go", "api/b.go", "api/a.go"}, loadOpts{})
	if len(res.diags) > 0 {
		t.Fatal(diagLines(res.diags))
	}
	got := map[string][]Location{}
	for _, e := range res.entries {
		got[e.Entry] = e.HandlerAlsoIn
	}
	want := map[string][]Location{
		"api/a.go": {{File: "api/b.go", Line: 5, Column: 6}},
		"api/b.go": {{File: "api/a.go", Line: 5, Column: 6}},
		"api/c.go": {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v want %v", got, want)
	}
	if len(res.packages) != 1 || !reflect.DeepEqual(res.packages[0].GoFiles, []string{"a.go", "b.go", "c.go"}) {
		t.Errorf("packages: %+v", res.packages)
	}
	if res.entries[0].Entry != "api/a.go" {
		t.Errorf("entries are not sorted: %v", res.entries)
	}
}
