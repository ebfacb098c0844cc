//go:build amd64 || arm64

package fastmath

const impl = "asm"

//go:noescape
func scaledSum(a, b int64) int64
