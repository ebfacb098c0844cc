package handler

import (
	"fmt"
	"net/http"
	"strconv"

	"example.com/gcflags/internal/calc"
)

// Handler sums 1..n with a package built under its own -gcflags.
func Handler(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 0 {
		http.Error(w, "n must be a non-negative integer", http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "sum=%d mode=%s speed=%s\n", calc.Sum(n), calc.Mode, calc.Speed)
}
