package confluence_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

func TestClient_Pages(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, func(o *confluencetest.Options) {
				o.PageSize = 7
			}, nil)
			ids := e.addPages(t, 30)
			if err := e.srv.MovePage(ids[4], ids[0], 5); err != nil {
				t.Fatal(err)
			}

			inv, err := e.client.Pages(context.Background(), e.space)
			if err != nil || !inv.Complete || inv.Err != nil {
				t.Fatalf("Pages: %v, complete=%v, %v", err, inv.Complete, inv.Err)
			}
			if len(inv.Pages) != 31 {
				t.Fatalf("got %d pages, want 31", len(inv.Pages))
			}
			byID := map[string]confluence.PageInfo{}
			for _, p := range inv.Pages {
				byID[p.ID] = p
			}
			moved := byID[ids[4]]
			if moved.ParentID != ids[0] || moved.Position != 5 {
				t.Errorf("moved page: parent %s pos %d, want %s 5",
					moved.ParentID, moved.Position, ids[0])
			}
			if home := byID[e.home]; home.ParentID != "" || home.Version != 1 ||
				home.VersionTime.Location().String() != "UTC" ||
				home.VersionTime.IsZero() {
				t.Errorf("home page info: %+v", home)
			}
			// ⌈31/7⌉ = 5 listing requests.
			if got := e.client.Requests()[confluence.ReqList]; got != 5 {
				t.Errorf("list requests = %d, want 5", got)
			}
		})
	}
}

func TestClient_Pages_cloudFolders(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, nil)
	outer, _ := e.srv.AddFolder("ENG", e.home, "Runbooks")
	inner, _ := e.srv.AddFolder("ENG", outer, "Databases")
	pg, _ := e.srv.AddPage("ENG", inner, "Failover", "<p/>")
	pg2, _ := e.srv.AddPage("ENG", inner, "Backups", "<p/>")

	inv, err := e.client.Pages(context.Background(), e.space)
	if err != nil || !inv.Complete {
		t.Fatalf("Pages: %v %v", err, inv.Err)
	}
	kinds := map[string]confluence.PageInfo{}
	for _, p := range inv.Pages {
		kinds[p.ID] = p
	}
	for id, want := range map[string]confluence.NodeKind{
		outer: confluence.KindFolder, inner: confluence.KindFolder,
		pg: confluence.KindPage, pg2: confluence.KindPage,
	} {
		if kinds[id].Kind != want {
			t.Errorf("%s: kind %q, want %q", id, kinds[id].Kind, want)
		}
	}
	if kinds[inner].ParentID != outer || kinds[outer].ParentID != e.home {
		t.Errorf("folder parents wrong: %+v", kinds)
	}
	if got := e.client.Requests()[confluence.ReqFolder]; got != 2 {
		t.Errorf("folder requests = %d, want 2 (each folder once)", got)
	}
}

