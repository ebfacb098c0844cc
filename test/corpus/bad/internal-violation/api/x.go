package api

import (
	"io"
	"net/http"

	"example.com/internalviolation/lib/internal/secret"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, secret.Key)
}
