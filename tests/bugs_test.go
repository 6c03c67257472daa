package tests

import (
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// TestBug_UserLookedUpOnce mirrors pages that mention the same three
// users. The client caches user names, but workers that miss the cache
// at the same moment each ask the server, so a first sync makes many
// more user requests than there are users.
func TestBug_UserLookedUpOnce(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		e := newEnv(t, dep, confluencetest.Options{})
		e.seed("DOC", 200, 0)
		m := newMirror(t)
		sum := m.mustSync(e.plainClient(), "DOC")
		if got := sum.Requests[confluence.ReqUser]; got > 3 {
			t.Errorf("%d user requests for 3 users", got)
		}
	})
}

// TestBug_IncrementalSameAsClean renames a page that another page links
// to by title, while the linking page's storage keeps the old title
// (the fake does not rewrite it). The mirror that saw the rename
// resolves the old title to the renamed page; a mirror made from
// scratch cannot, and writes a link to Confluence instead. The same
// Confluence content then gives two different trees, depending on the
// mirror's history.
func TestBug_IncrementalSameAsClean(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		e := newEnv(t, dep, confluencetest.Options{})
		home, err := e.srv.AddSpace("DOC", "Doc")
		if err != nil {
			t.Fatal(err)
		}
		target, err := e.srv.AddPage("DOC", home, "Target", "<p>t</p>")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.srv.AddPage("DOC", home, "Pointer",
			`<p><ac:link><ri:page ri:content-title="Target" /></ac:link></p>`)
		if err != nil {
			t.Fatal(err)
		}
		m := newMirror(t)
		m.mustSync(e.plainClient(), "DOC")

		if err := e.srv.RenamePage(target, "Renamed"); err != nil {
			t.Fatal(err)
		}
		m.mustSync(e.plainClient(), "DOC")
		got := readTree(t, m.out)
		want := e.cleanTree("DOC")
		sameTree(t, "incremental against clean", want, got)
		if t.Failed() {
			t.Logf("incremental: %q", line(got["DOC/pointer/index.md"], "Target"))
			t.Logf("clean:       %q", line(want["DOC/pointer/index.md"], "Target"))
		}
	})
}

// line returns the first line of s containing sub.
func line(s, sub string) string {
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
