// Package greet lives outside api/, so it is a library, not an entrypoint.
package greet

import (
	"fmt"

	"example.com/helpers/internal/slug"
)

func Message(name string) string {
	return fmt.Sprintf("Hello, %s (%s)", name, slug.Make(name))
}
