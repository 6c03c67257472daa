package confluencetest

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// Default credentials the fake accepts when Options leaves them empty.
const (
	DefaultUser  = "bot@example.com"
	DefaultToken = "fake-api-token-0123456789"
)

// Options configure New. The zero value is a Cloud site.
type Options struct {
	// Deployment is confluence.Cloud (default) or confluence.DataCenter.
	Deployment confluence.Deployment
	// ContextPath is the Data Center context path, e.g. "/confluence";
	// ignored for Cloud.
	ContextPath string
	// User and Token are the accepted credentials (defaults DefaultUser,
	// DefaultToken). Data Center also accepts Token as a Bearer token.
	User, Token string
	// PageSize caps the limit of every listing (default 250 on Cloud,
	// 100 on Data Center); set it low to exercise pagination.
	PageSize int
	// Latency is added to every request.
	Latency time.Duration
}

// Server is a fake Confluence over real HTTP on 127.0.0.1. All methods are
// safe for concurrent use, also while requests are being served. Content
// changes take effect for the next request.
type Server struct {
	opts  Options
	st    *store
	http  *httptest.Server
	nonce string

	mu       sync.Mutex
	counts   map[string]int64
	latency  time.Duration
	outage   bool
	failN    int
	failCode int
	failWait string
	resetN   int
	limiter  *rate.Limiter
	revoked  bool
}

// New starts a fake Confluence. Call Close when done.
func New(opts Options) *Server {
	if opts.Deployment == "" {
		opts.Deployment = confluence.Cloud
	}
	if opts.User == "" {
		opts.User = DefaultUser
	}
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	opts.ContextPath = strings.TrimRight(opts.ContextPath, "/")
	if opts.Deployment == confluence.Cloud {
		opts.ContextPath = ""
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 250
		if opts.Deployment == confluence.DataCenter {
			opts.PageSize = 100
		}
	}

	s := &Server{
		opts:    opts,
		st:      newStore(),
		counts:  map[string]int64{},
		latency: opts.Latency,
		nonce:   randomHex(6),
	}
	mux := http.NewServeMux()
	if opts.Deployment == confluence.DataCenter {
		s.routesDC(mux)
	} else {
		s.routesCloud(mux)
	}
	mux.Handle("/", s.wrap(kindFixed(confluence.ReqOther), notFound))
	s.http = httptest.NewServer(mux)
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// URL is what goes in confluence.Config.URL: the site root on Cloud, the
// base URL including the context path on Data Center.
func (s *Server) URL() string { return s.http.URL + s.opts.ContextPath }

// Close shuts the server down and waits for running requests.
func (s *Server) Close() {
	s.http.CloseClientConnections()
	s.http.Close()
}

// Credentials returns the user and token the fake accepts.
func (s *Server) Credentials() (user, token string) {
	return s.opts.User, s.opts.Token
}

// Deployment returns the deployment the fake imitates.
func (s *Server) Deployment() confluence.Deployment {
	return s.opts.Deployment
}

// Requests returns the requests received so far by kind (the
// confluence.Req* names), including those answered with injected faults.
func (s *Server) Requests() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.counts)
}

// ResetRequests sets all request counts to zero.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.counts)
}

// kindFunc names the request kind of a request, for counting.
type kindFunc func(r *http.Request) string

func kindFixed(kind string) kindFunc {
	return func(*http.Request) string { return kind }
}

// handlerFunc serves one endpoint; it runs after auth and faults.
type handlerFunc func(w http.ResponseWriter, r *http.Request)

// wrap counts a request, applies latency and injected faults, checks the
// credentials, and then calls h.
func (s *Server) wrap(kind kindFunc, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[kind(r)]++
		s.mu.Unlock()

		if !s.delay(r) {
			return
		}
		if s.injectFault(w, r) {
			return
		}
		if !s.authorized(r) {
			s.writeUnauthorized(w)
			return
		}
		h(w, r)
	})
}

// authorized checks the request's credentials.
func (s *Server) authorized(r *http.Request) bool {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	if revoked {
		return false
	}

	auth := r.Header.Get("Authorization")
	if tok, ok := strings.CutPrefix(auth, "Bearer "); ok {
		return s.opts.Deployment == confluence.DataCenter &&
			tok == s.opts.Token
	}
	user, pass, ok := r.BasicAuth()
	return ok && user == s.opts.User && pass == s.opts.Token
}
