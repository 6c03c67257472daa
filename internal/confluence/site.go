package confluence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// site is what both implementations share: the transport, the URLs and
// the user cache.
type site struct {
	root       string // scheme://host of the site
	base       string // BaseURL(): Cloud root+"/wiki", DC base
	deployment Deployment
	credential string // description of the credential for errors
	tr         *transport
	log        *slog.Logger

	users userCache
}

func (s *site) Deployment() Deployment     { return s.deployment }
func (s *site) BaseURL() string            { return s.base }
func (s *site) Requests() map[string]int64 { return s.tr.counts.snapshot() }
func (s *site) Stats() Stats               { return s.tr.stats() }

// send makes one logical request (retries happen inside the transport).
// The caller must close the response body.
func (s *site) send(ctx context.Context, o reqOpts, rawURL string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(withOpts(ctx, o), http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: request URL: %v", ErrBadResponse, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.tr.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if err := s.check(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// getJSON fetches rawURL and decodes its JSON body into v.
func (s *site) getJSON(ctx context.Context, kind, rawURL string, v any) (http.Header, error) {
	resp, err := s.send(ctx, reqOpts{kind: kind}, rawURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if err := decodeJSON(resp.Header, b, v); err != nil {
		return nil, err
	}
	return resp.Header, nil
}

// decodeJSON decodes b into v, explaining what came instead of JSON.
func decodeJSON(h http.Header, b []byte, v any) error {
	ct, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if ct == "text/html" || looksHTML(b) {
		return fmt.Errorf("%w: HTML page instead of JSON: %q",
			ErrBadResponse, snippet(b))
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: malformed JSON (%d bytes): %v",
			ErrBadResponse, len(b), err)
	}
	return nil
}

func looksHTML(b []byte) bool {
	t := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 64)])))
	return strings.HasPrefix(t, "<!doctype html") || strings.HasPrefix(t, "<html")
}

// check maps an HTTP status to the package's errors.
func (s *site) check(resp *http.Response) error {
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusUnauthorized:
		return fmt.Errorf("%w: %s (HTTP 401)", ErrUnauthorized, s.credential)
	case code == http.StatusForbidden:
		return fmt.Errorf("%w: %s lacks permission (HTTP 403)",
			ErrForbidden, s.credential)
	case code == http.StatusNotFound:
		return fmt.Errorf("%w (HTTP 404)", ErrNotFound)
	}

	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	msg := serverMessage(b)
	if retryableStatus(code) {
		return fmt.Errorf("server answered %s after %d attempts%s",
			resp.Status, s.tr.retry.MaxAttempts, msg)
	}
	return fmt.Errorf("server answered %s%s", resp.Status, msg)
}

// serverMessage extracts the message of a v1 or v2 error envelope, or a
// short cleaned snippet of the body.
func serverMessage(b []byte) string {
	var env struct {
		Message string `json:"message"`
		Errors  []struct {
			Title string `json:"title"`
		} `json:"errors"`
	}
	if json.Unmarshal(b, &env) == nil {
		if env.Message != "" {
			return ": " + snippet([]byte(env.Message))
		}
		if len(env.Errors) > 0 && env.Errors[0].Title != "" {
			return ": " + snippet([]byte(env.Errors[0].Title))
		}
	}
	if len(b) == 0 {
		return ""
	}
	return fmt.Sprintf(": %q", snippet(b))
}

// snippet is the start of b, single-line and printable, for messages.
func snippet(b []byte) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, string(b[:min(len(b), 160)]))
	return strings.Join(strings.Fields(s), " ")
}

// resolve turns a link from a response into an absolute URL on this
// site. relTo is what the API makes the link relative to. A link to
// another host is refused: following it would send the credentials
// there.
func (s *site) resolve(link, relTo string) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("%w: unreadable next link %q", ErrBadResponse, link)
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme+"://"+u.Host != s.root {
			return "", fmt.Errorf("%w: next link %q points to another host",
				ErrBadResponse, link)
		}
		return link, nil
	}
	if !strings.HasPrefix(u.Path, "/") {
		return "", fmt.Errorf("%w: next link %q is not a path", ErrBadResponse, link)
	}
	return relTo + link, nil
}

// pager follows next links and refuses one it has seen before. It also
// tracks the items a listing returned: a server that keeps handing out
// new next links for items it already sent is looping too.
type pager struct {
	site  *site
	relTo string
	seen  map[string]bool
	items map[string]bool
}

func (s *site) pager(relTo string) *pager {
	return &pager{site: s, relTo: relTo,
		seen: map[string]bool{}, items: map[string]bool{}}
}

// fresh reports which of one page's item ids the listing has not
// returned before, and marks them returned. A non-empty page of items
// that were all returned before is an error.
func (p *pager) fresh(ids []string) ([]bool, error) {
	out := make([]bool, len(ids))
	n := 0
	for i, id := range ids {
		if !p.items[id] {
			p.items[id], out[i] = true, true
			n++
		}
	}
	if n == 0 && len(ids) > 0 {
		return nil, fmt.Errorf("%w: a page of %d items repeats earlier "+
			"items", ErrIncomplete, len(ids))
	}
	return out, nil
}

// next returns the absolute URL of link, "" when link is empty.
func (p *pager) next(link string) (string, error) {
	if link == "" {
		return "", nil
	}
	abs, err := p.site.resolve(link, p.relTo)
	if err != nil {
		return "", err
	}
	if p.seen[abs] {
		return "", fmt.Errorf("%w: next link %q repeats", ErrIncomplete, link)
	}
	p.seen[abs] = true
	return abs, nil
}

// fatal reports whether a listing error must stop the run rather than
// mark the listing incomplete.
func fatal(ctx context.Context, err error) bool {
	return ctx.Err() != nil ||
		errors.Is(err, ErrUnauthorized) ||
		errors.Is(err, ErrForbidden)
}

// v2IDs and v1IDs collect the ids of one page of a listing.
func v2IDs(items []v2Page) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

func v1IDs(items []v1Content) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}
