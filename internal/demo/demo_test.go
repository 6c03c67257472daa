package demo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
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
