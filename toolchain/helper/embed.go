package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
)

// resolveEmbeds expands p's //go:embed patterns the way cmd/go does
// (load.resolveEmbed): relative to the package directory, never across a
// module boundary, hidden files left out of directories unless "all:".
// Each failing pattern is reported at its first directive, worded like go's
// "pattern X: …"; go stops at the first one, this reports them all.
func (l *loader) resolveEmbeds(p *pkg) map[string][]string {
	return l.resolvePatterns(p, p.bp.EmbedPatterns, p.bp.EmbedPatternPos)
}

// resolvePatterns expands one file set's //go:embed patterns (the package's,
// its test files', its external test files').
func (l *loader) resolvePatterns(p *pkg, patterns []string, pos map[string][]token.Position) map[string][]string {
	out := map[string][]string{}
	for _, pattern := range patterns {
		files, err := l.resolveEmbed(p.abs, pattern)
		if err != nil {
			l.diags.add("load", fmt.Sprintf("pattern %s: %v", pattern, err), l.paths.firstPos(pos[pattern]))
			continue
		}
		rel := make([]string, len(files))
		for i, f := range files {
			rel[i] = path.Join(p.rel, f)
		}
		out[pattern] = rel
	}
	return out
}

// resolveEmbed returns the files one pattern names, relative to pkgdir, sorted.
func (l *loader) resolveEmbed(pkgdir, pattern string) ([]string, error) {
	glob, all := strings.CutPrefix(pattern, "all:")
	if _, err := path.Match(glob, ""); err != nil || !validEmbedPattern(glob) {
		return nil, errors.New("invalid pattern syntax")
	}
	match, err := filepath.Glob(quoteGlob(pkgdir+string(filepath.Separator)) + filepath.FromSlash(glob))
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	dirOK := map[string]bool{}
	var list []string
	for _, file := range match {
		rel := filepath.ToSlash(strings.TrimPrefix(file, pkgdir+string(filepath.Separator)))
		info, err := os.Lstat(file)
		if err != nil {
			return nil, err
		}
		what := "file"
		if info.IsDir() {
			what = "directory"
		}
		// No directory between the package and the match may start another
		// module or be a hidden/VCS name.
		for dir := file; len(dir) > len(pkgdir)+1 && !dirOK[dir]; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return nil, fmt.Errorf("cannot embed %s %s: in different module", what, rel)
			}
			if dir != file {
				if info, err := os.Lstat(dir); err == nil && !info.IsDir() {
					return nil, fmt.Errorf("cannot embed %s %s: in non-directory %s", what, rel, dir[len(pkgdir)+1:])
				}
			}
			dirOK[dir] = true
			if elem := filepath.Base(dir); isBadEmbedName(elem) {
				if dir == file {
					return nil, fmt.Errorf("cannot embed %s %s: invalid name %s", what, rel, elem)
				}
				return nil, fmt.Errorf("cannot embed %s %s: in invalid directory %s", what, rel, elem)
			}
		}
		switch {
		default:
			return nil, fmt.Errorf("cannot embed irregular file %s", rel)
		case info.Mode().IsRegular():
			if !have[rel] {
				have[rel] = true
				list = append(list, rel)
			}
		case info.IsDir():
			count := 0
			err := filepath.WalkDir(file, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				rel := filepath.ToSlash(strings.TrimPrefix(p, pkgdir+string(filepath.Separator)))
				name := d.Name()
				if p != file && (isBadEmbedName(name) || ((name[0] == '.' || name[0] == '_') && !all)) {
					if d.IsDir() {
						return fs.SkipDir
					}
					if name[0] == '.' || name[0] == '_' {
						return nil
					}
					if isBadEmbedName(name) {
						return fmt.Errorf("cannot embed file %s: invalid name %s", rel, name)
					}
					return nil
				}
				if d.IsDir() {
					if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
						return filepath.SkipDir
					}
					return nil
				}
				if !d.Type().IsRegular() {
					return nil
				}
				count++
				if !have[rel] {
					have[rel] = true
					list = append(list, rel)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if count == 0 {
				return nil, fmt.Errorf("cannot embed directory %s: contains no embeddable files", rel)
			}
		}
	}
	if len(list) == 0 {
		return nil, errors.New("no matching files found")
	}
	sort.Strings(list)
	return list, nil
}

func validEmbedPattern(pattern string) bool {
	return pattern != "." && fs.ValidPath(pattern)
}

// isBadEmbedName: names that cannot be part of a module zip, or VCS directories.
func isBadEmbedName(name string) bool {
	if err := module.CheckFilePath(name); err != nil {
		return true
	}
	switch name {
	case "", ".bzr", ".hg", ".git", ".svn":
		return true
	}
	return false
}

// quoteGlob escapes glob metacharacters in a literal path prefix, so a
// package directory such as api/users/[id] is matched as itself.
func quoteGlob(s string) string {
	if !strings.ContainsAny(s, `\*?[`) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '*', '?', '[':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// checkEmbedImports reports //go:embed in files that do not import "embed".
// go/build ignores such directives, so go only learns of them from the
// compiler; this reports them at load time with the compiler's wording.
func (l *loader) checkEmbedImports(p *pkg) {
	for _, name := range p.bp.GoFiles {
		abs := filepath.Join(p.abs, name)
		src, err := os.ReadFile(abs)
		if err != nil || !bytes.Contains(src, []byte("//go:embed")) {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, abs, src, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		_ = err // syntax errors are the compiler's to report
		importsEmbed := false
		for _, spec := range f.Imports {
			if ip, err := strconv.Unquote(spec.Path.Value); err == nil && ip == "embed" {
				importsEmbed = true
			}
		}
		if importsEmbed {
			continue
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				if !isEmbedDirective(c.Text) {
					continue
				}
				pos := fset.Position(c.Pos())
				pos.Column += 2 // the compiler points at "go:embed", past the slashes
				l.diags.add("load", embedImportMessage(), l.paths.loc(pos))
			}
		}
	}
}

func isEmbedDirective(text string) bool {
	rest, ok := strings.CutPrefix(text, "//go:embed")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// embedImportMessage is the compiler's wording, which changed in Go 1.26.
func embedImportMessage() string {
	if goMinor() >= 26 {
		return `go:embed requires import "embed" (or import _ "embed", if package is not used)`
	}
	return `go:embed only allowed in Go files that import "embed"`
}
