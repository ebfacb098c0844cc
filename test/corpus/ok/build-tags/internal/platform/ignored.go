//go:build ignore

package platform

// This file would not compile if it were part of the build.
var broken int = "ignore me"
