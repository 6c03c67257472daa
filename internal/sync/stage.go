package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	gosync "sync"

	"github.com/cfmirror/cfmirror/internal/store"
)

// Downloads go to the staging folder first: the tree changes only once
// every request of the run has succeeded, and then each file is one
// rename away from its place.

// staged is a downloaded attachment waiting in the staging folder.
type staged struct {
	rec  store.Attachment // its record after the run; Path is its place
	from string           // its file in staging
}

// stageAttachments downloads the planned attachments through the
// worker pool into the staging folder. A download that fails for a
// reason other than cancellation or an error final for the run is
// noted, and the old file, if any, stays.
func (r *run) stageAttachments(ctx context.Context) error {
	todo := r.att.todo
	if len(todo) == 0 {
		return nil
	}
	r.progress.addAttachments(len(todo))
	if err := r.fs.mkdir(stagingFiles); err != nil {
		return fmt.Errorf("create staging folder: %w", err)
	}

	var mu gosync.Mutex
	return forEach(ctx, r.e.opts.Workers, todo,
		func(ctx context.Context, d download) error {
			s, err := r.stage(ctx, d)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				return r.attachmentFailed(ctx, d, err)
			}
			r.att.staged = append(r.att.staged, s)
			r.atts[s.rec.ID] = s.rec
			r.progress.attachmentDone()
			return nil
		})
}

// stage streams one attachment into the staging folder, checks its
// size against the listing and makes it durable.
func (r *run) stage(ctx context.Context, d download) (staged, error) {
	file, tmp, err := r.fs.create(stagingFiles)
	if err != nil {
		return staged{}, err
	}
	h := sha256.New()
	n, err := r.e.client.Download(ctx, d.a, io.MultiWriter(file, h))
	if err == nil && d.a.Size > 0 && n != d.a.Size {
		err = fmt.Errorf("got %d bytes, listing says %d: %w", n, d.a.Size, errSize)
	}
	if err != nil {
		file.Close()
		r.fs.discard(tmp)
		return staged{}, fmt.Errorf("download attachment %s: %w", d.a.ID, err)
	}
	from := stagingFiles + "/" + d.a.ID
	if err := r.fs.commit(file, tmp, from); err != nil {
		return staged{}, err
	}
	rec := store.Attachment{
		ID:      d.a.ID,
		PageID:  d.a.PageID,
		Title:   d.a.Title,
		Version: d.a.Version,
		Size:    n,
		Path:    d.path,
		Hash:    hex.EncodeToString(h.Sum(nil)),
	}
	return staged{rec: rec, from: from}, nil
}

// placeStaged renames the downloaded files into place and commits
// their records in batches, each once the folders it touched are
// flushed to disk.
func (r *run) placeStaged() error {
	files := r.att.staged
	sort.Slice(files, func(i, j int) bool {
		return files[i].rec.Path < files[j].rec.Path
	})
	for len(files) > 0 {
		n := min(len(files), attachmentBatch)
		if err := r.placeBatch(files[:n]); err != nil {
			return err
		}
		files = files[n:]
	}
	return nil
}

// placeBatch places one batch of downloaded files and commits them.
func (r *run) placeBatch(files []staged) error {
	dirs := make(map[string]bool)
	recs := make([]store.Attachment, 0, len(files))
	for _, s := range files {
		to := s.rec.Path
		if err := r.fs.mkdir(dirOf(to)); err != nil {
			return fmt.Errorf("create folder %s: %w", dirOf(to), err)
		}
		if err := r.fs.rename(s.from, to); err != nil {
			return err
		}
		dirs[dirOf(to)] = true
		recs = append(recs, s.rec)
		r.sum.AttachmentsDownloaded++
		r.sum.Bytes += s.rec.Size
		r.changedPath(to)
	}
	for _, dir := range sortedKeys(dirs) {
		if err := r.fs.syncDir(dir); err != nil {
			return err
		}
	}
	return r.e.store.Commit(r.key, store.Batch{Attachments: recs})
}
