package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Recognizing a handler's signature syntactically, without type checking:
// net/http is known by the names the file imports it under.

// httpNames are the names under which a file imports net/http.
type httpNames struct {
	names map[string]bool
	dot   bool
}

func httpImportNames(f *ast.File) httpNames {
	h := httpNames{names: map[string]bool{}}
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err != nil || p != "net/http" {
			continue
		}
		switch {
		case spec.Name == nil:
			h.names["http"] = true
		case spec.Name.Name == ".":
			h.dot = true
		case spec.Name.Name != "_":
			h.names[spec.Name.Name] = true
		}
	}
	return h
}

func (h httpNames) imported() bool { return h.dot || len(h.names) > 0 }

// isType reports whether e denotes net/http's type name.
func (h httpNames) isType(e ast.Expr, name string) bool {
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && h.names[id.Name] && x.Sel.Name == name
	case *ast.Ident:
		return h.dot && x.Name == name
	}
	return false
}

func (h httpNames) handlerParams(ft *ast.FuncType) bool {
	ps := paramTypes(ft.Params)
	if len(ps) != 2 || !h.isType(ps[0], "ResponseWriter") {
		return false
	}
	star, ok := unparen(ps[1]).(*ast.StarExpr)
	return ok && h.isType(star.X, "Request")
}

// mentionsHTTP reports whether a parameter list uses ResponseWriter or Request.
func (h httpNames) mentionsHTTP(ft *ast.FuncType) bool {
	found := false
	for _, t := range paramTypes(ft.Params) {
		ast.Inspect(t, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok && (h.isType(e, "ResponseWriter") || h.isType(e, "Request")) {
				found = true
			}
			return !found
		})
	}
	return found
}

// nearMiss returns "" for a handler, a sentence saying why d is almost one,
// or "-" when d is unrelated.
func (h httpNames) nearMiss(d *ast.FuncDecl, fset *token.FileSet) string {
	name := d.Name.Name
	params := h.handlerParams(d.Type)
	hasResults := d.Type.Results != nil && len(d.Type.Results.List) > 0
	generic := d.Type.TypeParams != nil && len(d.Type.TypeParams.List) > 0
	switch {
	case d.Recv != nil && params:
		return name + " is a method; the handler must be a function without a receiver"
	case d.Recv != nil:
		return "-"
	case params && !ast.IsExported(name) && !hasResults && !generic:
		return name + " has the handler's parameters but is not exported; rename it to " + exportedName(name)
	case params && hasResults:
		return name + " returns results; a handler returns nothing"
	case params && generic:
		return name + " has type parameters; a handler cannot be generic"
	case params:
		return ""
	case h.mentionsHTTP(d.Type):
		return fmt.Sprintf("%s has the signature %s", name, exprString(fset, d.Type))
	}
	return "-"
}

func paramTypes(fl *ast.FieldList) []ast.Expr {
	var out []ast.Expr
	if fl == nil {
		return out
	}
	for _, field := range fl.List {
		n := len(field.Names)
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			out = append(out, field.Type)
		}
	}
	return out
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func exprString(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		return "?"
	}
	return b.String()
}

func exportedName(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}
