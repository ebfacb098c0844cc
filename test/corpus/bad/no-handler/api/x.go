package api

import "net/http"

// handler is not exported, and Exported has the wrong parameters.
func handler(w http.ResponseWriter, r *http.Request) {}

func Exported(w http.ResponseWriter) {}
