package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// samplesDir holds the shared storage-format corpus.
const samplesDir = "../../../shared/confluence/storage-samples"

// samples returns the corpus files, or skips the test when the corpus
// is not checked out next to the repository.
func samples(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(samplesDir, "*.xml"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no storage samples in %s: the golden tests need the shared corpus", samplesDir)
	}
	return files
}

// sampleMeta is the page the golden samples are converted as.
func sampleMeta(name string) Meta {
	return Meta{
		ID:       "1234",
		Title:    name,
		SpaceKey: "DOC",
		Version:  3,
		URL:      "https://example.atlassian.net/wiki/spaces/DOC/pages/1234",
		ParentID: "1000",
		LastMod:  time.Date(2026, 2, 27, 10, 0, 0, 0, time.UTC),
		Weight:   2,
		Labels:   []string{"sample", "golden"},
	}
}

func TestConvert_golden(t *testing.T) {
	opts := Options{
		BaseURL: "https://example.atlassian.net/wiki",
		JiraURL: "https://example.atlassian.net",
	}
	// testdata/extra holds constructs the shared corpus lacks.
	extra, err := filepath.Glob(filepath.Join("testdata", "extra", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range append(samples(t), extra...) {
		name := strings.TrimSuffix(filepath.Base(file), ".xml")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Convert(string(body), sampleMeta(name), sampleResolver{}, opts)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", name+".md"), res.Markdown)
		})
	}
}

// checkGolden compares got with a golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (run with -update after checking):"+
			"\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
