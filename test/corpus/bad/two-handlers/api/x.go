package api

import "net/http"

func First(w http.ResponseWriter, r *http.Request) {}

func Second(w http.ResponseWriter, r *http.Request) {}
