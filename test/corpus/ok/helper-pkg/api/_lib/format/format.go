// Package format sits under api/_lib: the underscore keeps it from being an entrypoint.
package format

import "strings"

func Box(s string) string {
	line := strings.Repeat("-", len(s)+4)
	return line + "\n| " + s + " |\n" + line + "\n"
}
