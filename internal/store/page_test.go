package store

import (
	"errors"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// depsPages are two pages, one with dependencies and former titles.
func depsPages() []Page {
	return []Page{
		{
			ID: "1", Kind: "page", Title: "Home", Version: 3,
			Dir: "", Path: "index.md", Hash: "h1", Fingerprint: "f",
			Deps: Deps{
				Queries: []Query{
					{Kind: QueryLink, Ref: Ref{Title: "Old"}, Target: "2"},
					{Kind: QueryChildren, Ref: Ref{ID: "1"}, Depth: 2},
				},
				Hash: "d1",
			},
			OldTitles: []string{"Start"},
		},
		{ID: "2", Kind: "folder", Title: "Docs", ParentID: "1", Dir: "docs"},
	}
}

func TestStore_PageHeads(t *testing.T) {
	st := openTemp(t)
	want := depsPages()
	if err := st.Commit("DOC", Batch{Pages: want}); err != nil {
		t.Fatal(err)
	}

	got, err := st.PageHeads("DOC")
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		want[i].Deps = Deps{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("heads:\n got %+v\nwant %+v", got, want)
	}
}

func TestStore_PageDeps(t *testing.T) {
	st := openTemp(t)
	pages := depsPages()
	if err := st.Commit("DOC", Batch{Pages: pages}); err != nil {
		t.Fatal(err)
	}

	got, err := st.PageDeps("DOC", []string{"1", "2", "9"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Deps{"1": pages[0].Deps, "2": {}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("deps:\n got %+v\nwant %+v", got, want)
	}

	none, err := st.PageDeps("NOPE", []string{"1"})
	if err != nil || len(none) != 0 {
		t.Errorf("unknown space: got %v, %v; want nothing", none, err)
	}
}

func TestStore_PageDepsCorrupt(t *testing.T) {
	st := openTemp(t)
	if err := st.Commit("DOC", Batch{Pages: depsPages()}); err != nil {
		t.Fatal(err)
	}
	err := st.db.Update(func(tx *bolt.Tx) error {
		return sub(tx, "DOC", bucketPages).Put([]byte("1"), []byte("{"))
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := st.PageDeps("DOC", []string{"1"}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("deps: got %v, want ErrCorrupt", err)
	}
	if _, err := st.PageHeads("DOC"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("heads: got %v, want ErrCorrupt", err)
	}
}
