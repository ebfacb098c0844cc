package comments

import (
	"encoding/json"
	"net/http"
)

func Comment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{
		"slug":    q.Get("slug"),
		"comment": q.Get("cid"),
		"path":    r.URL.Path,
	})
}
