package api

import (
	"io"
	"net/http"

	"example.com/helpers/api/_lib/format"
	"example.com/helpers/lib/greet"
)

func Greet(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "Go Gopher"
	}
	io.WriteString(w, format.Box(greet.Message(name)))
}
