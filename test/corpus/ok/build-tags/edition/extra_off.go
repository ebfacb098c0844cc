//go:build !(extra && (linux || wasip1))

package edition

const extra = false
