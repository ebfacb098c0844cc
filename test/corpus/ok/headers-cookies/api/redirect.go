package api

import "net/http"

func Redirect(w http.ResponseWriter, r *http.Request) {
	code := http.StatusFound
	if r.URL.Query().Get("permanent") == "1" {
		code = http.StatusPermanentRedirect
	}
	http.Redirect(w, r, "/api/cookies?from=redirect", code)
}
