package sync

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
)

// macro is storage markup for a macro with a page parameter.
func includeOf(title string) string {
	return `<ac:structured-macro ac:name="include"><ac:parameter ac:name="">` +
		`<ac:link><ri:page ri:content-title="` + title + `" /></ac:link>` +
		`</ac:parameter></ac:structured-macro>`
}

const childrenMacro = `<ac:structured-macro ac:name="children" />`

const homeTree = `<ac:structured-macro ac:name="pagetree">` +
	`<ac:parameter ac:name="root">@home</ac:parameter></ac:structured-macro>`

func TestEngine_DependentsRerendered(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		parent := h.page("DOC", home, "Parent", "<p>kids:</p>"+childrenMacro)
		h.page("DOC", parent, "First Kid", "<p>1</p>")
		snippet := h.page("DOC", home, "Snippet", "<p>shared words</p>")
		h.page("DOC", home, "Host", includeOf("Snippet"))
		h.page("DOC", home, "Map", homeTree)
		h.sync("DOC")

		if got := h.read("DOC/parent/index.md"); !strings.Contains(got, "first-kid/index.md") {
			t.Fatalf("children not listed:\n%s", got)
		}
		if got := h.read("DOC/host/index.md"); !strings.Contains(got, "shared words") {
			t.Fatalf("include not rendered:\n%s", got)
		}
		if got := h.read("DOC/map/index.md"); !strings.Contains(got, "../snippet/index.md") {
			t.Fatalf("home page tree not rendered:\n%s", got)
		}

		// A new child, an edited include and a renamed page reach the
		// pages that list, include or map them, without a body fetch
		// for those pages.
		h.page("DOC", parent, "Second Kid", "<p>2</p>")
		h.must(h.srv.EditPage(snippet, "<p>new words</p>"))
		h.must(h.srv.RenamePage(parent, "Elders"))
		h.srv.ResetRequests()
		h.sync("DOC")

		if got := h.read("DOC/elders/index.md"); !strings.Contains(got, "second-kid/index.md") {
			t.Errorf("new child not listed:\n%s", got)
		}
		if got := h.read("DOC/host/index.md"); !strings.Contains(got, "new words") {
			t.Errorf("include not updated:\n%s", got)
		}
		if got := h.read("DOC/map/index.md"); !strings.Contains(got, "../elders/index.md") {
			t.Errorf("page tree not updated:\n%s", got)
		}
		if n := h.srv.Requests()[confluence.ReqBodies]; n != 1 {
			t.Errorf("body requests = %d, want 1", n)
		}
		h.compareWithClean("DOC")
	})
}

func TestEngine_CloudFolders(t *testing.T) {
	h := newHarness(t, confluence.Cloud)
	home := h.space("DOC")
	folder, err := h.srv.AddFolder("DOC", home, "Guides")
	h.must(err)
	h.page("DOC", folder, "Install", "<p>steps</p>")
	h.opts.Nav = "mkdocs"
	h.sync("DOC")

	if !h.exists("DOC/guides/install/index.md") {
		t.Fatalf("page in folder misplaced: %q", files(t, h.out))
	}
	if h.exists("DOC/guides/index.md") {
		t.Error("folder got a page file")
	}
	if !h.exists("DOC/.pages") || !h.exists("DOC/guides/.pages") {
		t.Errorf("navigation files missing: %q", files(t, h.out))
	}

	h.must(h.srv.RenamePage(folder, "Manuals"))
	h.sync("DOC")
	if !h.exists("DOC/manuals/install/index.md") || h.exists("DOC/guides") {
		t.Errorf("folder rename not mirrored: %q", files(t, h.out))
	}
	h.compareWithClean("DOC")
}

// TestRun_MovedRecords checks that the record of a page whose folder a
// move carried elsewhere keeps the dependencies stored for it: the run
// holds records without them and reads them back from the state.
func TestRun_MovedRecords(t *testing.T) {
	h := newHarness(t, confluence.Cloud)
	deps := store.Deps{
		Queries: []store.Query{{Kind: store.QueryInclude, Ref: store.Ref{Title: "Snippet"}, Target: "7"}},
		Hash:    "d",
	}
	rec := store.Page{ID: "5", Title: "Host", Dir: "parent/host",
		Path: "parent/host/index.md", Hash: "h", Deps: deps}
	h.must(h.st.Commit("DOC", store.Batch{Pages: []store.Page{rec}}))
	heads, err := h.st.PageHeads("DOC")
	h.must(err)

	r := &run{e: &Engine{store: h.st}, key: "DOC", pages: map[string]*pageRun{
		"5": {old: &heads[0], dir: "elders/host", file: "elders/host/index.md", onDisk: true},
	}}
	got, err := r.movedRecords()
	h.must(err)

	want := rec
	want.Dir, want.Path = "elders/host", "elders/host/index.md"
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("moved records:\n got %+v\nwant [%+v]", got, want)
	}
}
