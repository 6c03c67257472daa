package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "state.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestOpen_Locked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	first, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	start := time.Now()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: got %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "another process") {
		t.Errorf("error %q does not name the file and the holder", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("waited %s, want about the timeout", waited)
	}

	// Once released, the file opens.
	first.Close()
	again, err := Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("open after release: %v", err)
	}
	again.Close()
}

func TestOpen_Schema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.db.View(func(tx *bolt.Tx) error {
		got := string(tx.Bucket(bucketMeta).Get(keySchema))
		if got != strconv.Itoa(SchemaVersion) {
			t.Errorf("schema = %q, want %d", got, SchemaVersion)
		}
		return nil
	})

	// A file from a newer cfmirror is refused.
	st.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("7"))
	})
	st.Close()
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open newer schema: got %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "schema 7") {
		t.Errorf("error %q does not name the schema", err)
	}
}

func TestOpen_NotAStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("x"))
	})
	st.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
}

func TestStore_Spaces(t *testing.T) {
	st := openTemp(t)
	for _, key := range []string{"ZED", "ABC"} {
		rec := SpaceRecord{SpaceInfo: SpaceInfo{Key: key, Pages: len(key)}}
		rec.LastError = "boom " + key
		if err := st.PutSpace(rec); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.Spaces()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Key != "ABC" || got[1].Key != "ZED" {
		t.Fatalf("spaces = %+v, want ABC then ZED", got)
	}
	if got[1].LastError != "boom ZED" {
		t.Errorf("last error = %q", got[1].LastError)
	}

	rec, ok, err := st.Space("ABC")
	if err != nil || !ok || rec.Key != "ABC" {
		t.Errorf("Space(ABC) = %+v, %v, %v", rec, ok, err)
	}
	if _, ok, _ := st.Space("NONE"); ok {
		t.Error("Space(NONE) found")
	}
}

func TestStore_Commit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := Page{
		ID: "2", Kind: "page", Title: "B", ParentID: "1",
		Path: "b/index.md", Hash: "ab", OldTitles: []string{"Old"},
		Deps: Deps{Queries: []Query{{
			Kind: QueryLink, Ref: Ref{Space: "K", Title: "A"}, Target: "1",
		}}, Hash: "h"},
	}
	a := Attachment{ID: "att9", PageID: "2", Title: "x.png", Size: 3}
	err = st.Commit("K", Batch{
		Pages:       []Page{p, {ID: "1", Title: "A"}},
		Attachments: []Attachment{a},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.PutBodies("K", []Body{{ID: "1", Version: 4, Body: "<p>a</p>"}})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Everything survives a reopen.
	st, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pages, _ := st.Pages("K")
	if len(pages) != 2 || !reflect.DeepEqual(pages[1], p) {
		t.Fatalf("pages = %+v", pages)
	}
	atts, _ := st.Attachments("K")
	if len(atts) != 1 || atts[0] != a {
		t.Fatalf("attachments = %+v", atts)
	}
	vers, _ := st.BodyVersions("K")
	if !reflect.DeepEqual(vers, map[string]int{"1": 4}) {
		t.Fatalf("body versions = %v", vers)
	}
	body, ok, err := st.Body("K", "1")
	if err != nil || !ok || body.Body != "<p>a</p>" {
		t.Fatalf("body = %+v %v %v", body, ok, err)
	}

	// Deleting a page drops its body too.
	err = st.Commit("K", Batch{
		DeletePages:       []string{"1"},
		DeleteAttachments: []string{"att9"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Body("K", "1"); ok {
		t.Error("body of deleted page still there")
	}
	pages, _ = st.Pages("K")
	atts, _ = st.Attachments("K")
	if len(pages) != 1 || len(atts) != 0 {
		t.Errorf("after delete: %d pages, %d attachments", len(pages), len(atts))
	}
}

func TestStore_UnknownSpace(t *testing.T) {
	st := openTemp(t)
	pages, err := st.Pages("NOPE")
	if err != nil || len(pages) != 0 {
		t.Errorf("pages = %v, %v", pages, err)
	}
	if _, ok, err := st.Body("NOPE", "1"); ok || err != nil {
		t.Errorf("body: ok=%v err=%v", ok, err)
	}
	if err := st.PutSpace(SpaceRecord{}); err == nil {
		t.Error("empty space key accepted")
	}
}
