package api

import (
	"fmt"
	"net/http"
	"strconv"

	"example.com/asmsum/fastmath"
)

func Sum(w http.ResponseWriter, r *http.Request) {
	a, errA := strconv.ParseInt(r.URL.Query().Get("a"), 10, 64)
	b, errB := strconv.ParseInt(r.URL.Query().Get("b"), 10, 64)
	if errA != nil || errB != nil {
		http.Error(w, "a and b must be integers", http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "(%d+%d)*3=%d impl=%s\n", a, b, fastmath.ScaledSum(a, b), fastmath.Impl())
}
