//go:build premium

package edition

const Name = "premium"
