package main

// The JSON exchanged with the TypeScript side (src/core/load/loader.ts and
// src/core/modules/). Bump protocolVersion whenever a field changes meaning,
// so an old bundle and a new engine fail with a sentence instead of
// misreading each other.
const protocolVersion = 2

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
	// Modules turns on module mode: go.mod's requirements, go.sum, the
	// module proxy's answers mounted so far. Without it only the main module
	// and std are known (the helper's protocol 1 behaviour).
	Modules *ModulesRequest `json:"modules,omitempty"`
}

// ModulesRequest is what module mode needs besides the project.
type ModulesRequest struct {
	// GoMod is the project-relative go.mod ("go.mod").
	GoMod string `json:"goMod"`
	// Env holds GOFLAGS, GOPRIVATE, GONOSUMDB, GOSUMDB as the user set them.
	Env map[string]string `json:"env"`
	// Downloads is the directory of mounted GOPROXY-protocol answers (see modsource.go).
	Downloads string `json:"downloads"`
	// SumdbDir holds the checksum database's kept state (config/, cache/); written files there are to be kept.
	SumdbDir string `json:"sumdbDir"`
	// TreeRoot is where module trees live: <TreeRoot>/<path>@<version>/.
	TreeRoot string `json:"treeRoot"`
	// Trees lists the trees mounted under TreeRoot and the h1 hash of the zip each came from.
	Trees map[string]string `json:"trees"`
	// Tidy applies what go mod tidy would add instead of failing as go build does.
	Tidy bool `json:"tidy"`
	// ListOnly stops after the module graph: the answer is the build list (go list -m all).
	ListOnly bool `json:"listOnly"`
	// Toolchain is the Go version the build stands for, for "requires go >= …" messages.
	Toolchain string `json:"toolchain"`
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
	// Module is set for packages of dependency modules.
	Module *PackageModule `json:"module,omitempty"`
}

// PackageModule mirrors src/core/plan/plan-types.ts: what the planner and
// the build info need to know about a dependency package's module.
type PackageModule struct {
	Path      string         `json:"path"`
	Version   string         `json:"version"`
	Sum       string         `json:"sum,omitempty"`
	GoVersion string         `json:"goVersion,omitempty"`
	Replace   *ModuleReplace `json:"replace,omitempty"`
}

type ModuleReplace struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum,omitempty"`
}

// ListedModule is one line of `go list -m all`.
type ListedModule struct {
	Path      string        `json:"path"`
	Version   string        `json:"version,omitempty"`
	Main      bool          `json:"main,omitempty"`
	GoVersion string        `json:"goVersion,omitempty"`
	Replace   *ListedModule `json:"replace,omitempty"`
}

// ModulesAnswer is module mode's part of every answer.
type ModulesAnswer struct {
	BuildList []ListedModule `json:"buildList"`
	// Verified lists downloaded zips that passed every check; their trees were written this run.
	Verified []VerifiedZip `json:"verified"`
	// Proposal is the go.mod/go.sum change the build needs (or applied, with Tidy).
	Proposal *Proposal    `json:"proposal,omitempty"`
	Warnings []Diagnostic `json:"warnings"`
	Vendor   bool         `json:"vendor"`
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
	Modules    *ModulesAnswer  `json:"modules,omitempty"`
}

type loadFailed struct {
	Protocol    int            `json:"protocol"`
	Helper      string         `json:"helper"`
	OK          bool           `json:"ok"`
	Diagnostics []Diagnostic   `json:"diagnostics"`
	Modules     *ModulesAnswer `json:"modules,omitempty"`
}

// loadNeeds is the answer of a run that is waiting for downloads: the host
// fetches each GOPROXY-protocol path in Need and runs the helper again.
type loadNeeds struct {
	Protocol int            `json:"protocol"`
	Helper   string         `json:"helper"`
	Need     []string       `json:"need"`
	Modules  *ModulesAnswer `json:"modules"`
}
