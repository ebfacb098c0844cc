// Package version is stamped at link time with -ldflags -X.
package version

var (
	Version = "dev"
	Commit  = "none"
)
