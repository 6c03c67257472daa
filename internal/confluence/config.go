package confluence

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Config configures New. Zero values mean the documented defaults.
type Config struct {
	// URL is the Cloud site root (https://acme.atlassian.net; a trailing
	// /wiki is accepted) or the Data Center base URL including any
	// context path (https://wiki.example.com/confluence).
	URL string
	// Deployment selects the API family; "" detects it from the server.
	Deployment Deployment
	// User is the Cloud e-mail address, or the Data Center username when
	// Token is that user's password. Empty on Data Center means Token is a
	// personal access token sent as a Bearer token.
	User string
	// Token is the Cloud API token, the Data Center personal access token
	// or the Data Center password. It never appears in logs or errors.
	Token string
	// RateLimit is the requests per second shared by all callers of the
	// client; 0 means no fixed limit. Either way the client slows down by
	// itself while the server answers 429.
	RateLimit float64
	// Timeout bounds one request attempt including reading its body
	// (default 60s).
	Timeout time.Duration
	// Retry configures retries of transient failures.
	Retry RetryConfig
	// Breaker configures the circuit breaker of the site.
	Breaker BreakerConfig
	// Logger receives retry, breaker and throttling events (default
	// slog.Default()).
	Logger *slog.Logger

	// Sleep waits for d or until ctx is done, returning ctx.Err() in the
	// latter case. Nil means a real timer; tests replace it to make the
	// retry and rate-limit waits instant while recording them.
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport is the HTTP transport under the resilience layer (default
	// a clone of http.DefaultTransport).
	Transport http.RoundTripper
}

// RetryConfig configures retries of 429, 502, 503, 504, connection
// failures and timeouts. Zero values mean the defaults.
type RetryConfig struct {
	// MaxAttempts is the number of attempts per request, the first one
	// included (default 6).
	MaxAttempts int
	// BaseDelay is the first backoff; it doubles per attempt, with
	// jitter, up to MaxWait (default 500ms).
	BaseDelay time.Duration
	// MinWait is the shortest wait after a Retry-After header, applied
	// to "Retry-After: 0" (default 1s).
	MinWait time.Duration
	// MaxWait caps every wait, also one a server asks for (default 2m).
	MaxWait time.Duration
}

// BreakerConfig configures the per-site circuit breaker. Zero values mean
// the defaults.
type BreakerConfig struct {
	// FailureThreshold is the number of consecutive failed attempts (5xx,
	// resets, timeouts) that opens the breaker (default 10).
	FailureThreshold int
	// Delay is how long the breaker stays open before it lets one probe
	// through, half-open (default 30s).
	Delay time.Duration
}

// Defaults applied by New.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultMaxAttempts      = 6
	DefaultBaseDelay        = 500 * time.Millisecond
	DefaultMinWait          = time.Second
	DefaultMaxWait          = 2 * time.Minute
	DefaultFailureThreshold = 10
	DefaultBreakerDelay     = 30 * time.Second
)

// withDefaults returns cfg with zero values replaced by the defaults.
func (cfg Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.Timeout, DefaultTimeout)
	def(&cfg.Retry.BaseDelay, DefaultBaseDelay)
	def(&cfg.Retry.MinWait, DefaultMinWait)
	def(&cfg.Retry.MaxWait, DefaultMaxWait)
	def(&cfg.Breaker.Delay, DefaultBreakerDelay)
	if cfg.Retry.MaxAttempts == 0 {
		cfg.Retry.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Breaker.FailureThreshold == 0 {
		cfg.Breaker.FailureThreshold = DefaultFailureThreshold
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	return cfg
}

// validate checks cfg and names the first offending field.
func (cfg Config) validate() error {
	if err := validateURL(cfg.URL); err != nil {
		return err
	}
	switch cfg.Deployment {
	case "", Cloud, DataCenter:
	default:
		return fmt.Errorf("config: Deployment %q: want %q, %q or empty",
			cfg.Deployment, Cloud, DataCenter)
	}
	if cfg.Token == "" {
		return errors.New("config: Token is required")
	}
	if cfg.Deployment == Cloud && sitePath(cfg.URL) != "" {
		return fmt.Errorf("URL %q: a Cloud site URL has no path "+
			"beyond /wiki (%q)", RedactURL(cfg.URL), sitePath(cfg.URL))
	}
	if cfg.Deployment == Cloud && cfg.User == "" {
		return errors.New("config: User is required for Cloud (the account e-mail)")
	}

	negative := []struct {
		name string
		bad  bool
	}{
		{"RateLimit", cfg.RateLimit < 0},
		{"Timeout", cfg.Timeout < 0},
		{"Retry.MaxAttempts", cfg.Retry.MaxAttempts < 0},
		{"Retry.BaseDelay", cfg.Retry.BaseDelay < 0},
		{"Retry.MinWait", cfg.Retry.MinWait < 0},
		{"Retry.MaxWait", cfg.Retry.MaxWait < 0},
		{"Breaker.FailureThreshold", cfg.Breaker.FailureThreshold < 0},
		{"Breaker.Delay", cfg.Breaker.Delay < 0},
	}
	for _, n := range negative {
		if n.bad {
			return fmt.Errorf("%s must not be negative", n.name)
		}
	}
	return nil
}

// validateURL checks the site URL; its messages never show a password
// written in it.
func validateURL(raw string) error {
	if raw == "" {
		return errors.New("URL is required")
	}
	shown := RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("URL %q: %w", shown, URLParseError(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("URL %q: scheme must be http or https", shown)
	case u.Host == "":
		return fmt.Errorf("URL %q: no host", shown)
	case u.User != nil:
		return fmt.Errorf("URL: must not contain credentials; use User and Token")
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("URL %q: must not have a query or fragment", shown)
	}
	return nil
}

// RedactURL returns raw for messages, with anything before an @ in its
// host part replaced: that is where a user name and password would be.
// It works on text that does not parse as a URL too.
func RedactURL(raw string) string {
	scheme, rest := "", raw
	if i := strings.Index(raw, "//"); i >= 0 {
		scheme, rest = raw[:i+2], raw[i+2:]
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	at := strings.LastIndex(host, "@")
	if at < 0 {
		return raw
	}
	return scheme + "REDACTED" + rest[at:]
}

// URLParseError is what url.Parse said was wrong, without the URL
// itself (which may hold a password).
func URLParseError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// credential describes the credential in use for error messages, never
// containing the secret itself.
func (cfg Config) credential(d Deployment) string {
	switch {
	case d == "" && cfg.User != "":
		return "credential of " + cfg.User
	case d == "":
		return "personal access token"
	case d == Cloud:
		return "Confluence Cloud API token for " + cfg.User
	case cfg.User == "":
		return "Data Center personal access token"
	}
	return "Data Center password for user " + cfg.User
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sitePath is the path of a Cloud site URL below its host and /wiki;
// the URL must be valid.
func sitePath(raw string) string {
	u, _ := url.Parse(trimURL(raw, Cloud))
	return u.Path
}

// trimURL removes trailing slashes, and for Cloud a trailing /wiki.
func trimURL(raw string, d Deployment) string {
	raw = strings.TrimRight(raw, "/")
	if d == Cloud {
		raw = strings.TrimSuffix(raw, "/wiki")
	}
	return raw
}
