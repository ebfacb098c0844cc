package api

import (
	"fmt"
	nethttp "net/http"
)

type server struct{}

// ServeHTTP has the right parameters but a receiver, so it is not the handler.
func (server) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {}

// Describe is exported but has the wrong shape.
func Describe() string { return "renamed import" }

func handle(w nethttp.ResponseWriter, r *nethttp.Request) {}

// Respond is the handler: the first exported top-level func(ResponseWriter, *Request).
func Respond(res nethttp.ResponseWriter, req *nethttp.Request) {
	res.Header().Set("X-Handler", "Respond")
	fmt.Fprintf(res, "%s via %s\n", Describe(), req.Method)
}
