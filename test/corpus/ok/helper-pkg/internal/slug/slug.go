package slug

import "strings"

// Make lower-cases s and joins its words with dashes.
func Make(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), "-")
}
