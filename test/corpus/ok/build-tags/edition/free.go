//go:build !premium

package edition

const Name = "free"
