package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	gosync "sync"
)

// Names the engine uses for its own scratch files inside a space folder.
// Anything carrying them is left over from an interrupted run.
const (
	tempPrefix = ".cfmirror-tmp-"
	stagingDir = ".cfmirror-staging"
)

// spaceFS writes inside one space folder. Every path is relative to it
// and slash-separated; os.Root refuses anything that would escape it.
type spaceFS struct {
	root *os.Root
	key  string // the space folder's name under Options.Output

	fault func(from, to string) error // see Engine.renameFault

	// Folders whose entries move changed and flush has not yet synced.
	// Only the goroutine applying the tree uses them.
	moved map[string]bool
}

// openSpaceFS creates {output}/{key} if needed and opens it as a root.
func openSpaceFS(output, key string) (*spaceFS, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(output, 0o755); err != nil {
		return nil, fmt.Errorf("create output %s: %w", output, err)
	}
	out, err := os.OpenRoot(output)
	if err != nil {
		return nil, fmt.Errorf("open output %s: %w", output, err)
	}
	defer out.Close()
	if err := out.MkdirAll(key, 0o755); err != nil {
		return nil, fmt.Errorf("create space folder %s: %w", key, err)
	}
	root, err := out.OpenRoot(key)
	if err != nil {
		return nil, fmt.Errorf("open space folder %s: %w", key, err)
	}
	return &spaceFS{root: root, key: key}, nil
}

