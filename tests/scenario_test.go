package tests

import (
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// specName is an attachment every scenario space carries, so a change
// can give it a new version.
const specName = "spec.txt"

// seedScenario fills key with a generated tree plus one known
// attachment on the first page below the home page.
func (e *env) seedScenario(key string, pages, atts int) {
	e.t.Helper()
	e.seed(key, pages, atts)
	ids := e.srv.PageIDs(key)
	if _, err := e.srv.PutAttachment(ids[1], specName, []byte("v1\n")); err != nil {
		e.t.Fatal(err)
	}
}

// changeSpace applies one of every change a sync must mirror: an edit,
// a rename, a move of a subtree, a trashed and a purged page, a new
// page, a new attachment version and a deleted attachment.
func changeSpace(t *testing.T, srv *confluencetest.Server, key string) {
	t.Helper()
	ids := srv.PageIDs(key)
	if len(ids) < 12 {
		t.Fatalf("space %s has %d pages; changes need 12", key, len(ids))
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	info, _ := srv.PageInfo(ids[2])
	must(srv.EditPage(ids[2], info.Body+"<p>Edited.</p>"))
	must(srv.RenamePage(ids[3], "Renamed Page"))
	must(moveSomewhere(srv, ids[4], ids))
	must(srv.TrashPage(ids[5]))
	must(srv.PurgePage(ids[6]))
	_, err := srv.AddPage(key, ids[7], "Brand New Page",
		"<p>New, linking to <ac:link><ri:page ri:content-title=\"Renamed Page\" />"+
			"</ac:link>.</p>")
	must(err)
	_, err = srv.PutAttachment(ids[1], specName, []byte("v2, longer\n"))
	must(err)
	newAtt, err := srv.PutAttachment(ids[8], "drop.txt", []byte("x"))
	must(err)
	must(srv.DeleteAttachment(newAtt))
}

// moveSomewhere moves page id, with its subtree, below the last page
// of ids that accepts it (a page cannot move below its own subtree).
func moveSomewhere(srv *confluencetest.Server, id string, ids []string) error {
	var err error
	for i := len(ids) - 1; i > 0; i-- {
		if ids[i] == id {
			continue
		}
		if err = srv.MovePage(id, ids[i], 0); err == nil {
			return nil
		}
	}
	return err
}
