package api

import (
	"fmt"
	"net/http"
	"sync"
)

// A warm instance keeps package state between requests.
var (
	mu    sync.Mutex
	count int
	seen  = map[string]int{}
)

func Count(w http.ResponseWriter, r *http.Request) {
	who := r.URL.Query().Get("who")
	mu.Lock()
	count++
	seen[who]++
	n, mine := count, seen[who]
	mu.Unlock()
	if r.Method == http.MethodPost {
		fmt.Println("count incremented by", who)
	}
	fmt.Fprintf(w, "count=%d %s=%d\n", n, who, mine)
}
