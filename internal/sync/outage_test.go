package sync

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// outageClient starts a full outage of the fake at the first call of
// one kind of request, after everything before it in the run went well.
type outageClient struct {
	confluence.Client
	srv *confluencetest.Server
	at  string // the confluence.Req* kind that meets the outage
}

func (c *outageClient) trip(kind string) {
	if kind == c.at {
		c.srv.SetOutage(true)
	}
}

func (c *outageClient) PageState(ctx context.Context, s confluence.Space,
	id string) (confluence.PageState, error) {
	c.trip(confluence.ReqState)
	return c.Client.PageState(ctx, s, id)
}

func (c *outageClient) SpaceAttachments(ctx context.Context,
	s confluence.Space) (confluence.AttachmentList, error) {
	c.trip(confluence.ReqAttachments)
	return c.Client.SpaceAttachments(ctx, s)
}

func (c *outageClient) Bodies(ctx context.Context, s confluence.Space,
	ids []string) ([]confluence.Page, error) {
	c.trip(confluence.ReqBodies)
	return c.Client.Bodies(ctx, s, ids)
}

func (c *outageClient) Download(ctx context.Context, a confluence.Attachment,
	w io.Writer) (int64, error) {
	c.trip(confluence.ReqDownload)
	return c.Client.Download(ctx, a, w)
}

func (c *outageClient) UserName(ctx context.Context, id string) (string, error) {
	c.trip(confluence.ReqUser)
	return c.Client.UserName(ctx, id)
}

// breakingClient returns a client whose breaker opens after two failed
// attempts and stays open for the test; its retries do not wait.
func (h *harness) breakingClient() confluence.Client {
	h.t.Helper()
	return h.newClient(func(c *confluence.Config) {
		c.Retry = confluence.RetryConfig{MaxAttempts: 2}
		c.Breaker = confluence.BreakerConfig{
			FailureThreshold: 2, Delay: time.Hour,
		}
		c.Sleep = func(ctx context.Context, _ time.Duration) error {
			return ctx.Err()
		}
	})
}

// TestEngine_OutageAfterListing changes a space in every way a sync
// handles, then lets each kind of request after the page listing meet
// a full outage. The failed sync leaves the tree byte-for-byte as it
// was; once the site is back, the next sync equals a clean one.
func TestEngine_OutageAfterListing(t *testing.T) {
	points := []string{
		confluence.ReqState, confluence.ReqAttachments,
		confluence.ReqBodies, confluence.ReqDownload, confluence.ReqUser,
	}
	for _, at := range points {
		t.Run(at, func(t *testing.T) {
			forBoth(t, func(t *testing.T, dep confluence.Deployment) {
				h := newHarness(t, dep)
				changeEverything(h)
				before := readTree(t, h.out)

				h.client = &outageClient{
					Client: h.breakingClient(), srv: h.srv, at: at,
				}
				_, err := h.engine().Sync(context.Background(), "DOC", false)
				if err == nil {
					t.Fatal("sync in an outage succeeded")
				}
				sameTrees(t, before, readTree(t, h.out))

				h.srv.SetOutage(false)
				h.client = h.newClient()
				h.sync("DOC")
				h.compareWithClean("DOC")
			})
		})
	}
}

// changeEverything mirrors a space, then changes it: a page with a
// subtree renamed, a page moved, one trashed, one edited, one added
// that mentions a user, and attachments added, changed and deleted.
func changeEverything(h *harness) {
	h.t.Helper()
	home := h.space("DOC")
	h.srv.AddUser("u-1", "Dana Whitfield")
	a := h.page("DOC", home, "Alpha", "<p>a</p>")
	h.page("DOC", a, "Child", "<p>c</p>")
	b := h.page("DOC", home, "Beta", link("Child"))
	gone := h.page("DOC", home, "Gone", "<p>g</p>")
	edited := h.page("DOC", home, "Edited", link("Alpha"))
	_, err := h.srv.PutAttachment(b, "data.csv", []byte("v1"))
	h.must(err)
	_, err = h.srv.PutAttachment(a, "keep.txt", []byte("keep"))
	h.must(err)
	h.sync("DOC")

	h.must(h.srv.RenamePage(a, "Omega"))
	h.must(h.srv.MovePage(b, edited, 0))
	h.must(h.srv.TrashPage(gone))
	h.must(h.srv.EditPage(edited, "<p>now</p>"+link("Omega")))
	h.page("DOC", home, "Mention",
		`<p><ac:link><ri:user ri:account-id="u-1" /></ac:link></p>`)
	_, err = h.srv.PutAttachment(b, "data.csv", []byte("version two"))
	h.must(err)
	_, err = h.srv.PutAttachment(edited, "new.txt", []byte("new"))
	h.must(err)
}

// sameTrees fails unless two read trees are equal.
func sameTrees(t *testing.T, want, got map[string]string) {
	t.Helper()
	for _, k := range sortedKeys(want) {
		if v, ok := got[k]; !ok {
			t.Errorf("%s: missing after the failed sync", k)
		} else if v != want[k] {
			t.Errorf("%s changed by the failed sync", k)
		}
	}
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: added by the failed sync", k)
		}
	}
}
