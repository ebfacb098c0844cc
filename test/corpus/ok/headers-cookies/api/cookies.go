package api

import (
	"fmt"
	"net/http"
)

// Cookies reports the session cookie it received and sets two cookies.
func Cookies(w http.ResponseWriter, r *http.Request) {
	got := "none"
	if c, err := r.Cookie("session"); err == nil {
		got = c.Value
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cr3t", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark", MaxAge: 3600})
	fmt.Fprintf(w, "session=%s\n", got)
}
