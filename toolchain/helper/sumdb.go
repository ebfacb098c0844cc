package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
)

// The checksum database through golang.org/x/mod/sumdb's own client: it
// verifies the signed tree head with the database key, checks each record's
// inclusion proof and keeps the latest tree so that a later tree that does
// not extend it is refused. Its remote reads are the mounted downloads
// ("sumdb/<name>/lookup/…", "sumdb/<name>/tile/…"); its config (the latest
// tree) and cache (lookups, tiles) live in stateDir, which the host keeps
// between builds: files the client writes there come back to the host as
// the run's written files.

// knownGOSUMDB is cmd/go's table of database keys known by name.
var knownGOSUMDB = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

type checksumDB struct {
	name   string
	client *sumdb.Client
	ops    *dbOps
	err    error
}

// openChecksumDB reads GOSUMDB as cmd/go does ("off", a known name, or a
// verifier key, optionally followed by a URL the host uses to reach it).
func openChecksumDB(gosumdb string, dl *downloads, stateDir string) *checksumDB {
	if gosumdb == "" {
		gosumdb = "sum.golang.org"
	}
	if gosumdb == "sum.golang.google.cn" {
		gosumdb = "sum.golang.org https://sum.golang.google.cn"
	}
	key := strings.Fields(gosumdb)
	if len(key) >= 1 {
		if k := knownGOSUMDB[key[0]]; k != "" {
			key[0] = k
		}
	}
	switch {
	case len(key) == 0:
		return &checksumDB{err: errors.New("missing GOSUMDB")}
	case len(key) > 2:
		return &checksumDB{err: errors.New("invalid GOSUMDB: too many fields")}
	}
	vkey, err := note.NewVerifier(key[0])
	if err != nil {
		return &checksumDB{err: fmt.Errorf("invalid GOSUMDB: %v", err)}
	}
	ops := &dbOps{name: vkey.Name(), key: key[0], dl: dl, dir: stateDir}
	return &checksumDB{name: vkey.Name(), client: sumdb.NewClient(ops), ops: ops}
}

// check is cmd/go's checkSumDB: the database's go.sum lines for k must hold h.
func (db *checksumDB) check(k sumKey, h string) error {
	mod := k
	noun := "module"
	if before, found := strings.CutSuffix(k.Version, "/go.mod"); found {
		noun = "go.mod"
		mod.Version = before
	}
	if db.err != nil {
		return module.VersionError(mod, fmt.Errorf("verifying %s: %v", noun, db.err))
	}
	before, alarms := db.ops.waits(), db.ops.alarms()
	lines, err := db.client.Lookup(k.Path, k.Version)
	if err != nil {
		// The client wraps its errors with %v, so sentinels are lost: count instead.
		if db.ops.alarms() > alarms || errors.Is(err, sumdb.ErrSecurity) {
			return &securityError{db.ops.securityMessage(err)}
		}
		if db.ops.waits() > before {
			return errPending
		}
		return module.VersionError(mod, fmt.Errorf("verifying %s: %v", noun, err))
	}
	have := k.Path + " " + k.Version + " " + h
	prefix := k.Path + " " + k.Version + " h1:"
	for _, line := range lines {
		if line == have {
			return nil
		}
		if strings.HasPrefix(line, prefix) {
			return &securityError{module.VersionError(mod, fmt.Errorf("verifying %s: checksum mismatch\n\tdownloaded: %v\n\t%s: %v"+sumdbMismatch, noun, h, db.name, line[len(prefix)-len("h1:"):])).Error()}
		}
	}
	return &securityError{module.VersionError(mod, fmt.Errorf("verifying %s: checksum missing from sumdb response"+sumdbAbsent, noun)).Error()}
}

// dbOps implements sumdb.ClientOps over the mounted downloads and state.
type dbOps struct {
	name, key string
	dl        *downloads
	dir       string
	mu        sync.Mutex
	pending   int
	security  []string
}

func (o *dbOps) waits() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pending
}

func (o *dbOps) alarms() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.security)
}

func (o *dbOps) securityMessage(err error) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.security) > 0 {
		return strings.Join(o.security, "\n")
	}
	return err.Error()
}

func (o *dbOps) ReadRemote(path string) ([]byte, error) {
	data, err := o.dl.get("sumdb/" + o.name + path)
	if errors.Is(err, errPending) {
		o.mu.Lock()
		o.pending++
		o.mu.Unlock()
	}
	return data, err
}

func (o *dbOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	data, err := os.ReadFile(filepath.Join(o.dir, "config", filepath.FromSlash(file)))
	if errors.Is(err, os.ErrNotExist) {
		return []byte{}, nil // no tree seen yet: start from the empty tree
	}
	return data, err
}

func (o *dbOps) WriteConfig(file string, old, new []byte) error {
	if file == "key" {
		return errors.New("cannot write key")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	cur, err := o.ReadConfig(file)
	if err != nil {
		return err
	}
	if len(cur) > 0 && !bytes.Equal(cur, old) {
		return sumdb.ErrWriteConflict
	}
	return writeFileAll(filepath.Join(o.dir, "config", filepath.FromSlash(file)), new)
}

func (o *dbOps) ReadCache(file string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(o.dir, "cache", filepath.FromSlash(file)))
	if err == nil && len(data) == 0 {
		err = os.ErrNotExist
	}
	return data, err
}

func (o *dbOps) WriteCache(file string, data []byte) {
	writeFileAll(filepath.Join(o.dir, "cache", filepath.FromSlash(file)), data)
}

func (o *dbOps) Log(string) {}

func (o *dbOps) SecurityError(msg string) {
	o.mu.Lock()
	o.security = append(o.security, msg)
	o.mu.Unlock()
}

func writeFileAll(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o666)
}
