package sync

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSpaceFS_Confined(t *testing.T) {
	out := t.TempDir()
	f, err := openSpaceFS(out, "KEY")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	for _, rel := range []string{"../x", "/abs", "a/../../x", "", `a\..\..\x`} {
		if err := f.writeFile(rel, []byte("x")); err == nil {
			t.Errorf("write %q allowed", rel)
		}
	}
	// A symlink pointing out of the space folder is refused too.
	if err := os.Symlink(t.TempDir(), filepath.Join(out, "KEY", "link")); err != nil {
		t.Skip(err)
	}
	if err := f.writeFile("link/x", []byte("x")); err == nil {
		t.Error("write through an escaping symlink allowed")
	}

	for _, key := range []string{"..", "a/b", "", `a\b`} {
		if _, err := openSpaceFS(out, key); err == nil {
			t.Errorf("space key %q accepted", key)
		}
	}
}

func TestSpaceFS_WriteFile(t *testing.T) {
	out := t.TempDir()
	f, err := openSpaceFS(out, "KEY")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if err := f.writeFile("a/b/index.md", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := f.writeFile("a/b/index.md", []byte("two")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "KEY/a/b/index.md"))
	if err != nil || string(got) != "two" {
		t.Errorf("file = %q, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Join(out, "KEY/a/b"))
	if len(entries) != 1 {
		t.Errorf("temp files left: %v", entries)
	}
	hash, size, err := f.hashFile("a/b/index.md")
	if err != nil || size != 3 || hash != hashBytes([]byte("two")) {
		t.Errorf("hash = %s %d %v", hash, size, err)
	}
}
