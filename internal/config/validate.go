package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net"
	"net/url"
	"path"
	"regexp"
	"slices"
	"time"
	_ "time/tzdata" // time zones also on systems without zoneinfo

	"github.com/robfig/cron/v3"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// maxSocketPath is the longest unix socket path Linux accepts.
const maxSocketPath = 107

// FrontMatterFields are the keys front-matter.fields may name.
var FrontMatterFields = []string{
	"title", "confluence", "lastmod", "weight", "tags", "properties",
}

// spaceKey matches global keys (ENG), personal Data Center keys (~bob)
// and personal Cloud keys, which hold an account id (~557058:ab-12). It
// refuses anything that would not be one folder name: no '/', '\', '.',
// space or control character.
var spaceKey = regexp.MustCompile(`^~?[A-Za-z0-9_][A-Za-z0-9_:-]*$`)

// Validate checks every setting and returns all problems at once, each
// naming its key. Parse and Load call it; call it again after changing a
// Config by hand.
func (c Config) Validate() error {
	return c.validate(true)
}

// RequireToken reports why the configuration has no usable token, naming
// the key, or returns nil. Validate includes this check; a Config from
// LoadWithoutToken needs it before a Confluence client is built.
func (c Config) RequireToken() error {
	if c.tokenErr != nil {
		return c.tokenErr
	}
	if c.Confluence.Token == "" {
		return fmt.Errorf("confluence.token: missing (set token, "+
			"token-file, or a systemd credential named %s)",
			CredentialName)
	}
	return nil
}

// validate is Validate, checking the token only when needToken is set.
func (c Config) validate(needToken bool) error {
	var errs []error
	add := func(key, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		errs = append(errs, fmt.Errorf("%s: %s", key, msg))
	}

	c.validateConfluence(add)
	if needToken {
		if err := c.RequireToken(); err != nil {
			errs = append(errs, err)
		}
	}
	c.validateSpaces(add)
	c.validateSchedule(add)
	c.validateClient(add)
	c.validateOutput(add)
	c.validateDaemon(add)
	return errors.Join(errs...)
}

type addFunc func(key, format string, args ...any)

func (c Config) validateConfluence(add addFunc) {
	cf := c.Confluence
	if cf.URL == "" {
		add("confluence.url", "missing")
	} else if err := checkURL(cf.URL); err != nil {
		add("confluence.url", "%v", err)
	}
	switch cf.Deployment {
	case "", "cloud", "datacenter":
	default:
		add("confluence.deployment",
			"%q is not cloud or datacenter", cf.Deployment)
	}
}

// checkURL accepts absolute http and https URLs without query or
// credentials. Its messages never show a password written in the URL.
func checkURL(raw string) error {
	shown := confluence.RedactURL(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q must be an https or http URL: %v",
			shown, confluence.URLParseError(err))
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("%q must be an https or http URL", shown)
	}
	if u.User != nil {
		return errors.New("must not contain credentials; " +
			"use user and token")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q must not have a query or fragment", shown)
	}
	return nil
}

// finite reports whether f is neither NaN nor infinite, as YAML's .nan
// and .inf would make it.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (c Config) validateSpaces(add addFunc) {
	if len(c.Spaces) == 0 {
		add("spaces", "list at least one space key")
	}
	seen := map[string]bool{}
	for i, k := range c.Spaces {
		key := fmt.Sprintf("spaces[%d]", i)
		switch {
		case !spaceKey.MatchString(k):
			add(key, "%q is not a space key", k)
		case seen[k]:
			add(key, "%s is listed twice", k)
		}
		seen[k] = true
	}
}

func (c Config) validateSchedule(add addFunc) {
	if _, err := ParseSchedule(c.Schedule); err != nil {
		add("schedule", "%v", err)
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		add("timezone", "unknown time zone %q", c.Timezone)
	}
}

// ParseSchedule parses a 5-field cron spec or a descriptor such as
// "@every 15m". The parser panics on some malformed input; that becomes
// an error here.
func ParseSchedule(spec string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid cron spec %q", spec)
		}
	}()
	if spec == "" {
		return nil, errors.New("missing")
	}
	s, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid cron spec %q: %w", spec, err)
	}
	return s, nil
}

func (c Config) validateClient(add addFunc) {
	if c.Workers < 1 || c.Workers > 500 {
		add("workers", "%d is not between 1 and 500", c.Workers)
	}
	if c.RateLimit < 0 || !finite(c.RateLimit) {
		add("rate-limit", "%v is not a number of requests per second "+
			"(0 or more)", c.RateLimit)
	}
	if c.Timeout <= 0 {
		add("timeout", "must be positive")
	}
	r := c.Retry
	if r.MaxAttempts < 1 {
		add("retry.max-attempts", "must be at least 1")
	}
	if r.MinWait <= 0 {
		add("retry.min-wait", "must be positive (e.g. 1s)")
	}
	if r.MaxWait < r.MinWait || r.MaxWait <= 0 {
		add("retry.max-wait", "must be positive and not below min-wait")
	}
	if c.Breaker.FailureThreshold < 1 {
		add("breaker.failure-threshold", "must be at least 1")
	}
	if c.Breaker.Delay <= 0 {
		add("breaker.delay", "must be positive")
	}
}

func (c Config) validateOutput(add addFunc) {
	if c.Output == "" {
		add("output", "missing")
	}
	if c.State == "" {
		add("state", "missing")
	}
	if !(c.MaxDelete > 0 && c.MaxDelete <= 1) {
		add("max-delete", "%v is not above 0 and at most 1",
			c.MaxDelete)
	}
	n := c.Layout.IndexName
	if n == "" || path.Base(n) != n || path.Ext(n) != ".md" ||
		n == ".md" {
		add("layout.index-name", "%q is not a file name ending in .md", n)
	}
	switch c.Layout.Nav {
	case "", "none", "mkdocs", "summary":
	default:
		add("layout.nav", "%q is not none, mkdocs or summary",
			c.Layout.Nav)
	}
	c.validateFrontMatter(add)
	if c.JiraURL != "" {
		if err := checkURL(c.JiraURL); err != nil {
			add("jira-url", "%v", err)
		}
	}
}

func (c Config) validateFrontMatter(add addFunc) {
	for i, f := range c.FrontMatter.Fields {
		if !slices.Contains(FrontMatterFields, f) {
			add(fmt.Sprintf("front-matter.fields[%d]", i),
				"%q is not one of %v", f, FrontMatterFields)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.FrontMatter.Extra)) {
		if k == "" || slices.Contains(FrontMatterFields, k) {
			add("front-matter.extra",
				"key %q is empty or clashes with a built-in key", k)
		}
	}
}

func (c Config) validateDaemon(add addFunc) {
	if len(c.OnChange) > 0 && c.OnChange[0] == "" {
		add("on-change", "the command name is empty")
	}
	if c.OnChangeTimeout <= 0 {
		add("on-change-timeout", "must be positive")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level", "%q is not debug, info, warn or error",
			c.Log.Level)
	}
	switch c.Log.Format {
	case "auto", "text", "json":
	default:
		add("log.format", "%q is not auto, text or json", c.Log.Format)
	}
	if c.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			add("listen", "%q is not host:port", c.Listen)
		}
	}
	if p := c.SocketPath(); len(p) > maxSocketPath {
		add("control-socket", "path %q is longer than %d bytes",
			p, maxSocketPath)
	}
}
