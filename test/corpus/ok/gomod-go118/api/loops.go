package api

import (
	"fmt"
	"net/http"
	"strings"
)

// Loops depends on the language version and GODEBUG defaults of go.mod's go
// line (1.18 here), whichever newer toolchain builds it: before go 1.22 a
// three-clause loop shares one i across iterations, so the closures see 3 3 3;
// before go 1.21 (GODEBUG panicnil=1) recover() returns nil after panic(nil).
func Loops(w http.ResponseWriter, r *http.Request) {
	var fns []func() string
	for i := 0; i < 3; i++ {
		fns = append(fns, func() string { return fmt.Sprint(i) })
	}
	var out []string
	for _, f := range fns {
		out = append(out, f())
	}
	fmt.Fprintf(w, "closures saw %s\n", strings.Join(out, " "))
	fmt.Fprintf(w, "recovered %T\n", recoverNil())
}

func recoverNil() (v interface{}) {
	defer func() { v = recover() }()
	panic(nil)
}
