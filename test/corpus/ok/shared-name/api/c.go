package api

import (
	"fmt"
	"net/http"
)

func C(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "C: %s\n", label(r))
}
