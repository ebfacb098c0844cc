package api

import (
	"fmt"
	"net/http"
	"strings"
)

// Headers echoes request headers and answers with a repeated header.
func Headers(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("X-Multi", "one")
	w.Header().Add("X-Multi", "two")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "accept=%s\n", r.Header.Get("Accept"))
	fmt.Fprintf(w, "x-token=%s\n", strings.Join(r.Header.Values("X-Token"), "|"))
	fmt.Fprintf(w, "user-agent-set=%v\n", r.Header.Get("User-Agent") != "")
}