// checkKey refuses a space key that does not name one folder of its
// own inside Options.Output: "." would make the output folder itself
// the space folder, and its sweep would remove every other space.
func checkKey(key string) error {
	if key == "." || !filepath.IsLocal(key) || strings.ContainsAny(key, `/\`) {
		return fmt.Errorf("space key %q is not a folder name", key)
	}
	return nil
}

// Close releases the root.
func (f *spaceFS) Close() error { return f.root.Close() }

// local turns a slash path into a checked local OS path.
func local(rel string) (string, error) {
	p := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(p) || strings.Contains(rel, `\`) {
		return "", fmt.Errorf("path %q is not inside the space folder", rel)
	}
	return p, nil
}

// dirOf returns the folder of a slash path, "" for the space folder.
func dirOf(rel string) string {
	d := path.Dir(rel)
	if d == "." {
		return ""
	}
	return d
}

// joinRel joins a folder ("" = space folder) and a name.
func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// mkdir creates a folder and its parents; "" is the space folder.
func (f *spaceFS) mkdir(dir string) error {
	if dir == "" {
		return nil
	}
	p, err := local(dir)
	if err != nil {
		return err
	}
	return f.root.MkdirAll(p, 0o755)
}

// hashFile returns the hex SHA-256 and size of a file. A missing file
// gives an error matching fs.ErrNotExist.
func (f *spaceFS) hashFile(rel string) (string, int64, error) {
	p, err := local(rel)
	if err != nil {
		return "", 0, err
	}
	file, err := f.root.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()

	// A pooled buffer: io.Copy would allocate 32 KiB for every file,
	// and a sync hashes every page file of the space.
	buf := hashBufs.Get().(*[]byte)
	defer hashBufs.Put(buf)
	h := sha256.New()
	n, err := io.CopyBuffer(h, onlyReader{file}, *buf)
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", rel, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// hashBufs holds read buffers for hashFile.
var hashBufs = gosync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

// onlyReader hides a file's WriteTo, which would bypass the buffer.
type onlyReader struct{ io.Reader }

// hashBytes is the hex SHA-256 of b.
func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// create opens a new temporary file in dir for writing. commit or
// discard it.
func (f *spaceFS) create(dir string) (*os.File, string, error) {
	if err := f.mkdir(dir); err != nil {
		return nil, "", fmt.Errorf("create folder %s: %w", dir, err)
	}
	for range 100 {
		rel := joinRel(dir, tempPrefix+randomName())
		p, err := local(rel)
		if err != nil {
			return nil, "", err
		}
		const flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
		file, err := f.root.OpenFile(p, flags, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("create temp in %q: %w", dir, err)
		}
		return file, rel, nil
	}
	return nil, "", fmt.Errorf("create temp in %q: no free name", dir)
}

// commit makes a written temporary file durable and renames it to rel.
func (f *spaceFS) commit(file *os.File, tmp, rel string) error {
	if err := file.Sync(); err != nil {
		file.Close()
		f.discard(tmp)
		return fmt.Errorf("sync %s: %w", rel, err)
	}
	if err := file.Close(); err != nil {
		f.discard(tmp)
		return fmt.Errorf("close %s: %w", rel, err)
	}
	if err := f.rename(tmp, rel); err != nil {
		f.discard(tmp)
		return err
	}
	return f.syncDir(dirOf(rel))
}

// discard removes a temporary file after a failed write.
func (f *spaceFS) discard(tmp string) {
	if p, err := local(tmp); err == nil {
		f.root.Remove(p)
	}
}

// writeFile replaces rel with data atomically: temp file in the same
// folder, fsync, rename, fsync of the folder.
func (f *spaceFS) writeFile(rel string, data []byte) error {
	if _, err := local(rel); err != nil {
		return err
	}
	file, tmp, err := f.create(dirOf(rel))
	if err != nil {
		return err
	}
	if _, err := file.Write(data); err != nil {
		file.Close()
		f.discard(tmp)
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return f.commit(file, tmp, rel)
}

// rename moves a file or folder; an existing folder at the target is
// replaced only when empty (see clear).
func (f *spaceFS) rename(from, to string) error {
	pf, err := local(from)
	if err != nil {
		return err
	}
	pt, err := local(to)
	if err != nil {
		return err
	}
	if f.fault != nil {
		if err := f.fault(from, to); err != nil {
			return fmt.Errorf("rename %s to %s: %w", from, to, err)
		}
	}
	if err := f.root.Rename(pf, pt); err != nil {
		return fmt.Errorf("rename %s to %s: %w", from, to, err)
	}
	return nil
}

// move renames a file or folder like rename and notes both parent
// folders for flush.
func (f *spaceFS) move(from, to string) error {
	if err := f.rename(from, to); err != nil {
		return err
	}
	if f.moved == nil {
		f.moved = make(map[string]bool)
	}
	f.moved[dirOf(from)] = true
	f.moved[dirOf(to)] = true
	return nil
}

// flush syncs the folders that moves changed, so that the moves are
// durable before a record says they happened. A folder removed since
// is skipped.
func (f *spaceFS) flush() error {
	for _, dir := range sortedKeys(f.moved) {
		if dir != "" && !f.exists(dir) {
			continue
		}
		if err := f.syncDir(dir); err != nil {
			return err
		}
	}
	f.moved = nil
	return nil
}

// syncDir flushes a folder's entries to disk.
func (f *spaceFS) syncDir(dir string) error {
	p := "."
	if dir != "" {
		var err error
		if p, err = local(dir); err != nil {
			return err
		}
	}
	d, err := f.root.Open(p)
	if err != nil {
		return fmt.Errorf("open folder %q: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %q: %w", dir, err)
	}
	return nil
}

// exists reports whether rel exists (file or folder).
func (f *spaceFS) exists(rel string) bool {
	p, err := local(rel)
	if err != nil {
		return false
	}
	_, err = f.root.Lstat(p)
	return err == nil
}

// remove deletes a file or a whole folder; a missing one is no error.
func (f *spaceFS) remove(rel string) error {
	p, err := local(rel)
	if err != nil {
		return err
	}
	if err := f.root.RemoveAll(p); err != nil {
		return fmt.Errorf("remove %s: %w", rel, err)
	}
	return nil
}

// size returns the size of a regular file.
func (f *spaceFS) size(rel string) (int64, error) {
	p, err := local(rel)
	if err != nil {
		return 0, err
	}
	info, err := f.root.Stat(p)
	if err != nil {
		return 0, err
	}
	if !info.Mode().IsRegular() {
		return 0, fmt.Errorf("%s is not a regular file", rel)
	}
	return info.Size(), nil
}
