package confluencetest

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// SetLatency sets the delay added to every request from now on.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetOutage switches a full outage on or off. During an outage every
// request is answered 503 Service Unavailable with an HTML body and no
// Retry-After, as a load balancer in front of a dead site would.
func (s *Server) SetOutage(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outage = on
}

// FailNext makes the next n requests answer status, with a Retry-After
// header when retryAfter is not empty (seconds or an HTTP date).
func (s *Server) FailNext(n int, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failCode, s.failWait = n, status, retryAfter
}

// ResetNext makes the next n requests fail mid-way: the server sends the
// status line, headers and the start of a body promised longer, then
// resets the connection.
func (s *Server) ResetNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetN = n
}

// SetRateLimit limits the server to rps requests a second (burst of one
// second's worth); requests above it are answered 429 with Retry-After.
// Zero or less removes the limit.
func (s *Server) SetRateLimit(rps float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rps <= 0 {
		s.limiter = nil
		return
	}
	burst := max(1, int(math.Ceil(rps)))
	s.limiter = rate.NewLimiter(rate.Limit(rps), burst)
}

// RevokeToken makes every later request fail with 401, as when the
// token expires or is revoked.
func (s *Server) RevokeToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// RestoreToken undoes RevokeToken.
func (s *Server) RestoreToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = false
}

// delay sleeps for the configured latency; false means the client left.
func (s *Server) delay(r *http.Request) bool {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// fault is one injected failure chosen for a request.
type fault struct {
	status     int
	retryAfter string
	reset      bool
}

// nextFault picks the fault for this request, if any, and consumes it.
func (s *Server) nextFault() (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	switch {
	case s.outage:
		return fault{status: http.StatusServiceUnavailable}, true
	case s.resetN > 0:
		s.resetN--
		return fault{reset: true}, true
	case s.failN > 0:
		s.failN--
		return fault{status: s.failCode, retryAfter: s.failWait}, true
	case s.limiter != nil && !s.limiter.Allow():
		res := s.limiter.Reserve()
		wait := res.Delay()
		res.Cancel()
		secs := max(1, int(math.Ceil(wait.Seconds())))
		return fault{
			status:     http.StatusTooManyRequests,
			retryAfter: strconv.Itoa(secs),
		}, true
	}
	return fault{}, false
}

// injectFault answers the request with an injected failure; true means
// it did and the handler must not run.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	f, ok := s.nextFault()
	if !ok {
		return false
	}
	if f.reset {
		resetMidway(w)
		return true
	}

	if f.retryAfter != "" {
		w.Header().Set("Retry-After", f.retryAfter)
	}
	switch f.status {
	case http.StatusTooManyRequests:
		w.Header().Set("X-RateLimit-Remaining", "0")
		writeJSON(w, f.status, map[string]string{
			"message": "Rate limit exceeded.",
		})
	case http.StatusServiceUnavailable, http.StatusBadGateway,
		http.StatusGatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.status)
		_, _ = w.Write([]byte("<html><body>" +
			http.StatusText(f.status) + "</body></html>"))
	default:
		s.writeError(w, f.status, http.StatusText(f.status))
	}
	return true
}

// resetMidway starts a response and then resets the connection.
func resetMidway(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\n" +
		"Content-Type: application/json\r\n" +
		"Content-Length: 4096\r\n\r\n" +
		`{"results":[{"id":"`)
	_ = buf.Flush()
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
