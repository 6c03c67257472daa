package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Body is a page's storage-format body as fetched, with what else came
// with it and is needed to render the page again without fetching.
type Body struct {
	ID      string
	Version int
	Body    string
	WebURL  string
	Labels  []string `json:",omitempty"`
}

// A body is stored as "{version}\n{json}", and its version once more in
// the space's versions bucket, so that BodyVersions reads no body.

// PutBodies stores bodies of a space in one transaction, replacing older
// ones.
func (s *Store) PutBodies(key string, bodies []Body) error {
	if len(bodies) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		sp, err := ensureSpace(tx, key)
		if err != nil {
			return err
		}
		b := sp.Bucket(bucketBodies)
		vers := sp.Bucket(bucketVersions)
		for _, body := range bodies {
			raw, err := json.Marshal(body)
			if err != nil {
				return err
			}
			ver := strconv.AppendInt(nil, int64(body.Version), 10)
			v := append(append(slices.Clone(ver), '\n'), raw...)
			if err := b.Put([]byte(body.ID), v); err != nil {
				return err
			}
			if err := vers.Put([]byte(body.ID), ver); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store bodies of %s: %w", key, err)
	}
	return nil
}

// Body returns the stored body of a page; ok is false when none is.
func (s *Store) Body(key, id string) (body Body, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketBodies)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(id))
		if v == nil {
			return nil
		}
		_, raw, _ := bytes.Cut(v, []byte{'\n'})
		if err := json.Unmarshal(raw, &body); err != nil {
			return fmt.Errorf("decode body %s: %w", id, ErrCorrupt)
		}
		ok = true
		return nil
	})
	if err != nil {
		return Body{}, false, fmt.Errorf("read body of %s: %w", key, err)
	}
	return body, ok, nil
}

// BodyVersions returns the version of every stored body of a space.
// It reads the small versions bucket, never the bodies.
func (s *Store) BodyVersions(key string) (map[string]int, error) {
	out := make(map[string]int)
	err := s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketVersions)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			n, err := strconv.Atoi(string(v))
			if err != nil {
				return fmt.Errorf("decode body version %s: %w", k, ErrCorrupt)
			}
			out[string(k)] = n
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read body versions of %s: %w", key, err)
	}
	return out, nil
}
