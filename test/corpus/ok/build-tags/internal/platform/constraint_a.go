//go:build linux

package platform

const Constraint = "linux"
