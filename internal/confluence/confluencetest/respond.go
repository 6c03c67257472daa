package confluencetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// writeJSON answers v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// v2Error is the Cloud v2 error envelope.
type v2Error struct {
	Errors []v2ErrorItem `json:"errors"`
}

type v2ErrorItem struct {
	Status int     `json:"status"`
	Code   string  `json:"code"`
	Title  string  `json:"title"`
	Detail *string `json:"detail"`
}

// v1Error is the v1 error envelope (Data Center and Cloud v1).
type v1Error struct {
	StatusCode int         `json:"statusCode"`
	Data       v1ErrorData `json:"data"`
	Message    string      `json:"message"`
	Reason     string      `json:"reason"`
}

type v1ErrorData struct {
	Authorized bool  `json:"authorized"`
	Valid      bool  `json:"valid"`
	Errors     []any `json:"errors"`
	Successful bool  `json:"successful"`
}

// writeError answers an error in the envelope of the deployment: v1 for
// Data Center, v2 for Cloud.
func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	if s.opts.Deployment == confluence.DataCenter {
		writeV1Error(w, status, msg)
		return
	}
	code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	writeJSON(w, status, v2Error{Errors: []v2ErrorItem{{
		Status: status, Code: code, Title: msg,
	}}})
}

func writeV1Error(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, v1Error{
		StatusCode: status,
		Data:       v1ErrorData{Authorized: status != 401, Valid: true, Errors: []any{}},
		Message:    msg,
		Reason:     http.StatusText(status),
	})
}

// writeUnauthorized answers 401 as the deployment does.
func (s *Server) writeUnauthorized(w http.ResponseWriter) {
	if s.opts.Deployment == confluence.DataCenter {
		w.Header().Set("WWW-Authenticate", `Basic realm="Protected"`)
		writeV1Error(w, http.StatusUnauthorized, "Authentication required")
		return
	}
	writeJSON(w, http.StatusUnauthorized, map[string]any{
		"code":    401,
		"message": "Unauthorized; scope does not match",
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<html><body><h1>Page not found</h1></body></html>"))
}

// limit reads the limit parameter, capped at the server's page size.
func (s *Server) limit(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	n := def
	if v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 {
			return 0, fmt.Errorf("invalid limit %q", v)
		}
	}
	return max(1, min(n, s.opts.PageSize)), nil
}

// cursor encodes an offset as an opaque Cloud cursor.
func (s *Server) cursor(offset int) string {
	raw := fmt.Sprintf(`{"o":%d,"n":"%s"}`, offset, s.nonce)
	return base64.URLEncoding.EncodeToString([]byte(raw))
}

// offset decodes the cursor parameter; no cursor means 0.
func (s *Server) offset(r *http.Request) (int, error) {
	c := r.URL.Query().Get("cursor")
	if c == "" {
		return 0, nil
	}
	raw, err := base64.URLEncoding.DecodeString(c)
	if err != nil {
		return 0, fmt.Errorf("invalid cursor")
	}
	var v struct {
		O int    `json:"o"`
		N string `json:"n"`
	}
	if json.Unmarshal(raw, &v) != nil || v.N != s.nonce || v.O < 0 {
		return 0, fmt.Errorf("invalid cursor")
	}
	return v.O, nil
}

// window returns the slice bounds [from, to) of a page of results and
// whether more follow.
func window(total, from, limit int) (lo, hi int, more bool) {
	lo = min(from, total)
	hi = min(lo+limit, total)
	return lo, hi, hi < total
}

// nextURL is the request's path and query with some parameters replaced.
func nextURL(r *http.Request, strip string, set map[string]string) string {
	q := r.URL.Query()
	for k, v := range set {
		q.Set(k, v)
	}
	p := strings.TrimPrefix(r.URL.Path, strip)
	return p + "?" + q.Encode()
}

// query helpers shared by the handlers.
func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
