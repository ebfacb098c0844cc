package a

import "example.com/importcycle/lib/b"

func A() string { return "a" + b.B() }
