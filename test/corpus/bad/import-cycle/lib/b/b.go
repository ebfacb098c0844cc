package b

import "example.com/importcycle/lib/a"

func B() string { return "b" }

var _ = a.A
