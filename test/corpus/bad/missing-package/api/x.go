package api

import (
	"net/http"

	"example.com/missingpackage/lib/found"
	"example.com/missingpackage/lib/typo"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(found.Name + typo.Name))
}
