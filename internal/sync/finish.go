package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"sort"

	"github.com/cfmirror/cfmirror/internal/markdown"
)

// fingerprint identifies the converter and every setting that changes
// the Markdown it writes; a change re-renders every page.
func fingerprint(opts markdown.Options, indexName string) string {
	raw, _ := json.Marshal(struct {
		Version string
		Opts    markdown.Options
		Index   string
	}{markdown.Version, opts, indexName})
	sum := sha256.Sum256(raw)
	return markdown.Version + "-" + hex.EncodeToString(sum[:8])
}

// writeNav writes the navigation files of a space after a complete
// listing, skipping files whose bytes are unchanged.
func (r *run) writeNav() error {
	if !r.complete {
		return nil
	}
	nav, err := r.tree.Nav(r.e.opts.Nav)
	if err != nil {
		return err
	}
	r.nav = nav
	for _, name := range sortedKeys(nav) {
		data := nav[name]
		hash, _, err := r.fs.hashFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if hash == hashBytes(data) {
			continue
		}
		if err := r.fs.writeFile(name, data); err != nil {
			return err
		}
		r.sum.Bytes += int64(len(data))
		r.changedPath(name)
	}
	return nil
}

// finish completes the summary's counts and paths.
func (r *run) finish() {
	r.sum.Pages = 0
	for id, p := range r.pages {
		if !p.isFolder() {
			r.sum.Pages++
		}
		if !p.changed && !r.restored[id] {
			r.sum.Unchanged++
		}
	}
	r.sum.Paths = r.sum.Paths[:0]
	for p := range r.paths {
		r.sum.Paths = append(r.sum.Paths, r.key+"/"+p)
	}
	sort.Strings(r.sum.Paths)
}
