package main

import (
	"go/build"
	"runtime"
	"strconv"
	"strings"
)

// buildContext is the go/build context `go build` uses for the target with
// CGO_ENABLED=0. ReleaseTags come from the Go version this helper was built
// with, which is why the bundle builder compiles it once per toolchain.
func buildContext(req *LoadRequest) build.Context {
	ctxt := build.Default
	ctxt.GOOS = req.GOOS
	ctxt.GOARCH = req.GOARCH
	ctxt.GOROOT = ""
	ctxt.GOPATH = ""
	ctxt.CgoEnabled = false
	ctxt.Compiler = "gc"
	ctxt.BuildTags = append([]string(nil), req.Tags...)
	if req.ToolTags != nil {
		ctxt.ToolTags = append([]string(nil), req.ToolTags...)
	} else {
		ctxt.ToolTags = defaultToolTags(build.Default.ToolTags, req.GOARCH)
	}
	return ctxt
}

// defaultToolTags adapts the helper's own tool tags (those of wasip1/wasm,
// since that is what it runs as) to the target architecture when the request
// does not carry the exact list: the register ABI experiments are on by default
// for amd64 and arm64, and each architecture has its baseline level tag.
func defaultToolTags(own []string, goarch string) []string {
	var tags []string
	for _, t := range own {
		if strings.HasPrefix(t, runtime.GOARCH+".") && goarch != runtime.GOARCH {
			continue
		}
		if isArchLevelTag(t) && !strings.HasPrefix(t, goarch+".") {
			continue
		}
		tags = append(tags, t)
	}
	has := func(tag string) bool {
		for _, t := range tags {
			if t == tag {
				return true
			}
		}
		return false
	}
	add := func(tag string) {
		if !has(tag) {
			tags = append(tags, tag)
		}
	}
	switch goarch {
	case "amd64":
		add("goexperiment.regabiwrappers")
		add("goexperiment.regabiargs")
		add("amd64.v1")
	case "arm64":
		add("goexperiment.regabiwrappers")
		add("goexperiment.regabiargs")
		if goMinor() >= 23 {
			add("arm64.v8.0")
		}
	}
	return tags
}

func isArchLevelTag(t string) bool {
	for _, arch := range []string{"amd64.", "arm64.", "wasm.", "386.", "arm.", "ppc64.", "ppc64le.", "riscv64.", "mips.", "mipsle.", "mips64.", "mips64le."} {
		if strings.HasPrefix(t, arch) {
			return true
		}
	}
	return false
}

// goMinor is the minor version of the Go this helper was built with
// (go1.26.8 → 26, go1.26rc1 → 26); development builds count as newest.
func goMinor() int {
	v, ok := strings.CutPrefix(runtime.Version(), "go1.")
	if !ok {
		return 1 << 10
	}
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(v[:end])
	if err != nil {
		return 1 << 10
	}
	return n
}
