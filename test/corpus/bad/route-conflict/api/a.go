package api

import "net/http"

func A(w http.ResponseWriter, r *http.Request) {}
