package store

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// A body is stored as "{version}\n{json}" so that BodyVersions can read
// versions without decoding bodies.

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
		for _, body := range bodies {
			raw, err := json.Marshal(body)
			if err != nil {
				return err
			}
			v := strconv.AppendInt(nil, int64(body.Version), 10)
			v = append(append(v, '\n'), raw...)
			if err := b.Put([]byte(body.ID), v); err != nil {
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
func (s *Store) BodyVersions(key string) (map[string]int, error) {
	out := make(map[string]int)
	err := s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketBodies)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			head, _, _ := bytes.Cut(v, []byte{'\n'})
			n, err := strconv.Atoi(string(head))
			if err != nil {
				return fmt.Errorf("decode body %s: %w", k, ErrCorrupt)
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
