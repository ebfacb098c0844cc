package api

import (
	"embed"
	"net/http"
)

//go:embed static/*.html
var pages embed.FS

func Handler(w http.ResponseWriter, r *http.Request) {
	http.FileServerFS(pages).ServeHTTP(w, r)
}
