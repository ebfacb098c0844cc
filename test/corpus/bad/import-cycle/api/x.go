package api

import (
	"io"
	"net/http"

	"example.com/importcycle/lib/a"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, a.A())
}
