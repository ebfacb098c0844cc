package admin

import (
	"fmt"
	"net/http"
	"strings"
)

// Stats is the only entrypoint in its folder; the folder depth must not matter.
func Stats(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	fmt.Fprintf(w, "admin stats depth=%d\n", len(parts))
}
