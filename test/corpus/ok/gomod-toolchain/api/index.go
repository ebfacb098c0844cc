package api

import (
	"fmt"
	"iter"
	"net/http"
	"runtime"
)

func countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := n; i > 0; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

// Index is built with the toolchain go.mod names, and uses range-over-func,
// which needs the go 1.23 language version.
func Index(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "runtime=%s countdown=", runtime.Version())
	for i := range countdown(3) {
		fmt.Fprint(w, i)
	}
	fmt.Fprintln(w)
}
