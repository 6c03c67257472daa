package sync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	gosync "sync"
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

// reattaching is a client whose attachment listing gives some
// attachments another title or page, as a rename or a move of an
// attachment in Confluence does. Downloads are unchanged.
type reattaching struct {
	confluence.Client
	title map[string]string // attachment id → new title
	page  map[string]string // attachment id → new page id
}

func (c reattaching) SpaceAttachments(ctx context.Context,
	sp confluence.Space) (confluence.AttachmentList, error) {
	list, err := c.Client.SpaceAttachments(ctx, sp)
	list.Attachments = slices.Clone(list.Attachments)
	for i, a := range list.Attachments {
		if t, ok := c.title[a.ID]; ok {
			list.Attachments[i].Title = t
		}
		if p, ok := c.page[a.ID]; ok {
			list.Attachments[i].PageID = p
		}
	}
	return list, err
}

func TestEngine_TreeChanges(t *testing.T) {
	type space struct {
		h                   *harness
		home, a, b, c, d, e string
	}
	// Home ─ A ─ B ─ C
	//      └ D ─ E
	build := func(t *testing.T, dep confluence.Deployment) *space {
		h := newHarness(t, dep)
		s := &space{h: h, home: h.space("DOC")}
		s.a = h.page("DOC", s.home, "A", "<p>a</p>"+link("C"))
		s.b = h.page("DOC", s.a, "B", "<p>b</p>")
		s.c = h.page("DOC", s.b, "C", "<p>c</p>"+link("A"))
		s.d = h.page("DOC", s.home, "D", "<p>d</p>")
		s.e = h.page("DOC", s.d, "E", "<p>e</p>")
		for _, id := range []string{s.a, s.b, s.c, s.e} {
			_, err := h.srv.PutAttachment(id, "file.txt", []byte("of "+id))
			h.must(err)
		}
		h.sync("DOC")
		return s
	}
	tests := []struct {
		name   string
		change func(s *space) error
	}{
		{"page moved into a page new in the run", func(s *space) error {
			n, err := s.h.srv.AddPage("DOC", s.home, "New", "<p>n</p>")
			if err != nil {
				return err
			}
			return s.h.srv.MovePage(s.b, n, 0)
		}},
		{"page and its parent both trashed", func(s *space) error {
			return errors.Join(s.h.srv.TrashPage(s.d), s.h.srv.TrashPage(s.e))
		}},
		{"page and its parent both purged", func(s *space) error {
			return errors.Join(s.h.srv.PurgePage(s.e), s.h.srv.PurgePage(s.d))
		}},
		{"parent purged, child kept", func(s *space) error {
			return s.h.srv.PurgePage(s.b)
		}},
		{"page takes its former child's place", func(s *space) error {
			return errors.Join(
				s.h.srv.MovePage(s.b, s.home, 0),
				s.h.srv.RenamePage(s.b, "Tmp"),
				s.h.srv.RenamePage(s.a, "B"),
				s.h.srv.RenamePage(s.b, "A"),
				s.h.srv.MovePage(s.a, s.b, 0))
		}},
		{"child takes its parent's title", func(s *space) error {
			return errors.Join(
				s.h.srv.RenamePage(s.d, "Old D"),
				s.h.srv.RenamePage(s.e, "D"),
				s.h.srv.MovePage(s.e, s.home, 3))
		}},
		{"title swap of parent and child", func(s *space) error {
			return errors.Join(
				s.h.srv.RenamePage(s.b, "Tmp"),
				s.h.srv.RenamePage(s.c, "B"),
				s.h.srv.RenamePage(s.b, "C"))
		}},
		{"subtree moved under a new page in another subtree", func(s *space) error {
			n, err := s.h.srv.AddPage("DOC", s.e, "Deep", "<p>n</p>")
			if err != nil {
				return err
			}
			return s.h.srv.MovePage(s.a, n, 0)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forBoth(t, func(t *testing.T, dep confluence.Deployment) {
				s := build(t, dep)
				s.h.must(tt.change(s))
				s.h.sync("DOC")
				s.h.compareWithClean("DOC")
			})
		})
	}
}

