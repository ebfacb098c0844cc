package items

import "net/http"

func Item(w http.ResponseWriter, r *http.Request) {}
