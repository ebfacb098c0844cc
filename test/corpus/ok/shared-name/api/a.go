package api

import (
	"fmt"
	"net/http"
)

// label is shared by every entrypoint of the package.
func label(r *http.Request) string {
	return "route " + r.URL.Path
}

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "A: %s\n", label(r))
}
