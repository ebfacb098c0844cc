package api

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

// Echo reports what the request carried, so tests can see how the platform
// passed method, path, query, headers and body through.
func Echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	keys := make([]string, 0, len(r.URL.Query()))
	for k := range r.URL.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "method=%s\n", r.Method)
	fmt.Fprintf(&b, "path=%s\n", r.URL.Path)
	for _, k := range keys {
		fmt.Fprintf(&b, "query.%s=%s\n", k, strings.Join(r.URL.Query()[k], ","))
	}
	fmt.Fprintf(&b, "x-demo=%s\n", r.Header.Get("X-Demo"))
	fmt.Fprintf(&b, "body=%s\n", body)
	w.Header().Set("X-Echo", "1")
	io.WriteString(w, b.String())
}
