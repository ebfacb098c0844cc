package handler

import (
	"fmt"
	"net/http"
	"runtime"
)

// Without go.mod the builder makes a module up and uses its newest Go.
func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "no go.mod, built by %s\n", runtime.Version())
}
