package sync

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// link is storage markup linking to a page by title.
func link(title string) string {
	return `<p><ac:link><ri:page ri:content-title="` + title +
		`" /></ac:link></p>`
}

func TestEngine_FirstAndNoOpSync(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "Alpha", "<p>alpha text</p>")
		h.page("DOC", a, "Beta", link("Alpha"))
		_, err := h.srv.PutAttachment(a, "diagram.png", []byte("png-bytes"))
		h.must(err)

		first := h.sync("DOC")
		if first.New != 3 || first.Pages != 3 || first.AttachmentsDownloaded != 1 {
			t.Errorf("first sync: %+v", first)
		}
		want := []string{
			"DOC/alpha/beta/index.md",
			"DOC/alpha/diagram.png",
			"DOC/alpha/index.md",
			"DOC/index.md",
		}
		if got := files(t, h.out); !reflect.DeepEqual(got, want) {
			t.Fatalf("files = %q, want %q", got, want)
		}
		if !strings.Contains(h.read("DOC/alpha/index.md"), "alpha text") {
			t.Error("alpha's text missing")
		}
		if h.read("DOC/alpha/diagram.png") != "png-bytes" {
			t.Error("attachment bytes differ")
		}
		if !strings.Contains(h.read("DOC/alpha/beta/index.md"), "../index.md") {
			t.Errorf("beta's link to alpha not relative:\n%s",
				h.read("DOC/alpha/beta/index.md"))
		}

		// A second sync changes nothing and asks little.
		before := stamps(t, h.out)
		h.srv.ResetRequests()
		again := h.sync("DOC")
		if len(again.Paths) != 0 || again.Unchanged != 3 || again.Bytes != 0 {
			t.Errorf("no-op sync: %+v", again)
		}
		if after := stamps(t, h.out); !reflect.DeepEqual(before, after) {
			t.Error("no-op sync touched files")
		}
		reqs := h.srv.Requests()
		if reqs[confluence.ReqBodies] != 0 || reqs[confluence.ReqDownload] != 0 {
			t.Errorf("no-op sync fetched: %v", reqs)
		}
		// ⌈N/250⌉ + ⌈A/100⌉ + 3
		if n := total(reqs); n > 1+1+3 {
			t.Errorf("no-op sync made %d requests: %v", n, reqs)
		}

		// The status record.
		infos, err := h.st.Spaces()
		h.must(err)
		if len(infos) != 1 || infos[0].Pages != 3 || infos[0].Attachments != 1 ||
			infos[0].LastError != "" || infos[0].LastSuccess.IsZero() {
			t.Errorf("space info = %+v", infos)
		}
	})
}

func TestEngine_Edit(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "Alpha", "<p>one</p>")
		h.page("DOC", home, "Gamma", "<p>gamma</p>")
		h.sync("DOC")
		before := stamps(t, h.out)

		h.must(h.srv.EditPage(a, "<p>two</p>"))
		h.srv.ResetRequests()
		sum := h.sync("DOC")
		if sum.Changed != 1 || sum.Unchanged != 2 {
			t.Errorf("summary: %+v", sum)
		}
		if !reflect.DeepEqual(sum.Paths, []string{"DOC/alpha/index.md"}) {
			t.Errorf("paths = %q", sum.Paths)
		}
		if !strings.Contains(h.read("DOC/alpha/index.md"), "two") {
			t.Error("edit not mirrored")
		}
		after := stamps(t, h.out)
		if before["DOC/gamma/index.md"] != after["DOC/gamma/index.md"] {
			t.Error("unchanged page rewritten")
		}
		if n := h.srv.Requests()[confluence.ReqBodies]; n != 1 {
			t.Errorf("body requests = %d, want 1", n)
		}
	})
}

func TestEngine_RenameUpdatesLinks(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "Alpha", "<p>a</p>")
		h.page("DOC", a, "Child", "<p>c</p>")
		h.page("DOC", home, "Linker", link("Alpha"))
		h.sync("DOC")

		h.must(h.srv.RenamePage(a, "Omega"))
		sum := h.sync("DOC")
		if sum.Renamed != 1 {
			t.Errorf("summary: %+v", sum)
		}
		if h.exists("DOC/alpha") {
			t.Error("old folder left behind")
		}
		if !h.exists("DOC/omega/child/index.md") {
			t.Error("child did not move with its parent")
		}
		// The link was by the old title and still resolves.
		got := h.read("DOC/linker/index.md")
		if !strings.Contains(got, "../omega/index.md") {
			t.Errorf("linking page not updated:\n%s", got)
		}
	})
}

