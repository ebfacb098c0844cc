package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// Module trees: a module version's files, extracted from its zip. The host
// mounts trees it extracted from verified zips of its module cache (with
// their h1 hashes, which are still checked against go.sum here); a zip that
// was just downloaded is mounted as is, and is checked with go's zip rules
// (golang.org/x/mod/zip: no "..", absolute, duplicate or case-colliding
// paths, size limits, the path@version/ prefix), hashed, checked against
// go.sum or the checksum database, and only then extracted. A zip that fails
// any of that is reported and never extracted, so the host never caches it.

// VerifiedZip tells the host a downloaded zip passed every check; its tree
// was written under the tree root in this run.
type VerifiedZip struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum"`
	// Kind is "zip" (its tree was written) or "mod" (a go.mod the host may cache).
	Kind string `json:"kind"`
}

// tree returns the root directory of m's extracted files, extracting and
// checking a downloaded zip when needed.
func (s *modState) tree(m module.Version) (string, error) {
	key := m.String()
	dir := filepath.Join(s.treeRoot, filepath.FromSlash(key))
	if h, ok := s.trees[key]; ok {
		if err := s.sums.check(m, h); err != nil {
			return "", err
		}
		return dir, nil
	}
	zipFile := filepath.Join(s.dl.dir, filepath.FromSlash(versionFile(m, ".zip")))
	if _, err := s.dl.get(versionFile(m, ".zip")); err != nil {
		if errors.Is(err, errPending) {
			return "", err
		}
		return "", module.VersionError(m, err)
	}
	cf, err := modzip.CheckZip(m, zipFile)
	if err == nil {
		err = cf.Err()
	}
	if err != nil {
		return "", s.refuse(m, err)
	}
	h, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		return "", s.refuse(m, err)
	}
	if err := s.sums.check(m, h); err != nil {
		return "", err
	}
	if err := modzip.Unzip(dir, m, zipFile); err != nil {
		return "", s.refuse(m, err)
	}
	s.trees[key] = h
	s.verified = append(s.verified, VerifiedZip{Path: m.Path, Version: m.Version, Sum: h, Kind: "zip"})
	return dir, nil
}

// refuse is a zip that breaks go's rules: a security problem, never cached.
func (s *modState) refuse(m module.Version, err error) error {
	return s.sums.fail(fmt.Sprintf("%s: module zip refused: %v", m, err))
}
