package sync

import (
	"context"
	"fmt"
	"sort"

	"github.com/cfmirror/cfmirror/internal/store"
)

// bodyBatch is how many bodies one request asks for (Cloud's limit).
const bodyBatch = 250

// fetchBodies fetches the bodies of stale pages in batches through the
// worker pool and stores each batch as it arrives, so that no more than
// one batch per worker is held in memory. A page the server no longer
// returns is left out of rendering.
func (r *run) fetchBodies(ctx context.Context) error {
	var ids []string
	for id, p := range r.pages {
		if p.fetch {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return nil
	}
	r.log.Debug("fetch bodies", "pages", len(ids))

	return forEach(ctx, r.e.opts.Workers, batches(ids, bodyBatch),
		func(ctx context.Context, batch []string) error {
			return r.fetchBatch(ctx, batch)
		})
}

// fetchBatch fetches and stores one batch of bodies.
func (r *run) fetchBatch(ctx context.Context, ids []string) error {
	pages, err := r.e.client.Bodies(ctx, r.space, ids)
	if err != nil {
		return fmt.Errorf("fetch bodies: %w", err)
	}
	bodies := make([]store.Body, 0, len(pages))
	for _, p := range pages {
		bodies = append(bodies, store.Body{
			ID:      p.ID,
			Version: p.Version,
			Body:    p.Body,
			WebURL:  p.WebURL,
			Labels:  p.Labels,
		})
	}
	if err := r.e.store.PutBodies(r.key, bodies); err != nil {
		return err
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range bodies {
		r.bodyVers[b.ID] = b.Version
		userIDs(b.Body, r.users)
	}
	return nil
}
