package assets

import "embed"

// Static embeds a directory: files starting with . or _ are left out.
//
//go:embed static
var Static embed.FS

// All embeds the same directory with the all: prefix, which keeps them.
//
//go:embed all:static
var All embed.FS

//go:embed version.txt
var Version []byte
