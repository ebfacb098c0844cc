package main

import (
	"go/scanner"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// diagList collects diagnostics in the order they are found (the loader's
// walk is deterministic) and drops exact repeats, as cmd/go reports one
// error per import site.
type diagList struct {
	list []Diagnostic
	seen map[string]bool
}

func (d *diagList) add(source, message string, loc *Location, notes ...string) {
	key := source + "\x00" + message + "\x00" + strings.Join(notes, "\x00")
	if loc != nil {
		key += "\x00" + loc.File + "\x00" + strconv.Itoa(loc.Line) + ":" + strconv.Itoa(loc.Column)
	}
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	d.list = append(d.list, Diagnostic{Source: source, Message: message, Location: loc, Notes: notes})
}

// paths turns absolute paths under the mounted root into the project-relative
// paths users see; messages never show the mount point.
type paths struct {
	root string
}

func (p paths) rel(abs string) string {
	if abs == p.root {
		return ""
	}
	if r, ok := strings.CutPrefix(abs, p.root+"/"); ok {
		return r
	}
	return abs
}

// display is a directory as shown in messages: "." for the module root.
func (p paths) display(abs string) string {
	if r := p.rel(abs); r != "" {
		return r
	}
	return "."
}

func (p paths) abs(rel string) string {
	if rel == "" {
		return p.root
	}
	return filepath.Join(p.root, filepath.FromSlash(rel))
}

// text removes the mount point from a message produced by go/build or go/parser.
func (p paths) text(s string) string {
	return strings.ReplaceAll(s, p.root+"/", "")
}

func (p paths) loc(pos token.Position) *Location {
	if !pos.IsValid() && pos.Filename == "" {
		return nil
	}
	return &Location{File: p.rel(pos.Filename), Line: pos.Line, Column: pos.Column}
}

// firstPos is where cmd/go places an error about an import: its first occurrence.
func (p paths) firstPos(positions []token.Position) *Location {
	if len(positions) == 0 {
		return nil
	}
	return p.loc(positions[0])
}

// addScanErrors reports up to max go/parser errors at their own positions.
func (d *diagList) addScanErrors(p paths, source string, err error, max int) bool {
	list, ok := err.(scanner.ErrorList)
	if !ok {
		if e, ok2 := err.(*scanner.Error); ok2 {
			list = scanner.ErrorList{e}
		} else if e, ok2 := err.(scanner.Error); ok2 {
			list = scanner.ErrorList{&e}
		} else {
			return false
		}
	}
	for i, e := range list {
		if i == max {
			break
		}
		d.add(source, p.text(e.Msg), p.loc(e.Pos))
	}
	return true
}
