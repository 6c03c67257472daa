package tests

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
)

// tap is a reverse proxy in front of the fake that numbers the requests
// passing through it by kind, 1 first, and calls a hook before
// forwarding each. Tests use it to act at an exact request: start an
// outage, revoke the token, delay a response or kill a client process.
// Numbering by kind keeps the points fixed however the engine's workers
// interleave their requests.
type tap struct {
	http *httptest.Server
	path string // the fake's context path
	hook atomic.Pointer[func(kind string, n int64, r *http.Request)]

	mu     gosync.Mutex
	counts map[string]int64
}

// newTap starts a proxy to the fake at target (its URL() value).
func newTap(t *testing.T, target string) *tap {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(&url.URL{Scheme: u.Scheme, Host: u.Host})
			pr.Out.Host = u.Host
		},
		Transport: tr,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, _ error) {
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	tp := &tap{path: u.Path, counts: map[string]int64{}}
	tp.http = httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			kind := kindOf(r.URL.Path)
			n := tp.next(kind)
			if h := tp.hook.Load(); h != nil {
				(*h)(kind, n, r)
			}
			proxy.ServeHTTP(w, r)
		}))
	t.Cleanup(func() {
		tp.http.CloseClientConnections()
		tp.http.Close()
		tr.CloseIdleConnections()
	})
	return tp
}

func (tp *tap) next(kind string) int64 {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	tp.counts[kind]++
	return tp.counts[kind]
}

// URL is the client's URL for the fake through the proxy.
func (tp *tap) URL() string { return tp.http.URL + tp.path }

// onRequest sets the hook; it runs on the proxy's handler goroutines
// with the request's kind, its number among requests of that kind, and
// the request.
func (tp *tap) onRequest(fn func(kind string, n int64, r *http.Request)) {
	tp.hook.Store(&fn)
}

// requests returns the requests seen so far by kind.
func (tp *tap) requests() map[string]int64 {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	out := make(map[string]int64, len(tp.counts))
	for k, v := range tp.counts {
		out[k] = v
	}
	return out
}

// reset sets the counts to zero and removes the hook.
func (tp *tap) reset() {
	tp.hook.Store(nil)
	tp.mu.Lock()
	defer tp.mu.Unlock()
	clear(tp.counts)
}

// kindOf names the kind of a Cloud or Data Center request from its path,
// with the names of the confluence.Req* constants where they match.
func kindOf(path string) string {
	switch {
	case strings.Contains(path, "/download/"):
		return "download"
	case strings.HasSuffix(path, "/rest/api/user"):
		return "user"
	case strings.Contains(path, "/content/search"):
		return "search"
	case strings.Contains(path, "/attachment"):
		return "attachments"
	case strings.Contains(path, "/api/v2/spaces/") &&
		strings.HasSuffix(path, "/pages"):
		return "list"
	case strings.Contains(path, "/api/v2/spaces"),
		strings.Contains(path, "/rest/api/space"):
		return "space"
	case strings.HasSuffix(path, "/api/v2/pages"):
		return "bodies"
	case strings.Contains(path, "/api/v2/pages/"),
		strings.Contains(path, "/rest/api/content"):
		return "content"
	}
	return "other"
}