func TestEngine_AttachmentRenamedOrMoved(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "A", `<p><ac:link><ri:attachment ri:filename="one.txt" /></ac:link></p>`)
		b := h.page("DOC", home, "B", "<p>b</p>")
		one, err := h.srv.PutAttachment(a, "one.txt", []byte("1"))
		h.must(err)
		two, err := h.srv.PutAttachment(a, "two.txt", []byte("2"))
		h.must(err)
		h.sync("DOC")

		// Swap the names of two attachments, then move one to B.
		real := h.client
		h.client = reattaching{Client: real,
			title: map[string]string{one: "two.txt", two: "one.txt"}}
		sum := h.sync("DOC")
		if sum.AttachmentsDownloaded != 0 {
			t.Errorf("a rename downloaded again: %+v", sum)
		}
		h.compareWithClean("DOC")
		if got := h.read("DOC/a/two.txt"); got != "1" {
			t.Errorf("two.txt = %q after the swap, want 1", got)
		}

		h.client = reattaching{Client: real,
			title: map[string]string{one: "two.txt", two: "one.txt"},
			page:  map[string]string{one: b}}
		h.sync("DOC")
		h.compareWithClean("DOC")
		if got := h.read("DOC/b/two.txt"); got != "1" {
			t.Errorf("b/two.txt = %q after the move, want 1", got)
		}
	})
}

// failRenames makes every rename after the first n fail, as a crash
// after n renames would stop the run.
func failRenames(e *Engine, n int) {
	var mu gosync.Mutex
	e.renameFault = func(from, to string) error {
		mu.Lock()
		defer mu.Unlock()
		if n--; n < 0 {
			return errors.New("injected crash")
		}
		return nil
	}
}

func TestEngine_InterruptedMovesRepaired(t *testing.T) {
	// A swap of two page folders, each with a child holding an
	// attachment of the same name and size, takes six renames: lift,
	// lift, place, place, and the two pages' files. Stop after each.
	for n := range 6 {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			forBoth(t, func(t *testing.T, dep confluence.Deployment) {
				h := newHarness(t, dep)
				home := h.space("DOC")
				a := h.page("DOC", home, "A", "<p>a</p>")
				b := h.page("DOC", home, "B", "<p>b</p>")
				// Both children get the folder name "setup".
				for i, id := range []string{a, b} {
					title := []string{"Setup", "setup"}[i]
					c := h.page("DOC", id, title, "<p>"+title+"</p>")
					_, err := h.srv.PutAttachment(c, "f.txt", []byte(title))
					h.must(err)
				}
				h.sync("DOC")

				h.must(h.srv.RenamePage(a, "Tmp"))
				h.must(h.srv.RenamePage(b, "A"))
				h.must(h.srv.RenamePage(a, "B"))
				e := h.engine()
				failRenames(e, n)
				if _, err := e.Sync(context.Background(), "DOC", false); err == nil {
					t.Fatal("sync with a crash succeeded")
				}

				h.sync("DOC")
				h.compareWithClean("DOC")
			})
		})
	}
}

func TestEngine_CaseFoldedAttachmentLinkDeterministic(t *testing.T) {
	h := newHarness(t, confluence.Cloud)
	home := h.space("DOC")
	a := h.page("DOC", home, "A",
		`<p><ac:link><ri:attachment ri:filename="DIAGRAM.png" /></ac:link></p>`)
	for _, name := range []string{"Diagram.png", "diagram.PNG"} {
		_, err := h.srv.PutAttachment(a, name, []byte(name))
		h.must(err)
	}
	h.sync("DOC")
	// Which file a case-folded link names must not depend on map order.
	for range 8 {
		h.compareWithClean("DOC")
	}
}
