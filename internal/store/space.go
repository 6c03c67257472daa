package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SpaceInfo is what the status command shows about one mirrored space.
type SpaceInfo struct {
	Key             string
	LastSync        time.Time // start of the last sync, failed or not
	LastSuccess     time.Time // start of the last successful sync
	LastFullListing time.Time // last sync whose page listing was complete
	LastError       string    // "" after a successful sync
	Pages           int
	Attachments     int
	Summary         []byte // JSON of the last sync's summary
}

// SpaceRecord is everything the store keeps about a space besides its
// pages and attachments.
type SpaceRecord struct {
	SpaceInfo
	ID     string // Confluence space id
	HomeID string // id of the space's home page
	// Fingerprint identifies the converter and the settings the space's
	// pages were last rendered with.
	Fingerprint string
	// Applying is true while a sync changes the space folder. Still true
	// when the next sync starts, it means that sync was interrupted:
	// folders may sit where the records do not say, so the next run
	// trusts no recorded move and checks every file by its hash.
	Applying bool `json:",omitempty"`
}

var (
	bucketPages       = []byte("pages")
	bucketBodies      = []byte("bodies")
	bucketVersions    = []byte("versions")
	bucketAttachments = []byte("attachments")
	keyInfo           = []byte("info")
)

// Spaces returns every space in the store, sorted by key.
func (s *Store) Spaces() ([]SpaceInfo, error) {
	var out []SpaceInfo
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSpaces).ForEachBucket(func(k []byte) error {
			rec, err := readSpace(tx, string(k))
			if err != nil {
				return err
			}
			out = append(out, rec.SpaceInfo)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list spaces: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// Space returns the record of one space; ok is false when the store has
// never seen it.
func (s *Store) Space(key string) (rec SpaceRecord, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if spaceBucket(tx, key) == nil {
			return nil
		}
		ok = true
		rec, err = readSpace(tx, key)
		return err
	})
	if err != nil {
		return SpaceRecord{}, false, fmt.Errorf("read space %s: %w", key, err)
	}
	return rec, ok, nil
}

// PutSpace writes the record of a space, creating its buckets if needed.
func (s *Store) PutSpace(rec SpaceRecord) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := ensureSpace(tx, rec.Key)
		if err != nil {
			return err
		}
		return putJSON(b, keyInfo, rec)
	})
	if err != nil {
		return fmt.Errorf("write space %s: %w", rec.Key, err)
	}
	return nil
}

// readSpace decodes a space's info record; a space with buckets but no
// info yet has a record holding only its key.
func readSpace(tx *bolt.Tx, key string) (SpaceRecord, error) {
	rec := SpaceRecord{SpaceInfo: SpaceInfo{Key: key}}
	raw := spaceBucket(tx, key).Get(keyInfo)
	if raw == nil {
		return rec, nil
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return rec, fmt.Errorf("decode space %s: %w", key, ErrCorrupt)
	}
	rec.Key = key
	return rec, nil
}

// spaceBucket returns the bucket of a space, nil when absent.
func spaceBucket(tx *bolt.Tx, key string) *bolt.Bucket {
	return tx.Bucket(bucketSpaces).Bucket([]byte(key))
}

// sub returns a child bucket of a space, nil when absent.
func sub(tx *bolt.Tx, key string, name []byte) *bolt.Bucket {
	b := spaceBucket(tx, key)
	if b == nil {
		return nil
	}
	return b.Bucket(name)
}

// ensureSpace creates a space's bucket and its children.
func ensureSpace(tx *bolt.Tx, key string) (*bolt.Bucket, error) {
	if key == "" {
		return nil, fmt.Errorf("empty space key")
	}
	b, err := tx.Bucket(bucketSpaces).CreateBucketIfNotExists([]byte(key))
	if err != nil {
		return nil, err
	}
	for _, name := range [][]byte{
		bucketPages, bucketBodies, bucketVersions, bucketAttachments,
	} {
		child, err := b.CreateBucketIfNotExists(name)
		if err != nil {
			return nil, err
		}
		// The handle is the one b.Bucket(name) returns for the rest of
		// the transaction, so the setting holds for every write.
		if !bytes.Equal(name, bucketBodies) {
			child.FillPercent = fillPercent
		}
	}
	return b, nil
}

// fillPercent is how full bbolt packs a page of records when it splits
// one. Records are mostly written in ascending id order, so bbolt's
// default of half-full pages would spread a space's records over about
// twice the pages, which a sync reading them all must map in. Bodies,
// read a page at a time, keep the default: packing them slows writes.
const fillPercent = 0.9

// putJSON encodes v under k.
func putJSON(b *bolt.Bucket, k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, raw)
}
