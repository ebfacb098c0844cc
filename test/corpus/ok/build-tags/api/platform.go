package api

import (
	"fmt"
	"net/http"
	"runtime"

	"example.com/buildtags/edition"
	"example.com/buildtags/internal/platform"
)

// Platform reports which files the build constraints selected. Only the
// entrypoint lives in api/: every other .go file there would be a route.
func Platform(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "goos=%s file=%s constraint=%s edition=%s extra=%v\n",
		runtime.GOOS, platform.File, platform.Constraint, edition.Name, edition.Extra)
}
