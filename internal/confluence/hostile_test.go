package confluence_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// stallingServer sends headers and the start of a body, then stalls
// until the client gives up.
func stallingServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.Write([]byte(`{"results":[`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

const page1 = `{"id":"11","status":"current","title":"A","parentId":null,` +
	`"position":0,"version":{"number":1,"createdAt":"2025-01-01T00:00:00Z"}}`

// hostile serves a Cloud listing whose pages come from fn, given the
// request number (from 1).
func hostile(t *testing.T,
	fn func(n int, w http.ResponseWriter, r *http.Request),
) (confluence.Client, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fn(int(n.Add(1)), w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: srv.URL, Deployment: confluence.Cloud,
		User: "u@example.com", Token: "secret-token",
		Retry: confluence.RetryConfig{MaxAttempts: 3},
		Sleep: (&sleeps{}).sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &n
}

func TestClient_Pages_hostile(t *testing.T) {
	json := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}
	next := func(link string) string {
		return `{"results":[` + page1 + `],"_links":{"next":"` + link + `"}}`
	}
	tests := []struct {
		name  string
		serve func(n int, w http.ResponseWriter, r *http.Request)
		want  error
		max   int64 // requests at most
		pages int
	}{
		{"malformed json", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, `{"results":[{"id":"1"`)
		}, confluence.ErrBadResponse, 1, 0},
		{"html error page", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body>Log in</body></html>"))
		}, confluence.ErrBadResponse, 1, 0},
		{"truncated body", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "5000")
			w.Write([]byte(`{"results":[`))
		}, nil, 3, 0},
		{"repeated next", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, next("/wiki/api/v2/spaces/1/pages?cursor=same"))
		}, confluence.ErrIncomplete, 2, 1},
		{"repeated items, new next links", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, next("/wiki/api/v2/spaces/1/pages?cursor="+itoa(n)))
		}, confluence.ErrIncomplete, 2, 1},
		{"next to another host", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, next("https://evil.example/wiki/api/v2/spaces/1/pages"))
		}, confluence.ErrBadResponse, 1, 1},
		{"empty page with next", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, `{"results":[],"_links":{"next":"/wiki/x?cursor=`+itoa(n)+`"}}`)
		}, confluence.ErrIncomplete, 1, 0},
		{"error mid-listing", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				json(w, next("/wiki/api/v2/spaces/1/pages?cursor=2"))
				return
			}
			w.WriteHeader(500)
		}, nil, 2, 1},
		{"item without id", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, `{"results":[{"title":"x"}]}`)
		}, confluence.ErrBadResponse, 1, 0},
		{"wrong types", func(n int, w http.ResponseWriter, r *http.Request) {
			json(w, `{"results":[{"id":11,"version":"x"}]}`)
		}, confluence.ErrBadResponse, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, n := hostile(t, tt.serve)
			sp := confluence.Space{ID: "1", Key: "ENG"}
			inv, err := c.Pages(context.Background(), sp)
			if err != nil {
				t.Fatalf("Pages returned a fatal error: %v", err)
			}
			if inv.Complete || inv.Err == nil {
				t.Fatalf("listing reported complete: %+v", inv)
			}
			if tt.want != nil && !errors.Is(inv.Err, tt.want) {
				t.Errorf("Err = %v, want %v", inv.Err, tt.want)
			}
			if got := n.Load(); got > tt.max {
				t.Errorf("%d requests, want at most %d", got, tt.max)
			}
			if len(inv.Pages) != tt.pages {
				t.Errorf("%d pages kept, want %d", len(inv.Pages), tt.pages)
			}
			if strings.Contains(inv.Err.Error(), "secret-token") {
				t.Errorf("token in error: %v", inv.Err)
			}
		})
	}
}

func TestClient_Pages_dcShortPage(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"results":[{"id":"1","title":"A","status":"current"}],` +
			`"start":0,"limit":200,"size":2,` +
			`"_links":{"next":"/rest/api/content?start=2"}}`))
	}))
	defer srv.Close()
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: srv.URL, Deployment: confluence.DataCenter, Token: "pat",
	})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := c.Pages(context.Background(), confluence.Space{Key: "DS"})
	if err != nil || inv.Complete || !errors.Is(inv.Err, confluence.ErrIncomplete) {
		t.Fatalf("Pages = %+v, %v; want incomplete", inv, err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1", n.Load())
	}
}

func TestClient_Pages_fatal(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, nil)
	e.srv.RevokeToken()
	_, err := e.client.Pages(context.Background(), e.space)
	if !errors.Is(err, confluence.ErrUnauthorized) {
		t.Errorf("err = %v, want ErrUnauthorized as a fatal error", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.client.Pages(ctx, e.space); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

func TestNew_config(t *testing.T) {
	tests := []struct {
		name string
		cfg  confluence.Config
		want string
	}{
		{"no url", confluence.Config{Token: "t"}, "URL is required"},
		{"bad scheme", confluence.Config{URL: "ftp://x", Token: "t"}, "scheme"},
		{"credentials in url", confluence.Config{URL: "https://u:secret@x", Token: "t"}, "credentials"},
		{"credentials and bad scheme", confluence.Config{
			URL: "ftp://u:secret@x", Token: "t"}, "scheme"},
		{"credentials and query", confluence.Config{
			URL: "https://u:secret@x/?a=b", Token: "t"}, "credentials"},
		{"credentials and bad port", confluence.Config{
			URL: "https://u:secret@x:port", Token: "t"}, "URL"},
		{"credentials without scheme", confluence.Config{
			URL: "//u:secret@x", Token: "t"}, "scheme"},
		{"no token", confluence.Config{URL: "https://x"}, "Token is required"},
		{"cloud without user", confluence.Config{
			URL: "https://x", Token: "t", Deployment: confluence.Cloud,
		}, "User is required"},
		{"bad deployment", confluence.Config{
			URL: "https://x", Token: "t", Deployment: "onprem",
		}, "Deployment"},
		{"cloud url with a page path", confluence.Config{
			URL: "https://x/wiki/spaces/ENG", User: "u", Token: "t",
			Deployment: confluence.Cloud,
		}, "/wiki/spaces/ENG"},
		{"negative rate", confluence.Config{
			URL: "https://x", Token: "t", RateLimit: -1,
		}, "RateLimit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := confluence.New(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to name %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("secret in error: %v", err)
			}
		})
	}
}
