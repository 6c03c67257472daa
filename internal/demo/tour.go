package demo

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// maxListed bounds the changed paths printed after the second sync.
const maxListed = 25

// tour syncs, edits the space, syncs again and reports.
func tour(ctx context.Context, opts Options, srv *confluencetest.Server,
	engine *sync.Engine) error {
	w := opts.Out
	fmt.Fprintf(w, "cfmirror demo: a fake Confluence with space %s "+
		"(%d pages, %d attachments) runs in this process.\n\n",
		Space, opts.Pages, opts.Attachments)

	fmt.Fprintln(w, "1. First sync: everything is new.")
	if _, err := syncOnce(ctx, w, engine); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n2. Meanwhile, in Confluence:")
	if err := edit(w, srv); err != nil {
		return fmt.Errorf("change the demo space: %w", err)
	}

	fmt.Fprintln(w, "\n3. Second sync: only what changed is fetched.")
	sum, err := syncOnce(ctx, w, engine)
	if err != nil {
		return err
	}
	listPaths(w, sum.Paths)

	home := filepath.Join(opts.Dir, Space, "index.md")
	fmt.Fprintf(w, "\nThe mirror is in %s.\n", opts.Dir)
	fmt.Fprintf(w, "Start with %s, or %s for the page tree.\n",
		home, filepath.Join(opts.Dir, Space, "SUMMARY.md"))
	fmt.Fprintln(w, "To mirror your own site, write a configuration "+
		"(see etc/cfmirror.yml) and run: cfmirror sync --now --config FILE")
	return nil
}

// syncOnce runs one sync and prints its summary.
func syncOnce(ctx context.Context, w io.Writer,
	engine *sync.Engine) (sync.Summary, error) {
	sum, err := engine.Sync(ctx, Space, false)
	if err != nil {
		return sum, fmt.Errorf("sync %s: %w", Space, err)
	}
	fmt.Fprintf(w, "   %d pages: %d new, %d changed, %d renamed, "+
		"%d moved, %d deleted, %d unchanged\n",
		sum.Pages, sum.New, sum.Changed, sum.Renamed, sum.Moved,
		sum.Deleted, sum.Unchanged)
	fmt.Fprintf(w, "   %d attachments downloaded, %d removed; "+
		"%d requests; %.1f MiB written in %s\n",
		sum.AttachmentsDownloaded, sum.AttachmentsRemoved,
		requests(sum), float64(sum.Bytes)/(1<<20),
		sum.Duration.Round(time.Millisecond))
	return sum, nil
}

func requests(s sync.Summary) int64 {
	var n int64
	for _, v := range s.Requests {
		n += v
	}
	return n
}

// listPaths prints the changed paths, shortened when there are many.
func listPaths(w io.Writer, paths []string) {
	fmt.Fprintf(w, "   %d paths changed on disk:\n", len(paths))
	shown := paths[:min(len(paths), maxListed)]
	for _, p := range shown {
		fmt.Fprintf(w, "     %s\n", p)
	}
	if n := len(paths) - len(shown); n > 0 {
		fmt.Fprintf(w, "     ... and %d more\n", n)
	}
}

// edit changes the space as people do: an edit, a rename, a move, a
// deletion and a new attachment, each on a different page.
func edit(w io.Writer, srv *confluencetest.Server) error {
	ids := srv.PageIDs(Space)
	leaves := leafPages(srv, ids)
	if len(leaves) < 5 {
		return fmt.Errorf("space too small: %d leaf pages", len(leaves))
	}
	home := ids[0]
	// The moved page must leave a folder of its own for the top level,
	// so that its old folder visibly goes away.
	if !nestedFirst(srv, leaves[2:], home) {
		return fmt.Errorf("space too small: no nested page to move")
	}
	steps := []struct {
		id   string
		verb string
		do   func(id string) error
	}{
		{leaves[0], "edited", func(id string) error {
			info, _ := srv.PageInfo(id)
			return srv.EditPage(id, info.Body+
				"<p>Edited for the cfmirror demo.</p>")
		}},
		{leaves[1], "renamed", func(id string) error {
			info, _ := srv.PageInfo(id)
			return srv.RenamePage(id, info.Title+" (renamed)")
		}},
		{leaves[2], "moved to the top level", func(id string) error {
			return srv.MovePage(id, home, 0)
		}},
		{leaves[3], "deleted", srv.TrashPage},
		{leaves[4], "given a new attachment", func(id string) error {
			_, err := srv.PutAttachment(id, "demo-notes.txt",
				[]byte("Attached during the cfmirror demo.\n"))
			return err
		}},
	}
	for _, s := range steps {
		info, _ := srv.PageInfo(s.id)
		if err := s.do(s.id); err != nil {
			return fmt.Errorf("page %s: %w", s.id, err)
		}
		fmt.Fprintf(w, "   %q %s\n", info.Title, s.verb)
	}
	return nil
}

// nestedFirst moves the first page of ids whose parent is not home to
// the front of ids; false when there is none.
func nestedFirst(srv *confluencetest.Server, ids []string, home string) bool {
	for i, id := range ids {
		info, ok := srv.PageInfo(id)
		if ok && info.ParentID != home && info.ParentID != "" {
			ids[0], ids[i] = ids[i], ids[0]
			return true
		}
	}
	return false
}

// leafPages returns the pages without children, home page excluded,
// spread over the space in listing order.
func leafPages(srv *confluencetest.Server, ids []string) []string {
	parents := map[string]bool{}
	for _, id := range ids {
		info, _ := srv.PageInfo(id)
		parents[info.ParentID] = true
	}
	var leaves []string
	for _, id := range ids[1:] {
		info, ok := srv.PageInfo(id)
		if ok && !parents[id] && !info.Folder {
			leaves = append(leaves, id)
		}
	}
	// Every third leaf, so the changes land in different folders.
	var spread []string
	for i := 0; i < len(leaves); i += 3 {
		spread = append(spread, leaves[i])
	}
	if len(spread) < 5 {
		return slices.Clone(leaves)
	}
	return spread
}
