package layout

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// navNodes is a small space with every case navigation must handle.
var navNodes = []Node{
	{ID: "1", Title: "Home"},
	{ID: "2", Title: "Guide: \"quoted\" #1", ParentID: "1", Position: 2},
	{ID: "3", Title: "Install\nsteps", ParentID: "2"},
	{ID: "4", Title: "Team *folder*", ParentID: "1", Position: 1, Folder: true},
	{ID: "5", Title: "[Notes] & <more>", ParentID: "4"},
	{ID: "6", Title: "yes", ParentID: "1", Position: 3},
	{ID: "7", Title: "Archive"},
	{ID: "8", Title: "", ParentID: "7"},
}

func TestLayout_Nav(t *testing.T) {
	l := mustTree(t, "1", navNodes, Options{})
	for _, kind := range []string{NavMkDocs, NavSummary} {
		t.Run(kind, func(t *testing.T) {
			files, err := l.Nav(kind)
			if err != nil {
				t.Fatal(err)
			}
			for p := range files {
				if !filepath.IsLocal(p) {
					t.Errorf("path %q is not local", p)
				}
				if dir := path.Dir(p); dir != "." {
					checkPath(t, dir, DefaultMaxName)
				}
			}
			golden(t, filepath.Join("testdata", "nav-"+kind+".golden"), bundle(files))
		})
	}
}

// bundle joins files into one text, in path order, for a golden file.
func bundle(files map[string][]byte) []byte {
	var b bytes.Buffer
	for _, p := range slices.Sorted(mapsKeys(files)) {
		fmt.Fprintf(&b, "==> %s <==\n%s", p, files[p])
	}
	return b.Bytes()
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestLayout_NavMkDocsParses(t *testing.T) {
	// Titles YAML would read as other types or as markup must come back
	// as the same strings.
	l := mustTree(t, "1", navNodes, Options{})
	files, err := l.Nav(NavMkDocs)
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		Nav []any `yaml:"nav"`
	}
	if err := yaml.Unmarshal(files[PagesFile], &root); err != nil {
		t.Fatalf("parse %s: %v", PagesFile, err)
	}
	want := []any{
		"index.md",
		map[string]any{"Team *folder*": "team-folder"},
		map[string]any{`Guide: "quoted" #1`: "guide-quoted-1"},
		map[string]any{"yes": "yes"},
		map[string]any{"Archive": "archive"},
	}
	if fmt.Sprint(root.Nav) != fmt.Sprint(want) {
		t.Errorf("nav = %v, want %v", root.Nav, want)
	}
}

func TestLayout_NavKinds(t *testing.T) {
	l := mustTree(t, "1", navNodes, Options{IndexName: "_index.md"})
	for _, kind := range []string{NavNone, "none"} {
		files, err := l.Nav(kind)
		if err != nil || len(files) != 0 {
			t.Errorf("Nav(%q) = %d files, %v", kind, len(files), err)
		}
	}
	if _, err := l.Nav("hugo"); !errors.Is(err, ErrUnknownNav) {
		t.Errorf("Nav(hugo) error = %v, want ErrUnknownNav", err)
	}
	files, _ := l.Nav(NavMkDocs)
	if got := string(files["guide-quoted-1/.pages"]); !strings.Contains(got, `"_index.md"`) {
		t.Errorf("mkdocs nav ignores IndexName:\n%s", got)
	}
	if got := len(files); got != len(navNodes) {
		t.Errorf("mkdocs: %d files, want one per folder (%d)", got, len(navNodes))
	}
}

func TestLayout_NavNoHome(t *testing.T) {
	l := mustTree(t, "", navNodes[1:], Options{})
	for _, kind := range []string{NavMkDocs, NavSummary} {
		files, err := l.Nav(kind)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "nav-"+kind+"-nohome.golden"), bundle(files))
	}
}

func TestLayout_NavMkDocsTitlesRoundTrip(t *testing.T) {
	titles := []string{
		"yes", "No", "null", "~", "1e3", "0x10", "- item", "#comment",
		"a: b", "'single'", `back\slash`, "bad\xffutf8", "\ufeffbom",
		"tab\there", "line\u2028sep", "{flow}", "&anchor", "*alias", "!tag",
	}
	nodes := []Node{{ID: "1", Title: "Home"}}
	for i, title := range titles {
		nodes = append(nodes, Node{
			ID: strconv.Itoa(i + 2), Title: title, ParentID: "1", Position: i,
		})
	}
	l := mustTree(t, "1", nodes, Options{})
	files, err := l.Nav(NavMkDocs)
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		// any, so that a value YAML reads as a number or bool shows.
		Nav []map[string]any `yaml:"nav"`
	}
	// The first entry is the home page's file, a plain string.
	raw := bytes.Replace(files[PagesFile], []byte(`  - "index.md"`+"\n"), nil, 1)
	if err := yaml.Unmarshal(raw, &root); err != nil {
		t.Fatalf("parse %s: %v\n%s", PagesFile, err, raw)
	}
	if len(root.Nav) != len(titles) {
		t.Fatalf("nav has %d entries, want %d", len(root.Nav), len(titles))
	}
	for i, entry := range root.Nav {
		e := l.byID[strconv.Itoa(i+2)]
		want := map[string]any{title(e): e.name}
		if !reflect.DeepEqual(entry, want) {
			t.Errorf("entry %d = %q, want %q", i, entry, want)
		}
	}
}
