package sync

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// clearLeftovers removes temporary files and the staging folder that an
// interrupted run may have left in the space folder. Pages and
// attachments lost with them are restored later in the run, because
// their files are then missing.
func (r *run) clearLeftovers() error {
	if err := r.fs.remove(stagingDir); err != nil {
		return err
	}
	var temps []string
	err := fs.WalkDir(r.fs.root.FS(), ".",
		func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), tempPrefix) {
				temps = append(temps, p)
				if d.IsDir() {
					return fs.SkipDir
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, p := range temps {
		if err := r.fs.remove(p); err != nil {
			return err
		}
	}
	return nil
}

// expected returns every file and folder the space folder should hold.
func (r *run) expected() (files, dirs map[string]bool) {
	files = make(map[string]bool)
	dirs = map[string]bool{".": true}
	addDirs := func(dir string) {
		for ; dir != "" && !dirs[dir]; dir = dirOf(dir) {
			dirs[dir] = true
		}
	}
	for _, p := range r.pages {
		addDirs(p.dir)
		if p.file != "" {
			files[p.file] = true
		}
	}
	for _, a := range r.atts {
		files[a.Path] = true
		addDirs(dirOf(a.Path))
	}
	for name := range r.nav {
		files[name] = true
		addDirs(dirOf(name))
	}
	return files, dirs
}

// sweep removes everything in the space folder that the mirror does
// not hold: files deleted from Confluence whose removal was interrupted,
// files added by hand, emptied folders. It runs only after a complete
// listing.
func (r *run) sweep() error {
	files, dirs := r.expected()
	var extra []string
	err := fs.WalkDir(r.fs.root.FS(), ".",
		func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if !dirs[p] {
					extra = append(extra, p)
					return fs.SkipDir
				}
				return nil
			}
			if !files[p] {
				extra = append(extra, p)
			}
			return nil
		})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, p := range extra {
		r.log.Info("remove file not in mirror", "path", path.Join(r.key, p))
		if err := r.fs.remove(p); err != nil {
			return err
		}
		r.changedPath(p)
	}
	return nil
}
