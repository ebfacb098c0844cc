package a

import "net/http"

func Index(w http.ResponseWriter, r *http.Request) {}
