package sync

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// TestEngine_RelinkedAfterRename renames a page that pages of its own
// and of another space link to by title. Confluence rewrites those
// links without a new version; the mirror fetches the linking pages
// again and ends equal to one made from scratch.
func TestEngine_RelinkedAfterRename(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		h := newHarness(t, dep)
		home := h.space("DOC")
		ops := h.space("OPS")
		a := h.page("DOC", home, "Alpha", "<p>a</p>")
		h.page("DOC", home, "Linker", link("Alpha"))
		h.page("OPS", ops, "Remote", `<p><ac:link>`+
			`<ri:page ri:space-key="DOC" ri:content-title="Alpha" />`+
			`</ac:link></p>`)
		h.sync("DOC")
		h.sync("OPS")

		h.must(h.srv.RenamePage(a, "Omega"))
		h.sync("DOC")
		h.sync("OPS")
		for _, f := range []string{"DOC/linker/index.md", "OPS/remote/index.md"} {
			if got := h.read(f); !strings.Contains(got, "[Omega](") {
				t.Errorf("%s: link text not renamed:\n%s", f, got)
			}
		}

		fresh := &harness{t: t, srv: h.srv, client: h.client, dir: t.TempDir()}
		fresh.out = filepath.Join(fresh.dir, "out")
		fresh.st = fresh.openStore("state.db")
		fresh.opts = h.opts
		fresh.opts.Output = fresh.out
		fresh.sync("DOC")
		fresh.sync("OPS")
		sameTree(t, fresh.out, h.out)

		// Once fetched again, the pages are current: no further fetch.
		sum := h.sync("OPS")
		if n := sum.Requests[confluence.ReqBodies]; n != 0 {
			t.Errorf("%d body requests after the relinked pages were fetched", n)
		}
	})
}
