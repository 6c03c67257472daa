package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// writeV1 writes a schema 1 state file: space DOC with two bodies, the
// way schema 1 stored them, and space OPS with none.
func writeV1(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := createV1(tx); err != nil {
			return err
		}
		spaces := tx.Bucket(bucketSpaces)
		doc, _ := spaces.CreateBucket([]byte("DOC"))
		bodies, _ := doc.CreateBucket(bucketBodies)
		for _, b := range []struct{ id, v string }{
			{"1", "3\n{\"ID\":\"1\",\"Version\":3,\"Body\":\"<p>a</p>\"}"},
			{"2", "12\n{\"ID\":\"2\",\"Version\":12,\"Body\":\"<p>b</p>\"}"},
		} {
			if err := bodies.Put([]byte(b.id), []byte(b.v)); err != nil {
				return err
			}
		}
		doc.CreateBucket(bucketPages)
		doc.CreateBucket(bucketAttachments)
		spaces.CreateBucket([]byte("OPS"))
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpen_MigrateV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	writeV1(t, path)

	// Read-only, the old file is refused with a hint.
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a schema 1 file succeeded")
	}

	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.BodyVersions("DOC")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"1": 3, "2": 12}; !reflect.DeepEqual(got, want) {
		t.Errorf("versions after migration = %v, want %v", got, want)
	}
	body, ok, err := st.Body("DOC", "2")
	if err != nil || !ok || body.Body != "<p>b</p>" {
		t.Errorf("body after migration = %+v, %v, %v", body, ok, err)
	}

	// The migrated file takes new bodies and deletions as usual.
	if err := st.PutBodies("OPS", []Body{{ID: "9", Version: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit("DOC", Batch{DeletePages: []string{"1"}}); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]map[string]int{
		"DOC": {"2": 12}, "OPS": {"9": 1},
	} {
		got, err := st.BodyVersions(key)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("versions of %s = %v, %v; want %v", key, got, err, want)
		}
	}
}

func TestOpen_MigrateCorruptBody(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	writeV1(t, path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSpaces).Bucket([]byte("DOC")).Bucket(bucketBodies)
		return b.Put([]byte("3"), []byte("not a version"))
	})
	db.Close()

	if _, err := Open(path, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("migrating a corrupt body: %v, want ErrCorrupt", err)
	}
}
