package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
)

// go.sum checking as cmd/go's modfetch does it (fetch.go checkModSum):
// a hash listed in go.sum must match; a hash go.sum lacks is looked up in
// the checksum database unless GOSUMDB/GONOSUMDB/GOPRIVATE say not to, and
// is then added. Additions are collected for the go.sum the user is shown.

type sumKey = module.Version // Version may end in "/go.mod"

type goSums struct {
	lines   map[sumKey][]string
	added   map[sumKey]string
	mu      sync.Mutex
	db      *checksumDB
	noSumDB func(path string) bool
	// security holds the first integrity failure; the build stops with it.
	security []string
	// missing records keys go.sum lacked (cmd/go's readonly mode refuses them).
	missing map[sumKey]bool
}

func parseGoSum(data []byte) (map[sumKey][]string, error) {
	out := map[sumKey][]string{}
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("malformed go.sum:\ngo.sum:%d: wrong number of fields %v", i+1, len(f))
		}
		if f[2] == "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=" {
			continue // cmd/go drops this old bug's empty-go.mod hash
		}
		k := sumKey{Path: f[0], Version: f[1]}
		out[k] = append(out[k], f[2])
	}
	return out, nil
}

// have reports whether go.sum (or this run's verified additions) lists a hash for k.
func (s *goSums) have(k sumKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.added[k]; ok {
		return true
	}
	for _, h := range s.lines[k] {
		if strings.HasPrefix(h, "h1:") {
			return true
		}
	}
	return false
}

func (s *goSums) recorded(k sumKey) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.lines[k] {
		if strings.HasPrefix(h, "h1:") {
			return h
		}
	}
	return s.added[k]
}

// check verifies hash h of k. It returns errPending while a checksum
// database answer is on its way, and a security error on any mismatch.
func (s *goSums) check(k sumKey, h string) error {
	s.mu.Lock()
	listed := s.lines[k]
	s.mu.Unlock()
	for _, vh := range listed {
		if vh == h {
			return nil
		}
		if strings.HasPrefix(vh, "h1:") {
			return s.fail(fmt.Sprintf("verifying %s@%s: checksum mismatch\n\tdownloaded: %v\n\tgo.sum:     %v%s", k.Path, k.Version, h, vh, goSumMismatch))
		}
	}
	s.mu.Lock()
	s.missing[k] = true
	done := s.added[k] == h
	s.mu.Unlock()
	if done {
		return nil
	}
	path := k.Path
	if s.db != nil && !s.noSumDB(path) {
		if err := s.db.check(k, h); err != nil {
			if e, ok := err.(*securityError); ok {
				return s.fail(e.msg)
			}
			return err
		}
	}
	s.mu.Lock()
	s.added[k] = h
	s.mu.Unlock()
	return nil
}

type securityError struct{ msg string }

func (e *securityError) Error() string { return e.msg }

func (s *goSums) fail(msg string) error {
	s.mu.Lock()
	s.security = append(s.security, msg)
	s.mu.Unlock()
	return &securityError{msg}
}

// goModHash is cmd/go's goModSum: the h1 hash of a one-file tree "go.mod".
func goModHash(data []byte) (string, error) {
	return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	})
}

// merged is go.sum as cmd/go writes it after adding lines: every module
// version sorted, each hash on its own line.
func (s *goSums) merged() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := map[sumKey][]string{}
	for k, hs := range s.lines {
		all[k] = append(all[k], hs...)
	}
	for k, h := range s.added {
		if !contains(all[k], h) {
			all[k] = append(all[k], h)
		}
	}
	keys := make([]sumKey, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Path != keys[j].Path {
			return keys[i].Path < keys[j].Path
		}
		return versionFileLess(keys[i].Version, keys[j].Version)
	})
	var buf bytes.Buffer
	for _, k := range keys {
		hs := append([]string(nil), all[k]...)
		sort.Strings(hs)
		for _, h := range hs {
			fmt.Fprintf(&buf, "%s %s %s\n", k.Path, k.Version, h)
		}
	}
	return buf.Bytes()
}

// versionFileLess orders "v1.2.3" before "v1.2.3/go.mod" and versions by semver, as gover.ModSort does.
func versionFileLess(a, b string) bool {
	av, af, _ := strings.Cut(a, "/")
	bv, bf, _ := strings.Cut(b, "/")
	if c := compareSemver(av, bv); c != 0 {
		return c < 0
	}
	return af < bf
}

func readOptional(file string) []byte {
	data, _ := os.ReadFile(file)
	return data
}

const goSumMismatch = `

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`

const sumdbMismatch = `

SECURITY ERROR
This download does NOT match the one reported by the checksum server.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`

const sumdbAbsent = `

SECURITY ERROR
This download does NOT match one reported by the checksum server.
The checksum server has provided checksums, but the checksums do
not contain an entry for the download.
The checksum server may be malfunctioning, or an attacker may have
intercepted the checksum request.
The download cannot be verified.

For more information, see 'go help module-auth'.
`
