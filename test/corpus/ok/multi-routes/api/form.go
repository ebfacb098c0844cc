package api

import (
	"fmt"
	"net/http"
)

// Form parses an urlencoded POST body.
func Form(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "name=%s lang=%s\n", r.PostForm.Get("name"), r.PostForm.Get("lang"))
}
