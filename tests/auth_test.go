package tests

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// TestFaults_CredentialsExpireMidRun revokes the token during the page
// listing, or (Cloud) while the pages gone from it are confirmed, of a
// sync that would delete, move and rename pages. The sync
// ends with ErrUnauthorized naming the credential but never the token,
// nothing is deleted or changed, and once the token works again the
// next sync completes.
func TestFaults_CredentialsExpireMidRun(t *testing.T) {
	points := map[confluence.Deployment][]killPoint{
		confluence.Cloud:      {{kind: "list", n: 2}, {kind: "content", n: 1}},
		confluence.DataCenter: {{kind: "content", n: 2}},
	}
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		for _, p := range points[dep] {
			t.Run(p.String(), func(t *testing.T) {
				revokeAt(t, dep, p)
			})
		}
	})
}

// revokeAt runs the scenario with the token revoked at request p.
func revokeAt(t *testing.T, dep confluence.Deployment, p killPoint) {
	e := faultSpace(t, dep)
	tp := newTap(t, e.srv.URL())
	c := e.client(e.config(tp.URL(), &waits{}))
	m, ref := newMirror(t), newMirror(t)
	m.mustSync(c, "DOC")
	ref.mustSync(e.plainClient(), "DOC")

	changeSpace(t, e.srv, "DOC")
	before := readTree(t, m.out)
	tp.reset()
	tp.onRequest(func(k string, n int64, _ *http.Request) {
		if k == p.kind && n == p.n {
			e.srv.RevokeToken()
		}
	})
	_, err := m.sync(context.Background(), c, "DOC")
	if !errors.Is(err, confluence.ErrUnauthorized) {
		t.Fatalf("sync with a revoked token: %v, want ErrUnauthorized", err)
	}
	user, token := e.srv.Credentials()
	if strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), user) {
		t.Errorf("error must name the credential, not the secret: %v", err)
	}
	sameTree(t, "mirror after the refused sync", before, readTree(t, m.out))

	e.srv.RestoreToken()
	tp.reset()
	m.mustSync(c, "DOC")
	ref.mustSync(e.plainClient(), "DOC")
	sameTree(t, "mirror after the token is back",
		sameSite(readTree(t, ref.out)), sameSite(readTree(t, m.out)))
}
