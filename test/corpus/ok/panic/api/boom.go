package api

import (
	"fmt"
	"net/http"
)

type order struct{ items []string }

func (o *order) first() string { return o.items[0] }

// Boom panics on purpose unless ?safe=1: the platform answers 500 and logs the stack.
func Boom(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("safe") == "1" {
		fmt.Fprintln(w, "no panic")
		return
	}
	fmt.Println("about to fail")
	var o *order
	if r.URL.Query().Get("kind") == "nil" {
		fmt.Fprintln(w, o.first())
		return
	}
	panic("boom: something went wrong")
}
