package api

import (
	"encoding/json"
	"net/http"

	"example.com/ldflagsx/version"
)

// channel is unexported and still settable with -X.
var channel = "unset"

func Version(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{
		"version": version.Version,
		"commit":  version.Commit,
		"channel": channel,
	})
}
