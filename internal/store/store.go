package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of the state file this package writes.
const SchemaVersion = 2

// Errors a caller can meet. The returned errors wrap these with the path
// or object concerned; test them with errors.Is.
var (
	// ErrLocked means another process holds the state file and did not
	// release it within Options.Timeout.
	ErrLocked = errors.New("state file in use by another process")
	// ErrNewerSchema means the file was written by a newer cfmirror.
	ErrNewerSchema = errors.New("state file has a newer schema")
	// ErrCorrupt means a record could not be decoded.
	ErrCorrupt = errors.New("state record corrupt")
)

// Options configure Open. The zero value is usable.
type Options struct {
	// Timeout bounds the wait for the file lock (default 5s).
	Timeout time.Duration
	// ReadOnly opens the file for reading; it still waits for the lock
	// of a writer.
	ReadOnly bool
}

// Store is an open state file. Close it when done.
type Store struct {
	db   *bolt.DB
	path string
}

var (
	bucketMeta   = []byte("meta")
	bucketSpaces = []byte("spaces")
	keySchema    = []byte("schema")
)

// Open opens or creates the state file at path and brings its schema up
// to date. When another process holds the file, Open waits up to
// opts.Timeout and then returns an error wrapping ErrLocked.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  opts.Timeout,
		ReadOnly: opts.ReadOnly,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf(
			"open state %s: another process holds it (waited %s): %w",
			path, opts.Timeout, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}

	s := &Store{db: db, path: path}
	if err := s.migrate(opts.ReadOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return s, nil
}

// Close releases the file and its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close state %s: %w", s.path, err)
	}
	return nil
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// migrations[v] brings a file from schema v to v+1.
var migrations = []func(tx *bolt.Tx) error{
	createV1,
	addVersions,
}

// createV1 creates the buckets of schema 1 in an empty file.
func createV1(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketSpaces} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// addVersions gives every space of a schema 1 file its versions
// bucket, filled from the stored bodies (schema 2).
func addVersions(tx *bolt.Tx) error {
	return tx.Bucket(bucketSpaces).ForEachBucket(func(k []byte) error {
		sp := tx.Bucket(bucketSpaces).Bucket(k)
		vers, err := sp.CreateBucketIfNotExists(bucketVersions)
		if err != nil {
			return fmt.Errorf("create versions of %s: %w", k, err)
		}
		bodies := sp.Bucket(bucketBodies)
		if bodies == nil {
			return nil
		}
		return bodies.ForEach(func(id, v []byte) error {
			head, _, _ := bytes.Cut(v, []byte{'\n'})
			if _, err := strconv.Atoi(string(head)); err != nil {
				return fmt.Errorf("decode body %s: %w", id, ErrCorrupt)
			}
			return vers.Put(id, head)
		})
	})
}

// migrate checks the schema version and applies the missing migrations.
func (s *Store) migrate(readOnly bool) error {
	var have int
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		have, err = schemaOf(tx)
		return err
	})
	if err != nil {
		return err
	}
	if have > SchemaVersion {
		return fmt.Errorf("schema %d, this cfmirror knows %d: %w",
			have, SchemaVersion, ErrNewerSchema)
	}
	if have == SchemaVersion {
		return nil
	}
	if readOnly {
		return fmt.Errorf("schema %d needs migrating: open it read-write once", have)
	}

	return s.db.Update(func(tx *bolt.Tx) error {
		for v := have; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		return meta.Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}

// schemaOf reads the schema version; 0 means an empty file.
func schemaOf(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return 0, fmt.Errorf("read schema version %q: %w", raw, ErrCorrupt)
	}
	return v, nil
}
