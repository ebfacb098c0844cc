// Command gofn-helper answers questions about a Go project with the go/build
// and go/parser of the Go version it was built with. It runs as a WASI
// (wasip1/wasm) program over the project mounted read-only.
//
//	gofn-helper load     JSON LoadRequest on stdin → JSON answer on stdout
//	gofn-helper list     the same request → every package of the module, tests included (list.go)
//	gofn-helper version  prints the protocol and Go version
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: gofn-helper load|list|version")
	}
	switch os.Args[1] {
	case "load":
		runLoad(os.Stdin, os.Stdout)
	case "list":
		runList(os.Stdin, os.Stdout)
	case "version":
		fmt.Printf("gofn-helper protocol %d %s\n", protocolVersion, runtime.Version())
	default:
		fail("gofn-helper: unknown command " + os.Args[1])
	}
}

// runLoad exits non-zero only for requests it cannot read; problems in the
// project are answered as diagnostics.
func runLoad(in io.Reader, out io.Writer) {
	res := load(readRequest(in))
	switch {
	case len(res.needs) > 0:
		writeAnswer(out, loadNeeds{Protocol: protocolVersion, Helper: runtime.Version(), Need: res.needs, Modules: res.modules})
	case len(res.diags) > 0:
		writeAnswer(out, loadFailed{Protocol: protocolVersion, Helper: runtime.Version(), OK: false, Diagnostics: res.diags, Modules: res.modules})
	default:
		writeAnswer(out, loadOK{Protocol: protocolVersion, Helper: runtime.Version(), OK: true,
			Packages: res.packages, StdImports: res.stdImports, Entries: res.entries, Modules: res.modules})
	}
}

// readRequest reads and checks the JSON request every command takes on stdin.
func readRequest(in io.Reader) *LoadRequest {
	var req LoadRequest
	data, err := io.ReadAll(in)
	if err != nil {
		fail("gofn-helper: reading request: " + err.Error())
	}
	if err := json.Unmarshal(data, &req); err != nil {
		fail("gofn-helper: malformed request: " + err.Error())
	}
	if req.Protocol != protocolVersion {
		fail(fmt.Sprintf("gofn-helper speaks protocol %d but the request is protocol %d; rebuild the toolchain bundle (npm run toolchain) so engine and helper match", protocolVersion, req.Protocol))
	}
	if msg := req.validate(); msg != "" {
		fail("gofn-helper: " + msg)
	}
	return &req
}

func writeAnswer(out io.Writer, answer any) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(answer); err != nil {
		fail("gofn-helper: writing answer: " + err.Error())
	}
}

func (r *LoadRequest) validate() string {
	switch {
	case r.Root == "" || r.Root[0] != '/':
		return "request root must be an absolute path"
	case r.ModulePath == "" && r.Modules == nil:
		return "request has no modulePath"
	case r.GOOS == "" || r.GOARCH == "":
		return "request has no goos/goarch"
	case len(r.Std) == 0:
		return "request has no std package list"
	case r.Modules != nil && (r.Modules.Downloads == "" || r.Modules.TreeRoot == "" || r.Modules.SumdbDir == ""):
		return "module mode needs the downloads, tree root and checksum database directories"
	}
	return ""
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
