package main

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {}

func main() {
	http.ListenAndServe(":8080", http.HandlerFunc(Handler))
}
