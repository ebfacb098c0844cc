//go:build wasip1

package platform

const Constraint = "wasip1"
