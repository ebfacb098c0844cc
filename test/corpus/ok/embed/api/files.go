package api

import (
	"fmt"
	"io/fs"
	"net/http"

	"example.com/embedsite/assets"
)

// Files lists what each embed.FS holds, so a build that embeds the wrong set
// of files (hidden files, underscore files, all: prefix) answers differently.
func Files(w http.ResponseWriter, r *http.Request) {
	for _, set := range []struct {
		name string
		fsys fs.FS
	}{{"static", assets.Static}, {"all", assets.All}} {
		fs.WalkDir(set.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				fmt.Fprintf(w, "%s:%s\n", set.name, p)
			}
			return nil
		})
	}
	fmt.Fprintf(w, "version:%s", assets.Version)
}
