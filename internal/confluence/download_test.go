package confluence_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// authLog records the Authorization header of each request by path.
type authLog struct {
	mu   sync.Mutex
	seen map[string]string
}

func (a *authLog) record(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seen[r.URL.Path] = r.Header.Get("Authorization")
}

func (a *authLog) get(path string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.seen[path]
	return v, ok
}

// redirectEnv is a site whose downloads redirect, and a media host.
type redirectEnv struct {
	site, media *httptest.Server
	log         *authLog
	client      confluence.Client
}

func newRedirectEnv(t *testing.T) *redirectEnv {
	t.Helper()
	e := &redirectEnv{log: &authLog{seen: map[string]string{}}}
	e.media = httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			e.log.record(r)
			if r.URL.Path == "/back" {
				http.Redirect(w, r, e.site.URL+"/download/final", http.StatusFound)
				return
			}
			w.Write([]byte("media bytes"))
		}))
	t.Cleanup(e.media.Close)
	e.site = httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			e.log.record(r)
			switch r.URL.Path {
			case "/download/same":
				http.Redirect(w, r, "/download/final", http.StatusFound)
			case "/download/away":
				http.Redirect(w, r, e.media.URL+"/file", http.StatusFound)
			case "/download/roundtrip":
				http.Redirect(w, r, e.media.URL+"/back", http.StatusFound)
			default:
				w.Write([]byte("site bytes"))
			}
		}))
	t.Cleanup(e.site.Close)

	c, err := confluence.New(context.Background(), confluence.Config{
		URL: e.site.URL, Deployment: confluence.DataCenter,
		Token: "pat-secret", Sleep: (&sleeps{}).sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
	return e
}

func TestClient_DownloadRedirects(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		want     string
		withAuth []string // paths that must see the token
		noAuth   []string // paths that must not
	}{
		{"same host", "/download/same", "site bytes",
			[]string{"/download/same", "/download/final"}, nil},
		{"other host", "/download/away", "media bytes",
			[]string{"/download/away"}, []string{"/file"}},
		{"other host and back", "/download/roundtrip", "site bytes",
			[]string{"/download/roundtrip"},
			[]string{"/back", "/download/final"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRedirectEnv(t)
			var buf bytes.Buffer
			a := confluence.Attachment{ID: "1", Download: tt.path}
			if _, err := e.client.Download(context.Background(), a, &buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("downloaded %q, want %q", buf.String(), tt.want)
			}
			for _, p := range tt.withAuth {
				if got, _ := e.log.get(p); got != "Bearer pat-secret" {
					t.Errorf("%s: Authorization %q, want the token", p, got)
				}
			}
			for _, p := range tt.noAuth {
				got, ok := e.log.get(p)
				if !ok || got != "" {
					t.Errorf("%s: requested %v, Authorization %q; want "+
						"a request without credentials", p, ok, got)
				}
			}
		})
	}
}

// TestClient_DownloadErrorHidesSignedURL: a media host's signed link
// carries its own short-lived token in the query; an error about that
// host must not show it.
func TestClient_DownloadErrorHidesSignedURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close() // nothing listens there any more

	site := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, dead+"/file/1/binary?token=media-jwt&dl=1",
				http.StatusFound)
		}))
	defer site.Close()
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: site.URL, Deployment: confluence.DataCenter,
		Token: "pat-secret", Sleep: (&sleeps{}).sleep,
		Retry: confluence.RetryConfig{MaxAttempts: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := confluence.Attachment{ID: "1", Download: "/download/x"}
	_, err = c.Download(context.Background(), a, &bytes.Buffer{})
	if err == nil {
		t.Fatal("no error from a dead media host")
	}
	if strings.Contains(err.Error(), "media-jwt") {
		t.Errorf("error shows the signed link's token: %v", err)
	}
}
