package confluencetest

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestServer_Seed(t *testing.T) {
	snapshot := func() []PageInfo {
		s := New(Options{})
		defer s.Close()
		if err := s.Seed("DEMO", 60, 20, 42); err != nil {
			t.Fatal(err)
		}
		var out []PageInfo
		for _, id := range s.PageIDs("DEMO") {
			p, _ := s.PageInfo(id)
			out = append(out, p)
		}
		return out
	}
	a, b := snapshot(), snapshot()
	if len(a) != 61 {
		t.Fatalf("seeded %d pages, want 61 with the home page", len(a))
	}

	deep := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("page %d differs between runs:\n%+v\n%+v", i, a[i], b[i])
		}
		if err := wellFormed(a[i].Body); err != nil {
			t.Errorf("page %s body: %v", a[i].ID, err)
		}
		if a[i].ParentID != a[0].ID && a[i].ParentID != "" {
			deep++
		}
	}
	if deep == 0 {
		t.Error("seeded tree is flat")
	}
}

// wellFormed parses a storage fragment as cfmirror's converter will.
func wellFormed(body string) error {
	d := xml.NewDecoder(strings.NewReader("<root>" + body + "</root>"))
	d.Entity = xml.HTMLEntity
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
