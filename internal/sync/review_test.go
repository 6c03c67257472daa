package sync

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// hiding is a client whose page listing leaves out some pages and says
// it ended early, as a listing cut short by an error does.
type hiding struct {
	confluence.Client
	hide map[string]bool
}

func (c hiding) Pages(ctx context.Context, sp confluence.Space) (confluence.Inventory, error) {
	inv, err := c.Client.Pages(ctx, sp)
	if err != nil {
		return inv, err
	}
	inv.Pages = slices.DeleteFunc(slices.Clone(inv.Pages),
		func(p confluence.PageInfo) bool { return c.hide[p.ID] })
	inv.Complete = false
	inv.Err = errors.New("listing cut short")
	return inv, nil
}

// syncHiding runs one sync whose listing leaves out the given pages.
func (h *harness) syncHiding(key string, ids ...string) {
	h.t.Helper()
	real := h.client
	defer func() { h.client = real }()
	hide := make(map[string]bool)
	for _, id := range ids {
		hide[id] = true
	}
	h.client = hiding{Client: real, hide: hide}
	_, err := h.engine().Sync(context.Background(), key, false)
	if !errors.Is(err, ErrIncompleteListing) {
		h.t.Fatalf("sync %s: got %v, want ErrIncompleteListing", key, err)
	}
}

func TestEngine_NewChildOfRenamedParentDuringIncompleteListing(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		p := h.page("DOC", home, "Parent", "<p>p</p>")
		other := h.page("DOC", home, "Other", "<p>o</p>")
		h.sync("DOC")

		// The parent is renamed and gets a child while the listing is
		// cut short: the parent keeps its folder, so must the child.
		h.must(h.srv.RenamePage(p, "Renamed"))
		c := h.page("DOC", p, "Child", "<p>child</p>")
		_, err := h.srv.PutAttachment(c, "c.txt", []byte("cc"))
		h.must(err)
		h.syncHiding("DOC", other)
		if !h.exists("DOC/parent/child/index.md") || h.exists("DOC/renamed") {
			t.Errorf("child not placed in its parent's kept folder: %q",
				files(t, h.out))
		}

		h.sync("DOC")
		h.compareWithClean("DOC")
	})
}

func TestEngine_SpaceKeyNotAFolderName(t *testing.T) {
	for _, key := range []string{".", "..", "a.b/.."} {
		t.Run(key, func(t *testing.T) {
			h := newHarness(t, confluence.Cloud)
			h.space("DOC")
			h.sync("DOC")
			if _, err := h.srv.AddSpace(key, "odd"); err != nil {
				t.Skipf("the fake refuses key %q: %v", key, err)
			}
			before := readTree(t, h.out)
			_, err := h.engine().Sync(context.Background(), key, false)
			if err == nil {
				t.Errorf("sync of space %q succeeded", key)
			}
			sameTrees(t, before, readTree(t, h.out))
		})
	}
}
