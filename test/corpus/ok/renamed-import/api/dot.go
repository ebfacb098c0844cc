package api

import (
	"io"
	. "net/http"
)

// Dot imports net/http into the file scope.
func Dot(w ResponseWriter, r *Request) {
	w.WriteHeader(StatusAccepted)
	io.WriteString(w, "dot import\n")
}
