//go:build fast

package calc

// Speed names the build tag the project was built with.
const Speed = "fast"
