package api

import (
	_ "embed"
	"net/http"
)

//go:embed page.html
var page string

func Site(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(page))
}
