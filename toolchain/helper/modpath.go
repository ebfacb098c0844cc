package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The import and file path rules of golang.org/x/mod/module, which cmd/go
// applies to imports ("malformed import path …") and to embedded file names.
// The helper is standard-library only, so they are restated here.

type pathKind int

const (
	importPathKind pathKind = iota
	filePathKind
)

// checkImportPath returns cmd/go's error for an invalid import path, or nil.
func checkImportPath(path string) error {
	if err := checkPath(path, importPathKind); err != nil {
		return fmt.Errorf("malformed import path %q: %v", path, err)
	}
	return nil
}

// checkFilePath reports whether a slash-separated file path could be part of a module.
func checkFilePath(path string) error {
	if err := checkPath(path, filePathKind); err != nil {
		return fmt.Errorf("malformed file path %q: %v", path, err)
	}
	return nil
}

func checkPath(path string, kind pathKind) error {
	if !utf8.ValidString(path) {
		return fmt.Errorf("invalid UTF-8")
	}
	if path == "" {
		return fmt.Errorf("empty string")
	}
	if path[0] == '-' && kind != filePathKind {
		return fmt.Errorf("leading dash")
	}
	if strings.Contains(path, "//") {
		return fmt.Errorf("double slash")
	}
	if path[len(path)-1] == '/' {
		return fmt.Errorf("trailing slash")
	}
	for _, elem := range strings.Split(path, "/") {
		if err := checkElem(elem, kind); err != nil {
			return err
		}
	}
	return nil
}

var badWindowsNames = []string{
	"CON", "PRN", "AUX", "NUL",
	"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
	"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
}

func checkElem(elem string, kind pathKind) error {
	if elem == "" {
		return fmt.Errorf("empty path element")
	}
	if strings.Count(elem, ".") == len(elem) {
		return fmt.Errorf("invalid path element %q", elem)
	}
	if elem[len(elem)-1] == '.' {
		return fmt.Errorf("trailing dot in path element")
	}
	for _, r := range elem {
		ok := false
		switch kind {
		case importPathKind:
			ok = importPathOK(r)
		case filePathKind:
			ok = fileNameOK(r)
		}
		if !ok {
			return fmt.Errorf("invalid char %q", r)
		}
	}
	short := elem
	if i := strings.Index(short, "."); i >= 0 {
		short = short[:i]
	}
	for _, bad := range badWindowsNames {
		if strings.EqualFold(bad, short) {
			return fmt.Errorf("%q disallowed as path element component on Windows", short)
		}
	}
	if kind == filePathKind {
		return nil
	}
	// Elements that look like Windows short names (PROGRA~1).
	if tilde := strings.LastIndexByte(short, '~'); tilde >= 0 && tilde < len(short)-1 {
		digits := true
		for _, r := range short[tilde+1:] {
			if r < '0' || r > '9' {
				digits = false
				break
			}
		}
		if digits {
			return fmt.Errorf("trailing tilde and digits in path element")
		}
	}
	return nil
}

func importPathOK(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '-' || r == '.' || r == '_' || r == '~' || r == '+' ||
			'0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
	}
	return false
}

func fileNameOK(r rune) bool {
	if r < utf8.RuneSelf {
		const allowed = "!#$%&()+,-.=@[]^_{}~ "
		if '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' {
			return true
		}
		return strings.ContainsRune(allowed, r)
	}
	return unicode.IsLetter(r)
}
