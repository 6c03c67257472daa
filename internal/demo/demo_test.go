package demo

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/layout"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var out strings.Builder
	opts := Options{Dir: dir, Pages: 40, Out: &out}
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	for _, want := range []string{
		"41 pages: 41 new",
		"edited", "renamed", "moved to the top level", "deleted",
		"given a new attachment",
		"1 renamed, 1 moved, 1 deleted",
		"paths changed on disk",
		"demo-notes.txt",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, Space, "index.md")); err != nil {
		t.Error(err)
	}

	// A second run clears the first one's folder.
	out.Reset()
	if err := Run(context.Background(), opts); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if !strings.Contains(out.String(), "41 pages: 41 new") {
		t.Errorf("second run did not start afresh:\n%s", out.String())
	}
}

func TestRun_RefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Run(context.Background(), Options{Dir: dir, Pages: 10,
		Out: &strings.Builder{}})
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("foreign file touched: %v", err)
	}
}

// TestRun_MovesAreVisible checks that the narrated move and rename
// really change folders: the old folder is gone, the new one is there,
// and the change list shows both.
func TestRun_MovesAreVisible(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var out strings.Builder
	err := Run(context.Background(), Options{Dir: dir, Pages: 60, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	report := out.String()

	tests := []struct {
		verb  string
		slug  func(title string) string // the new folder's name
		depth int                       // of the new folder; 0: any
	}{
		{"moved to the top level", layout.Slug, 1},
		{"renamed", func(title string) string {
			return layout.Slug(title + " (renamed)")
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.verb, func(t *testing.T) {
			title := narrated(t, report, tt.verb)
			listed := slices.Concat(
				changedDirs(report, layout.Slug(title)),
				changedDirs(report, tt.slug(title)))
			slices.Sort(listed)
			listed = slices.Compact(listed)

			// The listing shows the folder on both sides: one is
			// gone, the other holds the page.
			var gone, there []string
			for _, p := range listed {
				_, err := os.Stat(filepath.Join(dir, p, "index.md"))
				if err == nil {
					there = append(there, p)
				} else if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
					gone = append(gone, p)
				}
			}
			if len(gone) != 1 || len(there) != 1 {
				t.Fatalf("want one old and one new folder listed, "+
					"got gone %q, present %q:\n%s", gone, there, report)
			}
			if d := strings.Count(there[0], "/"); tt.depth > 0 && d != tt.depth {
				t.Errorf("new folder %s at depth %d, want %d",
					there[0], d, tt.depth)
			}
			if path.Dir(gone[0]) == path.Dir(there[0]) && tt.depth > 0 {
				t.Errorf("move kept the parent folder %s", path.Dir(gone[0]))
			}
		})
	}
}

// narrated returns the title of the page the report says was verb.
func narrated(t *testing.T, report, verb string) string {
	t.Helper()
	for line := range strings.SplitSeq(report, "\n") {
		line = strings.TrimSpace(line)
		if title, ok := strings.CutSuffix(line, " "+verb); ok {
			return strings.Trim(title, `"`)
		}
	}
	t.Fatalf("report does not say a page was %s:\n%s", verb, report)
	return ""
}

// changedDirs returns the changed paths of the report whose last
// element is name, in listing order.
func changedDirs(report, name string) []string {
	var out []string
	for line := range strings.SplitSeq(report, "\n") {
		p := strings.TrimSpace(line)
		if strings.HasPrefix(p, Space+"/") && path.Base(p) == name {
			out = append(out, p)
		}
	}
	return out
}
