//go:build !amd64 && !arm64

package fastmath

const impl = "go"

func scaledSum(a, b int64) int64 { return (a + b) * scale }
