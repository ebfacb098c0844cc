package api

import (
	"fmt"
	"net/http"
	"strings"
)

// Loops depends on the language version go.mod declares: since go 1.22 (this module says 1.24) each
// iteration has its own i, so the closures see 0 1 2 (before, they saw 3 3 3).
func Loops(w http.ResponseWriter, r *http.Request) {
	var fns []func() string
	for i := range 3 {
		fns = append(fns, func() string { return fmt.Sprint(i) })
	}
	var out []string
	for _, f := range fns {
		out = append(out, f())
	}
	fmt.Fprintf(w, "closures saw %s\n", strings.Join(out, " "))
}
