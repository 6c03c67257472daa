package confluence

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// New returns a client for the Confluence at cfg.URL. When
// cfg.Deployment is empty it asks the server which API family it speaks
// (two requests at most). The client is safe for concurrent use and has
// no goroutines of its own; New may be called once per site and the
// client shared by all workers, which then share its rate limiter and
// circuit breaker.
func New(ctx context.Context, cfg Config) (Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("confluence config: %w", err)
	}
	cfg = cfg.withDefaults()

	u, _ := url.Parse(cfg.URL)
	s := &site{
		root: u.Scheme + "://" + u.Host,
		log:  cfg.Logger,
	}
	s.tr = newTransport(cfg, authFunc(cfg))

	d := cfg.Deployment
	if d == "" {
		s.credential = cfg.credential("")
		var err error
		if d, err = detect(ctx, s, cfg.URL); err != nil {
			return nil, err
		}
		s.log.Info("detected Confluence deployment", "deployment", d)
	}
	s.deployment = d
	s.credential = cfg.credential(d)
	s.base = trimURL(cfg.URL, d)
	if d == Cloud {
		s.base += "/wiki"
		return &cloud{site: s}, nil
	}
	return &dataCenter{site: s}, nil
}

// authFunc returns what sets the Authorization header: Basic with the
// user, or Bearer with a Data Center personal access token.
func authFunc(cfg Config) func(*http.Request) {
	if cfg.User == "" {
		bearer := "Bearer " + cfg.Token
		return func(r *http.Request) { r.Header.Set("Authorization", bearer) }
	}
	user, token := cfg.User, cfg.Token
	return func(r *http.Request) { r.SetBasicAuth(user, token) }
}

// detect asks the server which API family it speaks. Only Cloud serves
// the v2 API under /wiki/api/v2, so that is probed first: a Data Center
// server answers it 404 (even one whose context path is /wiki, since the
// probe goes below the configured URL). Then the v1 space list at the
// configured base, which every Data Center and Server version has.
func detect(ctx context.Context, s *site, rawURL string) (Deployment, error) {
	var v struct{}
	cloudProbe := trimURL(rawURL, Cloud) + "/wiki/api/v2/spaces?limit=1"
	_, err := s.getJSON(ctx, ReqOther, cloudProbe, &v)
	if err == nil {
		return Cloud, nil
	}
	if fatal(ctx, err) || errors.Is(err, ErrCircuitOpen) {
		return "", fmt.Errorf("detect deployment at %s: %w", rawURL, err)
	}

	dcProbe := trimURL(rawURL, DataCenter) + "/rest/api/space?limit=1"
	_, err2 := s.getJSON(ctx, ReqOther, dcProbe, &v)
	if err2 == nil {
		return DataCenter, nil
	}
	return "", fmt.Errorf("detect deployment at %s: not Cloud (%v), "+
		"not Data Center: %w", rawURL, err, err2)
}
