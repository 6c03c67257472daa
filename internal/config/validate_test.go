package config

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func valid(t *testing.T) Config {
	t.Helper()
	c, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string // "" = valid
	}{
		{"valid", func(*Config) {}, ""},
		{"no url", func(c *Config) { c.Confluence.URL = "" },
			"confluence.url: missing"},
		{"ftp url", func(c *Config) { c.Confluence.URL = "ftp://x" },
			"confluence.url: \"ftp://x\" must be an https or http URL"},
		{"relative url", func(c *Config) { c.Confluence.URL = "acme.net" },
			"confluence.url:"},
		{"url with password", func(c *Config) {
			c.Confluence.URL = "https://u:p@acme.net"
		}, "confluence.url: must not contain credentials"},
		{"url with query", func(c *Config) {
			c.Confluence.URL = "https://acme.net/?a=b"
		}, "confluence.url:"},
		{"http url", func(c *Config) {
			c.Confluence.URL = "http://127.0.0.1:8090/confluence"
		}, ""},
		{"deployment", func(c *Config) { c.Confluence.Deployment = "server" },
			"confluence.deployment:"},
		{"datacenter", func(c *Config) {
			c.Confluence.Deployment = "datacenter"
		}, ""},
		{"no token", func(c *Config) { c.Confluence.Token = "" },
			"confluence.token: missing"},
		{"no spaces", func(c *Config) { c.Spaces = nil }, "spaces:"},
		{"bad space", func(c *Config) { c.Spaces = []string{"A B"} },
			"spaces[0]:"},
		{"personal space", func(c *Config) { c.Spaces = []string{"~bob"} },
			""},
		{"cloud personal space", func(c *Config) {
			c.Spaces = []string{"~557058:abcd-1234", "~5b10ac8d82e05b22cc7d4ef5"}
		}, ""},
		{"duplicate space", func(c *Config) {
			c.Spaces = []string{"ENG", "OPS", "ENG"}
		}, "spaces[2]: ENG is listed twice"},
		{"no output", func(c *Config) { c.Output = "" }, "output: missing"},
		{"no state", func(c *Config) { c.State = "" }, "state: missing"},
		{"bad cron", func(c *Config) { c.Schedule = "* * *" },
			"schedule: invalid cron spec"},
		{"panicking cron", func(c *Config) { c.Schedule = "TZ=0" },
			"schedule: invalid cron spec"},
		{"six fields", func(c *Config) { c.Schedule = "0 * * * * *" },
			"schedule: invalid cron spec"},
		{"every", func(c *Config) { c.Schedule = "@every 15m" }, ""},
		{"hourly", func(c *Config) { c.Schedule = "@hourly" }, ""},
		{"empty schedule", func(c *Config) { c.Schedule = "" },
			"schedule: missing"},
		{"timezone", func(c *Config) { c.Timezone = "Mars/Base" },
			"timezone: unknown time zone"},
		{"workers", func(c *Config) { c.Workers = 0 }, "workers:"},
		{"too many workers", func(c *Config) { c.Workers = 10000 },
			"workers:"},
		{"rate", func(c *Config) { c.RateLimit = -1 }, "rate-limit:"},
		{"rate nan", func(c *Config) { c.RateLimit = math.NaN() },
			"rate-limit:"},
		{"rate inf", func(c *Config) { c.RateLimit = math.Inf(1) },
			"rate-limit:"},
		{"timeout", func(c *Config) { c.Timeout = 0 }, "timeout:"},
		{"attempts", func(c *Config) { c.Retry.MaxAttempts = 0 },
			"retry.max-attempts:"},
		{"min wait", func(c *Config) { c.Retry.MinWait = -1 },
			"retry.min-wait:"},
		{"min wait zero", func(c *Config) { c.Retry.MinWait = 0 },
			"retry.min-wait: must be positive"},
		{"max wait", func(c *Config) { c.Retry.MaxWait = 1 },
			"retry.max-wait:"},
		{"threshold", func(c *Config) { c.Breaker.FailureThreshold = 0 },
			"breaker.failure-threshold:"},
		{"delay", func(c *Config) { c.Breaker.Delay = 0 },
			"breaker.delay:"},
		{"max delete", func(c *Config) { c.MaxDelete = 1.5 },
			"max-delete:"},
		{"max delete nan", func(c *Config) { c.MaxDelete = math.NaN() },
			"max-delete:"},
		{"max delete zero", func(c *Config) { c.MaxDelete = 0 },
			"max-delete:"},
		{"index name", func(c *Config) { c.Layout.IndexName = "a/b.md" },
			"layout.index-name:"},
		{"index ext", func(c *Config) { c.Layout.IndexName = "index.html" },
			"layout.index-name:"},
		{"hugo index", func(c *Config) { c.Layout.IndexName = "_index.md" },
			""},
		{"nav", func(c *Config) { c.Layout.Nav = "sphinx" }, "layout.nav:"},
		{"nav summary", func(c *Config) { c.Layout.Nav = "summary" }, ""},
		{"fields", func(c *Config) {
			c.FrontMatter.Fields = []string{"title", "author"}
		}, "front-matter.fields[1]:"},
		{"extra clash", func(c *Config) {
			c.FrontMatter.Extra = map[string]string{"title": "x"}
		}, "front-matter.extra:"},
		{"jira", func(c *Config) { c.JiraURL = "jira" }, "jira-url:"},
		{"on-change", func(c *Config) { c.OnChange = []string{""} },
			"on-change:"},
		{"on-change-timeout", func(c *Config) { c.OnChangeTimeout = 0 },
			"on-change-timeout:"},
		{"log level", func(c *Config) { c.Log.Level = "loud" },
			"log.level:"},
		{"log format", func(c *Config) { c.Log.Format = "xml" },
			"log.format:"},
		{"listen", func(c *Config) { c.Listen = "9091" }, "listen:"},
		{"listen ok", func(c *Config) { c.Listen = "127.0.0.1:0" }, ""},
		{"socket length", func(c *Config) {
			c.ControlSocket = "/" + strings.Repeat("x", 200)
		}, "control-socket:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid(t)
			tt.change(&c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestConfig_ValidateSpaceKeys(t *testing.T) {
	bad := []string{
		"", "~", "a/b", `a\b`, ".", "..", "a.b", "~..", "../ENG", "A B",
		"ENG\n", "ENG\x00", "ENG\t", "-ENG", ":ENG", "~-1", "É",
	}
	for _, k := range bad {
		t.Run(k, func(t *testing.T) {
			c := valid(t)
			c.Spaces = []string{k}
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(),
				"spaces[0]:") {
				t.Fatalf("space key %q: error = %v", k, err)
			}
		})
	}
}

func TestConfig_ValidateHidesURLSecrets(t *testing.T) {
	urls := []string{
		"ftp://u:secret@acme.net",
		"https://u:secret@acme.net/?a=b",
		"https://u:secret@acme.net:port",
		"//u:secret@acme.net",
		"u:secret@acme.net",
	}
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			c := valid(t)
			c.Confluence.URL = u
			c.JiraURL = u
			err := c.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			for _, key := range []string{"confluence.url:", "jira-url:"} {
				if !strings.Contains(err.Error(), key) {
					t.Errorf("error %q does not name %s", err, key)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestConfig_ValidateAllProblems(t *testing.T) {
	c := valid(t)
	c.Workers = 0
	c.Log.Level = "loud"
	err := c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, key := range []string{"workers:", "log.level:"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error %q does not name %s", err, key)
		}
	}
}

// TestExampleFile checks that the documented example configuration
// parses and validates, and that it mentions every key.
func TestExampleFile(t *testing.T) {
	t.Setenv("CFMIRROR_TOKEN", "example-token")
	path := filepath.Join("..", "..", "etc", "cfmirror.yml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data); err != nil {
		t.Fatalf("example does not validate: %v", err)
	}
	for _, key := range exampleKeys {
		if !strings.Contains(string(data), key+":") {
			t.Errorf("example does not document %q", key)
		}
	}
}

// exampleKeys are all keys a Config reads.
var exampleKeys = []string{
	"confluence", "url", "deployment", "user", "token", "token-file",
	"spaces", "output", "state", "schedule", "timezone",
	"sync-on-start", "workers", "rate-limit", "timeout", "retry",
	"max-attempts", "min-wait", "max-wait", "breaker",
	"failure-threshold", "delay", "max-delete", "layout", "index-name",
	"nav", "front-matter", "enabled", "fields", "extra", "jira-url",
	"on-change", "on-change-timeout", "log", "level", "format",
	"listen", "control-socket",
}
