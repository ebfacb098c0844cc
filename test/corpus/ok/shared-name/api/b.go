package api

import (
	"fmt"
	"net/http"
)

// Handler has the same name as the one in a.go: each entrypoint is built on
// its own, so the builder must keep the package compiling.
func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "B: %s\n", label(r))
}
