package main

import (
	"fmt"
	"go/build"
	"path"
	"strings"

	"golang.org/x/mod/module"
)

// invalidImport returns cmd/go's error for an import path that can never
// name a package in module mode, or "".
func invalidImport(imp string) string {
	switch {
	case strings.Contains(imp, "@"):
		return fmt.Sprintf("import path %q should not have @version", imp)
	case build.IsLocalImport(imp):
		return fmt.Sprintf("%q is relative, but relative import paths are not supported in module mode", imp)
	case path.IsAbs(imp):
		return fmt.Sprintf("%q is not a package path; see 'go help packages'", imp)
	case imp == "std" || imp == "cmd" || imp == "all" || imp == "tool":
		return fmt.Sprintf("%q is not an importable package; see 'go help packages'", imp)
	}
	if err := module.CheckImportPath(imp); err != nil {
		return err.Error()
	}
	return ""
}

// stdImportError applies the rules for standard-library imports from a
// module package: std's internal packages are off limits, and std's vendored
// copies are reached under their own paths.
func stdImportError(imp string) string {
	if _, ok := findInternal(imp); ok {
		return "use of internal package " + imp + " not allowed"
	}
	if _, ok := findVendor(imp); ok {
		return "use of vendored package not allowed"
	}
	return ""
}

// missingMessage words a missing package as cmd/go does: paths whose first
// element has no dot are expected in the standard library.
func missingMessage(imp, goroot string) string {
	if isStandardImportPath(imp) {
		if goroot == "" {
			goroot = "$GOROOT"
		}
		return fmt.Sprintf("package %s is not in std (%s)", imp, path.Join(goroot, "src", imp))
	}
	return fmt.Sprintf("no required module provides package %s; to add it:\n\tgo get %s", imp, imp)
}

func isStandardImportPath(p string) bool {
	i := strings.Index(p, "/")
	if i < 0 {
		i = len(p)
	}
	return !strings.Contains(p[:i], ".")
}

// internalAllowed: a module's …/x/internal/… package may be imported only by
// packages whose path starts with …/x.
func internalAllowed(importer, imported string) bool {
	i, ok := findInternal(imported)
	if !ok {
		return true
	}
	if i > 0 {
		i-- // back over the slash before "internal"
	}
	parent := imported[:i]
	return parent == "" || importer == parent || strings.HasPrefix(importer, parent+"/")
}

// findInternal returns the index of the last "internal" element of p, the
// one that restricts importers the most.
func findInternal(p string) (int, bool) {
	switch {
	case strings.HasSuffix(p, "/internal"):
		return len(p) - len("internal"), true
	case strings.Contains(p, "/internal/"):
		return strings.LastIndex(p, "/internal/") + 1, true
	case p == "internal", strings.HasPrefix(p, "internal/"):
		return 0, true
	}
	return 0, false
}

func findVendor(p string) (int, bool) {
	switch {
	case strings.Contains(p, "/vendor/"):
		return strings.LastIndex(p, "/vendor/") + 1, true
	case strings.HasPrefix(p, "vendor/"):
		return 0, true
	}
	return 0, false
}