func TestEngine_MoveSubtree(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "A", "<p>a</p>")
		b := h.page("DOC", home, "B", "<p>b</p>")
		c := h.page("DOC", a, "C", "<p>c</p>")
		h.page("DOC", c, "D", "<p>d</p>")
		_, err := h.srv.PutAttachment(c, "c.txt", []byte("cc"))
		h.must(err)
		h.sync("DOC")

		h.must(h.srv.MovePage(c, b, 0))
		h.srv.ResetRequests()
		sum := h.sync("DOC")
		if sum.Moved != 1 || sum.AttachmentsDownloaded != 0 {
			t.Errorf("summary: %+v", sum)
		}
		if h.exists("DOC/a/c") {
			t.Error("old subtree left behind")
		}
		for _, f := range []string{"DOC/b/c/index.md", "DOC/b/c/d/index.md", "DOC/b/c/c.txt"} {
			if !h.exists(f) {
				t.Errorf("%s missing after move", f)
			}
		}
		if n := h.srv.Requests()[confluence.ReqBodies]; n != 0 {
			t.Errorf("move fetched %d body batches", n)
		}
		h.compareWithClean("DOC")
	})
}

// compareWithClean mirrors the space again into a fresh folder with a
// fresh state and asserts both trees are byte-identical.
func (h *harness) compareWithClean(key string) {
	h.t.Helper()
	fresh := &harness{t: h.t, srv: h.srv, client: h.client, dir: h.t.TempDir()}
	fresh.out = filepath.Join(fresh.dir, "out")
	fresh.st = fresh.openStore("state.db")
	fresh.opts = h.opts
	fresh.opts.Output = fresh.out
	fresh.sync(key)
	sameTree(h.t, fresh.out, h.out)
}

func TestEngine_SwapAndCollidingMoves(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		p1 := h.page("DOC", home, "One", "<p>1</p>")
		p2 := h.page("DOC", home, "Two", "<p>2</p>")
		s1 := h.page("DOC", p1, "Setup", "<p>setup one</p>")
		h.page("DOC", p2, "setup", "<p>setup two</p>")
		h.sync("DOC")

		// Move One's Setup under Two, where "setup" already lives.
		h.must(h.srv.MovePage(s1, p2, 5))
		h.sync("DOC")
		h.compareWithClean("DOC")
		if h.exists("DOC/one/setup") {
			t.Error("old folder left behind")
		}

		// Swap the titles of two siblings.
		h.must(h.srv.RenamePage(p1, "Tmp"))
		h.must(h.srv.RenamePage(p2, "One"))
		h.must(h.srv.RenamePage(p1, "Two"))
		h.sync("DOC")
		h.compareWithClean("DOC")
	})
}

func TestEngine_TrashAndPurge(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		var ids []string
		for _, title := range []string{"P1", "P2", "P3", "P4", "P5"} {
			ids = append(ids, h.page("DOC", home, title, "<p>x</p>"))
		}
		_, err := h.srv.PutAttachment(ids[0], "f.txt", []byte("f"))
		h.must(err)
		h.sync("DOC")

		h.must(h.srv.TrashPage(ids[0]))
		h.must(h.srv.PurgePage(ids[1]))
		sum := h.sync("DOC")
		if sum.Deleted != 2 {
			t.Errorf("summary: %+v", sum)
		}
		if h.exists("DOC/p1") || h.exists("DOC/p2") {
			t.Error("deleted pages left behind")
		}
		atts, err := h.st.Attachments("DOC")
		h.must(err)
		if len(atts) != 0 {
			t.Errorf("attachments of deleted page kept in state: %+v", atts)
		}
		h.compareWithClean("DOC")
	})
}

