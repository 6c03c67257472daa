package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Page is what the store remembers about one mirrored page or folder.
type Page struct {
	ID          string
	Kind        string // "page" or "folder"
	Title       string
	ParentID    string
	Position    int
	Version     int
	VersionTime time.Time
	// Dir is the page's folder relative to the space folder,
	// slash-separated ("" for the home page).
	Dir string
	// Path is the page's file relative to the space folder,
	// slash-separated ("index.md" for the home page); "" for a folder
	// node, which has no file of its own.
	Path string
	// Hash is the hex SHA-256 of the bytes written to Path.
	Hash string
	// Fingerprint names the converter and settings that wrote Path.
	Fingerprint string
	// Deps records what the rendered page depended on.
	Deps Deps
	// OldTitles are titles the page had before, newest first; links that
	// name a page by an old title still resolve to it.
	OldTitles []string `json:",omitempty"`
}

// Ref names a page the way a link does: by id, or by space and title.
type Ref struct {
	ID    string `json:",omitempty"`
	Space string `json:",omitempty"`
	Title string `json:",omitempty"`
}

// Query kinds recorded in Deps.
const (
	QueryLink       = "link"       // a link to a page
	QueryAttachment = "attachment" // a link to or image of an attachment
	QueryChildren   = "children"   // a listed page tree
	QueryInclude    = "include"    // an included page body
)

// Query is one question a page's rendering asked about other content.
type Query struct {
	Kind  string
	Ref   Ref
	File  string `json:",omitempty"` // attachment file name
	Depth int    `json:",omitempty"` // children depth
	// Target is the id the ref resolved to; "" when unresolved.
	Target string `json:",omitempty"`
}

// Deps is what a rendered page depended on: the questions asked while
// rendering, and a hash of the answers. Asking the same questions again
// and getting a different hash means the page must be rendered again.
type Deps struct {
	Queries []Query `json:",omitempty"`
	Hash    string  `json:",omitempty"`
}

// Attachment is what the store remembers about one downloaded file.
type Attachment struct {
	ID      string
	PageID  string
	Title   string // file name as uploaded
	Version int
	Size    int64
	// Path is the file relative to the space folder, slash-separated.
	Path string
	Hash string // hex SHA-256 of the file
}

// Batch is a set of changes to one space committed in one transaction.
type Batch struct {
	Pages             []Page
	DeletePages       []string // also deletes their bodies
	Attachments       []Attachment
	DeleteAttachments []string
}

// Empty reports whether the batch changes nothing.
func (b Batch) Empty() bool {
	return len(b.Pages)+len(b.DeletePages)+
		len(b.Attachments)+len(b.DeleteAttachments) == 0
}

// Commit applies a batch to a space in one transaction, creating the
// space's buckets if needed.
func (s *Store) Commit(key string, b Batch) error {
	if b.Empty() {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		sp, err := ensureSpace(tx, key)
		if err != nil {
			return err
		}
		return applyBatch(sp, b)
	})
	if err != nil {
		return fmt.Errorf("commit space %s: %w", key, err)
	}
	return nil
}

// applyBatch writes a batch into a space's bucket.
func applyBatch(sp *bolt.Bucket, b Batch) error {
	pages := sp.Bucket(bucketPages)
	bodies := sp.Bucket(bucketBodies)
	vers := sp.Bucket(bucketVersions)
	atts := sp.Bucket(bucketAttachments)

	for _, p := range b.Pages {
		if err := putJSON(pages, []byte(p.ID), p); err != nil {
			return fmt.Errorf("put page %s: %w", p.ID, err)
		}
	}
	for _, id := range b.DeletePages {
		if err := pages.Delete([]byte(id)); err != nil {
			return fmt.Errorf("delete page %s: %w", id, err)
		}
		if err := bodies.Delete([]byte(id)); err != nil {
			return fmt.Errorf("delete body %s: %w", id, err)
		}
		if err := vers.Delete([]byte(id)); err != nil {
			return fmt.Errorf("delete body version %s: %w", id, err)
		}
	}
	for _, a := range b.Attachments {
		if err := putJSON(atts, []byte(a.ID), a); err != nil {
			return fmt.Errorf("put attachment %s: %w", a.ID, err)
		}
	}
	for _, id := range b.DeleteAttachments {
		if err := atts.Delete([]byte(id)); err != nil {
			return fmt.Errorf("delete attachment %s: %w", id, err)
		}
	}
	return nil
}

// Pages returns every page record of a space, sorted by id.
func (s *Store) Pages(key string) ([]Page, error) {
	return s.readPages(key, func(v []byte, p *Page) error {
		return json.Unmarshal(v, p)
	})
}

// PageHeads returns every page record of a space, sorted by id, like
// Pages but without Deps, which it skips while decoding. A large
// space's records then fit in memory; PageDeps reads the dependencies
// of a few pages at a time.
func (s *Store) PageHeads(key string) ([]Page, error) {
	return s.readPages(key, func(v []byte, p *Page) error {
		return json.Unmarshal(v, &pageHead{Page: p})
	})
}

// pageHead decodes a page record but its Deps: the field of the same
// name hides Page.Deps from encoding/json.
type pageHead struct {
	*Page
	Deps skipped
}

// skipped is a JSON value that is read past, never kept.
type skipped struct{}

// UnmarshalJSON ignores the value.
func (*skipped) UnmarshalJSON([]byte) error { return nil }

// readPages decodes every page record of a space with decode.
func (s *Store) readPages(key string, decode func([]byte, *Page) error) ([]Page, error) {
	var out []Page
	err := s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketPages)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var p Page
			if err := decode(v, &p); err != nil {
				return fmt.Errorf("decode page %s: %w", k, ErrCorrupt)
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read pages of %s: %w", key, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// PageDeps returns the recorded dependencies of the pages ids of a
// space, read in one transaction. A page without a record is missing
// from the map.
func (s *Store) PageDeps(key string, ids []string) (map[string]Deps, error) {
	out := make(map[string]Deps, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketPages)
		if b == nil {
			return nil
		}
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				continue
			}
			var rec struct{ Deps Deps }
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("decode page %s: %w", id, ErrCorrupt)
			}
			out[id] = rec.Deps
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read dependencies in %s: %w", key, err)
	}
	return out, nil
}

// Attachments returns every attachment record of a space, sorted by id.
func (s *Store) Attachments(key string) ([]Attachment, error) {
	var out []Attachment
	err := s.db.View(func(tx *bolt.Tx) error {
		b := sub(tx, key, bucketAttachments)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var a Attachment
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode attachment %s: %w", k, ErrCorrupt)
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read attachments of %s: %w", key, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
