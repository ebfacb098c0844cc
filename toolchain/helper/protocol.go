package main

// The JSON exchanged with the TypeScript side (src/core/loader.ts). Bump
// protocolVersion whenever a field changes meaning, so an old bundle and a new
// engine fail with a sentence instead of misreading each other.
const protocolVersion = 1

// LoadRequest is what `gofn-helper load` reads on stdin.
type LoadRequest struct {
	Protocol int `json:"protocol"`
	// Root is the absolute directory where the project is mounted (the module root).
	Root       string `json:"root"`
	ModulePath string `json:"modulePath"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	// Tags are the user's -tags.
	Tags []string `json:"tags"`
	// ToolTags replace the toolchain's own tags (goexperiment.*, amd64.v1, …) when
	// given; `go list -f '{{context.ToolTags}}'` for the target prints them.
	ToolTags []string `json:"toolTags,omitempty"`
	// GoVersion is go.mod's go line, informational.
	GoVersion string `json:"goVersion,omitempty"`
	// GOROOT is only used to word "package x is not in std (GOROOT/src/x)".
	GOROOT string `json:"goroot,omitempty"`
	// Entries are project-relative entry files, e.g. "api/users/[id].go".
	Entries []string `json:"entries"`
	// Std lists the standard library's import paths for the target.
	Std []string `json:"std"`
}

// Location and Diagnostic mirror src/core/types.ts.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type Diagnostic struct {
	Source   string    `json:"source"`
	Message  string    `json:"message"`
	Location *Location `json:"location,omitempty"`
	Notes    []string  `json:"notes,omitempty"`
}

// LoadedPackage mirrors src/core/packages.ts.
type LoadedPackage struct {
	ImportPath    string              `json:"importPath"`
	Dir           string              `json:"dir"`
	Name          string              `json:"name"`
	GoFiles       []string            `json:"goFiles"`
	SFiles        []string            `json:"sFiles"`
	HFiles        []string            `json:"hFiles"`
	Imports       []string            `json:"imports"`
	EmbedPatterns []string            `json:"embedPatterns"`
	EmbedFiles    map[string][]string `json:"embedFiles"`
}

// EntryInfo mirrors src/core/packages.ts.
type EntryInfo struct {
	Entry       string   `json:"entry"`
	ImportPath  string   `json:"importPath"`
	PackageName string   `json:"packageName"`
	Handler     string   `json:"handler"`
	HandlerPos  Location `json:"handlerPos"`
	// HandlerAlsoIn lists other files of the same package that declare a
	// top-level func with the handler's name (position of that name), so the
	// builder can rename them when this entry is built.
	HandlerAlsoIn []Location `json:"handlerAlsoIn"`
}

// The answer of `gofn-helper load` on stdout: loadOK or loadFailed, told
// apart by "ok". Both carry the protocol and the Go version the helper was
// built with (its go/build semantics are that version's).
type loadOK struct {
	Protocol   int             `json:"protocol"`
	Helper     string          `json:"helper"`
	OK         bool            `json:"ok"`
	Packages   []LoadedPackage `json:"packages"`
	StdImports []string        `json:"stdImports"`
	Entries    []EntryInfo     `json:"entries"`
}

type loadFailed struct {
	Protocol    int          `json:"protocol"`
	Helper      string       `json:"helper"`
	OK          bool         `json:"ok"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}
