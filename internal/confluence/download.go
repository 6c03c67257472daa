package confluence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds the redirects a download follows.
const maxRedirects = 3

// Download streams an attachment to w through a fixed-size buffer and
// checks the byte count against Content-Length. A redirect to another
// host is followed without credentials.
func (s *site) Download(ctx context.Context, a Attachment, w io.Writer) (int64, error) {
	what := fmt.Sprintf("download attachment %s (%q)", a.ID, a.Title)
	if !strings.HasPrefix(a.Download, "/") || strings.HasPrefix(a.Download, "//") {
		return 0, fmt.Errorf("%s: download path %q is not relative", what, a.Download)
	}

	o := reqOpts{kind: ReqDownload, stream: true}
	target := s.base + a.Download
	for range maxRedirects + 1 {
		resp, err := s.sendRaw(ctx, o, target)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		if loc := redirect(resp); loc != "" {
			resp.Body.Close()
			if target, o, err = s.follow(target, loc, o); err != nil {
				return 0, fmt.Errorf("%s: %w", what, err)
			}
			continue
		}
		n, err := copyBody(resp, w)
		if err != nil {
			return n, fmt.Errorf("%s: %w", what, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%s: more than %d redirects", what, maxRedirects)
}

// sendRaw is send for downloads: redirects are returned, not errors.
func (s *site) sendRaw(ctx context.Context, o reqOpts, rawURL string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(withOpts(ctx, o), http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: request URL: %v", ErrBadResponse, err)
	}
	resp, err := s.tr.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if redirect(resp) != "" {
		return resp, nil
	}
	if err := s.check(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

func redirect(resp *http.Response) string {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound,
		http.StatusSeeOther, http.StatusTemporaryRedirect,
		http.StatusPermanentRedirect:
		return resp.Header.Get("Location")
	}
	return ""
}

// follow resolves a redirect; credentials go only to the site's host.
func (s *site) follow(from, loc string, o reqOpts) (string, reqOpts, error) {
	base, _ := url.Parse(from)
	u, err := base.Parse(loc)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return "", o, fmt.Errorf("%w: bad redirect %q", ErrBadResponse, loc)
	}
	if u.Scheme+"://"+u.Host != s.root {
		o.noAuth = true
	}
	return u.String(), o, nil
}

// copyBody streams the body to w and checks its length.
func copyBody(resp *http.Response, w io.Writer) (int64, error) {
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: %v", errTimeout, err)
		}
		return n, fmt.Errorf("read body after %d bytes: %w", n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, fmt.Errorf("%w: got %d of %d bytes",
			ErrBadResponse, n, resp.ContentLength)
	}
	return n, nil
}
