package config

import (
	"fmt"
	"log/slog"
	"time"
)

// Config is cfmirror's whole configuration. Build one with Parse or Load,
// which start from Default and check the result with Validate; a Config
// built by hand must be validated before use.
//
// A Config is a plain value: copy it freely, but treat a loaded one as
// read-only because it may be shared between goroutines.
type Config struct {
	Confluence Confluence `yaml:"confluence"`

	// Spaces are the keys of the spaces to mirror, in the order they sync.
	Spaces []string `yaml:"spaces"`
	// Output is the root of the mirror; each space gets Output/KEY.
	Output string `yaml:"output"`
	// State is the bbolt file that remembers what was mirrored.
	State string `yaml:"state"`

	// Schedule is a 5-field cron spec or a descriptor such as
	// "@every 15m", read in Timezone.
	Schedule string `yaml:"schedule"`
	// Timezone is an IANA zone name for Schedule (default UTC).
	Timezone string `yaml:"timezone"`
	// SyncOnStart makes the daemon sync once when it starts.
	SyncOnStart bool `yaml:"sync-on-start"`

	// Workers bounds the parallel fetches and downloads.
	Workers int `yaml:"workers"`
	// RateLimit is requests per second for all workers; 0 = no limit.
	RateLimit float64 `yaml:"rate-limit"`
	// Timeout bounds one HTTP request, reading the body included.
	Timeout time.Duration `yaml:"timeout"`
	Retry   Retry         `yaml:"retry"`
	Breaker Breaker       `yaml:"breaker"`

	// MaxDelete is the largest share of a space one sync may delete.
	MaxDelete   float64     `yaml:"max-delete"`
	Layout      Layout      `yaml:"layout"`
	FrontMatter FrontMatter `yaml:"front-matter"`
	// JiraURL is the Jira base for jira macros that name no server.
	JiraURL string `yaml:"jira-url"`

	// OnChange is a command and its arguments, run without a shell after
	// a sync that changed files. Empty means no command.
	OnChange []string `yaml:"on-change"`
	// OnChangeTimeout bounds one run of OnChange.
	OnChangeTimeout time.Duration `yaml:"on-change-timeout"`

	Log Log `yaml:"log"`
	// Listen is the address of the /healthz and /metrics listener;
	// empty (the default) means no listener.
	Listen string `yaml:"listen"`
	// ControlSocket is the unix socket that sync --now and status use
	// to reach a running daemon (default: State with ".sock").
	ControlSocket string `yaml:"control-socket"`

	// tokenErr is why LoadWithoutToken found no usable token.
	tokenErr error
}

// Confluence says which site to mirror and how to log in.
type Confluence struct {
	// URL is the Cloud site root or the Data Center base URL with its
	// context path.
	URL string `yaml:"url"`
	// Deployment is "cloud", "datacenter" or "" to detect it.
	Deployment string `yaml:"deployment"`
	// User is the Cloud e-mail, or a Data Center user name (Token is
	// then the password); empty with a Data Center access token.
	User string `yaml:"user"`
	// Token is the secret. Never log it; Config's String and LogValue
	// redact it.
	Token string `yaml:"token"`
	// TokenFile names a file holding the token, read when Token is
	// empty. Surrounding white space in the file is ignored.
	TokenFile string `yaml:"token-file"`
}

// Retry configures the client's retries of transient failures.
type Retry struct {
	MaxAttempts int           `yaml:"max-attempts"`
	MinWait     time.Duration `yaml:"min-wait"`
	MaxWait     time.Duration `yaml:"max-wait"`
}

// Breaker configures the client's circuit breaker.
type Breaker struct {
	// FailureThreshold is the number of consecutive failures that open
	// the breaker.
	FailureThreshold int `yaml:"failure-threshold"`
	// Delay is how long it stays open before a probe.
	Delay time.Duration `yaml:"delay"`
}

// Layout configures the files written for each page.
type Layout struct {
	// IndexName is the page file in each page folder.
	IndexName string `yaml:"index-name"`
	// Nav is "" or "none", "mkdocs" or "summary".
	Nav string `yaml:"nav"`
}

// FrontMatter configures the YAML header of each page file.
type FrontMatter struct {
	Enabled bool `yaml:"enabled"`
	// Fields lists the top-level keys to write; nil means all. Parse
	// and Load turn an empty list into nil.
	Fields []string `yaml:"fields"`
	// Extra are fixed keys added to every page.
	Extra map[string]string `yaml:"extra"`
}

// Log configures the daemon's log output.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `yaml:"level"`
	// Format is auto (text on a terminal, JSON otherwise), text or json.
	Format string `yaml:"format"`
}

// Default returns the configuration every file starts from. It is the one
// place where defaults live.
func Default() Config {
	return Config{
		Confluence:      Confluence{},
		State:           "/var/lib/cfmirror/state.db",
		Schedule:        "*/15 * * * *",
		Timezone:        "UTC",
		SyncOnStart:     true,
		Workers:         20,
		Timeout:         60 * time.Second,
		Retry:           Retry{MaxAttempts: 6, MinWait: time.Second, MaxWait: 2 * time.Minute},
		Breaker:         Breaker{FailureThreshold: 10, Delay: 30 * time.Second},
		MaxDelete:       0.5,
		Layout:          Layout{IndexName: "index.md"},
		FrontMatter:     FrontMatter{Enabled: true},
		OnChangeTimeout: 5 * time.Minute,
		Log:             Log{Level: "info", Format: "auto"},
	}
}

// SocketPath returns the control socket path: ControlSocket, or the state
// file's path with its extension replaced by ".sock".
func (c Config) SocketPath() string {
	if c.ControlSocket != "" {
		return c.ControlSocket
	}
	return trimExt(c.State) + ".sock"
}

// String describes the configuration in one line with the token redacted.
func (c Config) String() string {
	return fmt.Sprintf("confluence=%s user=%q token=%s spaces=%v output=%s "+
		"state=%s schedule=%q",
		c.Confluence.URL, c.Confluence.User, redact(c.Confluence.Token),
		c.Spaces, c.Output, c.State, c.Schedule)
}

// LogValue makes slog print the configuration without the token.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", c.Confluence.URL),
		slog.String("user", c.Confluence.User),
		slog.String("token", redact(c.Confluence.Token)),
		slog.Any("spaces", c.Spaces),
		slog.String("output", c.Output),
		slog.String("state", c.State),
		slog.String("schedule", c.Schedule),
	)
}

// GoString keeps %#v from printing the token.
func (c Config) GoString() string { return "config.Config{" + c.String() + "}" }

// String hides the token when a Confluence value is printed.
func (c Confluence) String() string {
	return fmt.Sprintf("{url=%s user=%q token=%s}",
		c.URL, c.User, redact(c.Token))
}

// GoString keeps %#v from printing the token.
func (c Confluence) GoString() string { return c.String() }

func redact(secret string) string {
	if secret == "" {
		return "(none)"
	}
	return "(redacted)"
}
