// Package calc is compiled with -B -l (no bounds checks, no inlining) through
// a package pattern in GO_BUILD_FLAGS; Mode is set with -X.
package calc

// Mode is replaced at link time.
var Mode = "default"

// Sum adds 1..n through a slice, so bounds checks would have work to do.
func Sum(n int) int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i + 1
	}
	total := 0
	for i := 0; i < len(xs); i++ {
		total += xs[i]
	}
	return total
}
