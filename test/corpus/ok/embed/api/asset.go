package api

import (
	"net/http"

	"example.com/embedsite/assets"
)

// Asset serves one embedded file by name through http.FileServerFS.
func Asset(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + name
	http.FileServerFS(assets.Static).ServeHTTP(w, r2)
}
