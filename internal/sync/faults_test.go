package sync

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// truncating is a client whose page listing stops after keep pages and
// says so, as a listing cut short by an error does.
type truncating struct {
	confluence.Client
	keep int
}

func (c truncating) Pages(ctx context.Context, sp confluence.Space) (confluence.Inventory, error) {
	inv, err := c.Client.Pages(ctx, sp)
	if err != nil || len(inv.Pages) <= c.keep {
		return inv, err
	}
	inv.Pages = inv.Pages[:c.keep]
	inv.Complete = false
	inv.Err = errors.New("listing cut short")
	return inv, nil
}

func TestEngine_IncompleteListing(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		var ids []string
		for _, title := range []string{"P1", "P2", "P3", "P4"} {
			ids = append(ids, h.page("DOC", home, title, "<p>"+title+"</p>"))
		}
		h.sync("DOC")

		// An edit is mirrored, but pages missing from the cut listing
		// stay, and a moved page stays where it was.
		h.must(h.srv.EditPage(ids[0], "<p>edited</p>"))
		h.must(h.srv.MovePage(ids[1], ids[2], 0))
		h.must(h.srv.TrashPage(ids[3]))
		real := h.client
		h.client = truncating{Client: real, keep: 3}
		_, err := h.engine().Sync(context.Background(), "DOC", false)
		if !errors.Is(err, ErrIncompleteListing) {
			t.Fatalf("got %v, want ErrIncompleteListing", err)
		}
		if !strings.Contains(h.read("DOC/p1/index.md"), "edited") {
			t.Error("stale page not written")
		}
		for _, f := range []string{"DOC/p2/index.md", "DOC/p4/index.md"} {
			if !h.exists(f) {
				t.Errorf("%s removed or moved on an incomplete listing", f)
			}
		}
		pages, _ := h.st.Pages("DOC")
		if len(pages) != 5 {
			t.Errorf("state holds %d pages, want 5", len(pages))
		}

		// The next complete listing finishes the job.
		h.client = real
		h.sync("DOC")
		h.compareWithClean("DOC")
	})
}

func TestEngine_CancelAndResume(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		for i := range 30 {
			p := h.page("DOC", home, "Page "+string(rune('A'+i)), "<p>x</p>")
			if i%5 == 0 {
				_, err := h.srv.PutAttachment(p, "a.txt", []byte("a"))
				h.must(err)
			}
		}

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		h.opts.Progress = func(p Progress) {
			if p.PagesDone >= 10 {
				cancel()
			}
		}
		_, err := h.engine().Sync(ctx, "DOC", false)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		infos, _ := h.st.Spaces()
		if len(infos) != 1 || infos[0].LastError == "" {
			t.Errorf("cancelled run not recorded: %+v", infos)
		}

		h.opts.Progress = nil
		sum := h.sync("DOC")
		if sum.New == 0 {
			t.Errorf("resumed sync found nothing to do: %+v", sum)
		}
		h.compareWithClean("DOC")
	})
}

func TestEngine_TwoSpaces(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		homeA := h.space("AAA")
		homeB := h.space("BBB")
		target := h.page("AAA", homeA, "Target", "<p>t</p>")
		h.page("BBB", homeB, "Pointer",
			`<p><ac:link><ri:page ri:space-key="AAA" ri:content-title="Target" /></ac:link></p>`)
		h.sync("AAA")
		h.sync("BBB")

		got := h.read("BBB/pointer/index.md")
		if !strings.Contains(got, "../../AAA/target/index.md") {
			t.Errorf("cross-space link not relative:\n%s", got)
		}

		// Renaming the target re-renders the other space's page.
		h.must(h.srv.RenamePage(target, "Moved Target"))
		h.sync("AAA")
		h.sync("BBB")
		got = h.read("BBB/pointer/index.md")
		if !strings.Contains(got, "../../AAA/moved-target/index.md") {
			t.Errorf("cross-space link not updated:\n%s", got)
		}
		infos, _ := h.st.Spaces()
		if len(infos) != 2 || infos[0].Key != "AAA" || infos[1].Key != "BBB" {
			t.Errorf("spaces = %+v", infos)
		}
	})
}

func TestEngine_HostileNames(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		titles := []string{"../../escape", "..", "/etc/passwd", `C:\x`, "CON", "a/b"}
		for _, title := range titles {
			p := h.page("DOC", home, title, "<p>x</p>")
			_, err := h.srv.PutAttachment(p, "../../../outside.txt", []byte("x"))
			h.must(err)
		}
		h.sync("DOC")

		// Everything lands under out/DOC; nothing beside out/.
		all := readTree(t, h.dir)
		for p := range all {
			if p == "./" || p == "state.db" || p == "out/" || p == "out/DOC/" {
				continue
			}
			if !strings.HasPrefix(p, "out/DOC/") {
				t.Errorf("written outside the space folder: %s", p)
			}
		}
		if n := len(files(t, filepath.Join(h.out, "DOC"))); n != 1+2*len(titles) {
			t.Errorf("%d files, want %d", n, 1+2*len(titles))
		}
		h.compareWithClean("DOC")
	})
}

func TestEngine_StoreStateRoundTrip(t *testing.T) {
	h := newHarness(t, confluence.Cloud)
	home := h.space("DOC")
	a := h.page("DOC", home, "Alpha", "<p>a</p>")
	h.sync("DOC")
	h.must(h.srv.RenamePage(a, "Beta"))
	h.sync("DOC")

	pages, err := h.st.Pages("DOC")
	h.must(err)
	var got []string
	for _, p := range pages {
		if p.ID == a {
			got = p.OldTitles
			if p.Path != "beta/index.md" || p.Dir != "beta" || p.Hash == "" {
				t.Errorf("record = %+v", p)
			}
		}
	}
	if !reflect.DeepEqual(got, []string{"Alpha"}) {
		t.Errorf("old titles = %q", got)
	}
}