func TestClient_Bodies(t *testing.T) {
	tests := []struct {
		d     confluence.Deployment
		pages int
		want  int64 // body requests
	}{
		{confluence.Cloud, 300, 2},      // 250 ids a request
		{confluence.DataCenter, 120, 3}, // 50 ids a request
	}
	for _, tt := range tests {
		t.Run(string(tt.d), func(t *testing.T) {
			e := newEnv(t, tt.d, nil, nil)
			ids := e.addPages(t, tt.pages)
			if err := e.srv.SetLabels(ids[0], "b", "a"); err != nil {
				t.Fatal(err)
			}
			if err := e.srv.TrashPage(ids[1]); err != nil {
				t.Fatal(err)
			}

			pages, err := e.client.Bodies(context.Background(), e.space, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != tt.pages-1 {
				t.Fatalf("got %d pages, want %d (trashed one missing)",
					len(pages), tt.pages-1)
			}
			if got := e.client.Requests()[confluence.ReqBodies]; got != tt.want {
				t.Errorf("body requests = %d, want %d", got, tt.want)
			}
			p := pages[0]
			if p.ID != ids[0] || p.Body != "<p>body 0</p>" || p.SpaceID != e.space.ID {
				t.Errorf("first page = %+v", p)
			}
			if p.WebURL == "" || p.Title != "Page 0" {
				t.Errorf("first page url/title = %q %q", p.WebURL, p.Title)
			}
			if tt.d == confluence.DataCenter &&
				(len(p.Labels) != 2 || p.Labels[0] != "a") {
				t.Errorf("labels = %v, want [a b]", p.Labels)
			}
		})
	}
}

func TestClient_attachments(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil, nil)
			ids := e.addPages(t, 3)
			data := bytes.Repeat([]byte("0123456789"), 1000)
			e.srv.PutAttachment(ids[0], "diagram one.png", []byte("v1"))
			att, _ := e.srv.PutAttachment(ids[0], "diagram one.png", data)
			for i := range 150 {
				e.srv.PutAttachment(ids[1], "f"+itoa(i)+".txt", []byte("x"))
			}
			ctx := context.Background()

			list, err := e.client.SpaceAttachments(ctx, e.space)
			if err != nil || !list.Complete || len(list.Attachments) != 151 {
				t.Fatalf("SpaceAttachments: %v, complete=%v, n=%d, %v",
					err, list.Complete, len(list.Attachments), list.Err)
			}
			if got := e.client.Requests()[confluence.ReqAttachments]; got != 2 {
				t.Errorf("attachment requests = %d, want 2", got)
			}
			a := list.Attachments[0]
			if a.ID != att || a.PageID != ids[0] || a.Version != 2 ||
				a.Size != int64(len(data)) || a.MediaType != "image/png" {
				t.Errorf("attachment = %+v", a)
			}

			var buf bytes.Buffer
			n, err := e.client.Download(ctx, a, &buf)
			if err != nil || n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
				t.Fatalf("Download: n=%d err=%v", n, err)
			}

			own, err := e.client.PageAttachments(ctx, ids[0])
			if err != nil || len(own) != 1 || own[0].ID != att {
				t.Errorf("PageAttachments = %+v, %v", own, err)
			}
		})
	}
}

func TestClient_PageState(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil, nil)
			ids := e.addPages(t, 4)
			if _, err := e.srv.AddSpace("OPS", "Operations"); err != nil {
				t.Fatal(err)
			}
			e.srv.TrashPage(ids[1])
			e.srv.PurgePage(ids[2])
			e.srv.MoveToSpace(ids[3], "OPS")

			want := map[string]confluence.PageState{
				ids[0]: confluence.StateCurrent,
				ids[1]: confluence.StateTrashed,
				ids[2]: confluence.StatePurged,
				ids[3]: confluence.StateMoved,
			}
			for id, w := range want {
				got, err := e.client.PageState(context.Background(), e.space, id)
				if err != nil || got != w {
					t.Errorf("PageState(%s) = %q, %v; want %q", id, got, err, w)
				}
			}
		})
	}
}

func TestClient_UserName(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil, nil)
			e.srv.AddUser("u-1", "Dana Whitfield")
			ctx := context.Background()
			for range 3 {
				name, err := e.client.UserName(ctx, "u-1")
				if err != nil || name != "Dana Whitfield" {
					t.Fatalf("UserName = %q, %v", name, err)
				}
				if _, err := e.client.UserName(ctx, "ghost"); !errors.Is(err, confluence.ErrNotFound) {
					t.Fatalf("unknown user: %v, want ErrNotFound", err)
				}
			}
			// One request per user and lookup path, then the cache.
			want := map[confluence.Deployment]int64{
				confluence.Cloud: 2, confluence.DataCenter: 3,
			}[d]
			if got := e.client.Requests()[confluence.ReqUser]; got != want {
				t.Errorf("user requests = %d, want %d", got, want)
			}
		})
	}
}

func TestNew_detect(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil, func(c *confluence.Config) {
				c.Deployment = ""
			})
			if got := e.client.Deployment(); got != d {
				t.Errorf("detected %q, want %q", got, d)
			}
		})
	}
}
