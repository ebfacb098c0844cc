package users

import (
	"fmt"
	"net/http"
)

// User answers /api/users/<id>; the platform passes the segment as ?id= and
// leaves r.URL.Path as the client sent it.
func User(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fmt.Fprintf(w, "user=%s path=%s x=%s\n", q.Get("id"), r.URL.Path, q.Get("x"))
}