func TestEngine_DeletionGuard(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		var ids []string
		for _, title := range []string{"P1", "P2", "P3"} {
			ids = append(ids, h.page("DOC", home, title, "<p>x</p>"))
		}
		h.sync("DOC")
		before := readTree(t, h.out)

		for _, id := range ids {
			h.must(h.srv.TrashPage(id))
		}
		_, err := h.engine().Sync(context.Background(), "DOC", false)
		if !errors.Is(err, ErrTooManyDeletions) {
			t.Fatalf("got %v, want ErrTooManyDeletions", err)
		}
		if !reflect.DeepEqual(before, readTree(t, h.out)) {
			t.Error("guarded sync changed the mirror")
		}
		infos, _ := h.st.Spaces()
		if len(infos) != 1 || !strings.Contains(infos[0].LastError, "too many") {
			t.Errorf("failure not recorded: %+v", infos)
		}

		// A larger share allows it.
		h.opts.MaxDelete = 1
		if sum := h.sync("DOC"); sum.Deleted != 3 {
			t.Errorf("deleted = %d, want 3", sum.Deleted)
		}
	})
}

func TestEngine_AttachmentVersion(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "Alpha", "<p>a</p>")
		_, err := h.srv.PutAttachment(a, "data.csv", []byte("v1"))
		h.must(err)
		old, err := h.srv.PutAttachment(a, "old.txt", []byte("old"))
		h.must(err)
		h.sync("DOC")

		_, err = h.srv.PutAttachment(a, "data.csv", []byte("version two"))
		h.must(err)
		h.must(h.srv.DeleteAttachment(old))
		h.srv.ResetRequests()
		sum := h.sync("DOC")
		if sum.AttachmentsDownloaded != 1 || sum.AttachmentsRemoved != 1 {
			t.Errorf("summary: %+v", sum)
		}
		if got := h.read("DOC/alpha/data.csv"); got != "version two" {
			t.Errorf("attachment = %q", got)
		}
		if h.exists("DOC/alpha/old.txt") {
			t.Error("deleted attachment left behind")
		}
		reqs := h.srv.Requests()
		if reqs[confluence.ReqBodies] != 0 || reqs[confluence.ReqDownload] != 1 {
			t.Errorf("requests = %v", reqs)
		}
	})
}

func TestEngine_LocalDrift(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		a := h.page("DOC", home, "Alpha", "<p>a</p>")
		h.page("DOC", home, "Beta", "<p>b</p>")
		_, err := h.srv.PutAttachment(a, "pic.png", []byte("png"))
		h.must(err)
		h.sync("DOC")
		clean := readTree(t, h.out)

		h.must(os.Remove(filepath.Join(h.out, "DOC/alpha/index.md")))
		h.must(os.WriteFile(filepath.Join(h.out, "DOC/beta/index.md"), []byte("hand edit"), 0o644))
		h.must(os.Remove(filepath.Join(h.out, "DOC/alpha/pic.png")))
		h.must(os.WriteFile(filepath.Join(h.out, "DOC/stray.md"), []byte("x"), 0o644))
		h.srv.ResetRequests()
		sum := h.sync("DOC")
		if sum.Restored != 2 || sum.AttachmentsDownloaded != 1 {
			t.Errorf("summary: %+v", sum)
		}
		if !reflect.DeepEqual(clean, readTree(t, h.out)) {
			t.Error("drift not repaired")
		}
		if n := h.srv.Requests()[confluence.ReqBodies]; n != 0 {
			t.Errorf("restoring fetched %d body batches", n)
		}
	})
}

func TestEngine_ConverterSettingsChanged(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		h.page("DOC", home, "Alpha", "<p>a</p>")
		h.sync("DOC")

		h.opts.Markdown.FrontMatter.Extra = map[string]string{"draft": "false"}
		h.srv.ResetRequests()
		sum := h.sync("DOC")
		if len(sum.Paths) != 2 {
			t.Errorf("paths = %q, want both pages", sum.Paths)
		}
		if !strings.Contains(h.read("DOC/alpha/index.md"), "draft") {
			t.Error("new setting not applied")
		}
		if n := h.srv.Requests()[confluence.ReqBodies]; n != 0 {
			t.Errorf("re-render fetched %d body batches", n)
		}
	})
}
