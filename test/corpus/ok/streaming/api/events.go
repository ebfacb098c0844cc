package api

import (
	"fmt"
	"net/http"
	"strconv"
)

// Events streams server-sent events, flushing after each one.
func Events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 || n > 100 {
		n = 3
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, "id: %d\ndata: tick %d\n\n", i, i)
		flusher.Flush()
	}
	fmt.Fprint(w, "event: done\ndata: bye\n\n")
}
