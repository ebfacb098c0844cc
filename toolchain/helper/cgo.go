package main

import (
	"bufio"
	"bytes"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// checkCgo reports files that go leaves out of the build only because they
// import "C": with CGO_ENABLED=0 go drops them silently, and the user then
// meets "undefined" errors far from the cause. A file whose build constraint
// mentions cgo is an intended cgo/non-cgo variant and stays quietly excluded.
func (l *loader) checkCgo(p *pkg) bool {
	if p.bp == nil {
		return false
	}
	withCgo := l.ctxt
	withCgo.CgoEnabled = true
	reported := false
	for _, name := range p.bp.IgnoredGoFiles {
		abs := filepath.Join(p.abs, name)
		src, err := os.ReadFile(abs)
		if err != nil || mentionsTag(src, "cgo") {
			continue
		}
		pos, ok := importCPos(abs, src)
		if !ok {
			continue
		}
		if match, err := withCgo.MatchFile(p.abs, name); err != nil || !match {
			continue
		}
		l.diags.add("load", `import "C" is not supported: functions are built with CGO_ENABLED=0, and go leaves files that use cgo out of the build`,
			l.paths.loc(pos))
		reported = true
	}
	return reported
}

func importCPos(abs string, src []byte) (token.Position, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, abs, src, parser.ImportsOnly)
	if err != nil || f == nil {
		return token.Position{}, false
	}
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == "C" {
			return fset.Position(spec.Pos()), true
		}
	}
	return token.Position{}, false
}

// mentionsTag reports whether the file's build constraint (//go:build or
// // +build, before the package clause) names tag.
func mentionsTag(src []byte, tag string) bool {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "package ") || line == "package" {
			return false
		}
		if !constraint.IsGoBuild(line) && !constraint.IsPlusBuild(line) {
			continue
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			continue
		}
		if exprHasTag(expr, tag) {
			return true
		}
	}
	return false
}

func exprHasTag(x constraint.Expr, tag string) bool {
	switch x := x.(type) {
	case *constraint.TagExpr:
		return x.Tag == tag
	case *constraint.NotExpr:
		return exprHasTag(x.X, tag)
	case *constraint.AndExpr:
		return exprHasTag(x.X, tag) || exprHasTag(x.Y, tag)
	case *constraint.OrExpr:
		return exprHasTag(x.X, tag) || exprHasTag(x.Y, tag)
	}
	return false
}
