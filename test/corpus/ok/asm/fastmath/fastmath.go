// Package fastmath has assembly for amd64 and arm64 and a Go version for
// every other architecture (wasm, for the preview).
package fastmath

// scale is read by the assembly through go_asm.h as $const_scale.
const scale = 3

// ScaledSum returns (a+b)*3.
func ScaledSum(a, b int64) int64 { return scaledSum(a, b) }

// Impl says which implementation the build selected.
func Impl() string { return impl }
