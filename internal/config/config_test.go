package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// minimal is the smallest valid file; tests append to it.
const minimal = `
confluence:
  url: https://acme.atlassian.net
  user: bot@acme.com
  token: s3cret-token
spaces: [ENG]
output: /srv/mirror
state: /var/lib/cfmirror/state.db
`

func TestParse_Defaults(t *testing.T) {
	c, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	if c.Schedule != want.Schedule || c.Workers != 20 ||
		c.MaxDelete != 0.5 || c.Timezone != "UTC" ||
		!c.SyncOnStart || c.Layout.IndexName != "index.md" ||
		!c.FrontMatter.Enabled || c.Timeout != time.Minute ||
		c.Listen != "" {
		t.Errorf("defaults not applied: %+v", c)
	}
	if got := c.SocketPath(); got != "/var/lib/cfmirror/state.sock" {
		t.Errorf("SocketPath = %q", got)
	}
}

func TestParse_AllKeys(t *testing.T) {
	src := minimal + `
schedule: "@every 10m"
timezone: Europe/Berlin
sync-on-start: false
workers: 4
rate-limit: 2.5
timeout: 30s
retry: {max-attempts: 3, min-wait: 2s, max-wait: 1m}
breaker: {failure-threshold: 5, delay: 10s}
max-delete: 0.25
layout: {index-name: _index.md, nav: mkdocs}
front-matter:
  enabled: true
  fields: [title, tags]
  extra: {layout: docs}
jira-url: https://acme.atlassian.net/jira
on-change: [hugo, --source, /srv/site]
on-change-timeout: 2m
log: {level: debug, format: json}
listen: 127.0.0.1:9091
control-socket: /run/cfmirror/control.sock
`
	c, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"schedule", c.Schedule, "@every 10m"},
		{"timezone", c.Timezone, "Europe/Berlin"},
		{"sync-on-start", c.SyncOnStart, false},
		{"workers", c.Workers, 4},
		{"rate-limit", c.RateLimit, 2.5},
		{"timeout", c.Timeout, 30 * time.Second},
		{"retry", c.Retry, Retry{3, 2 * time.Second, time.Minute}},
		{"breaker", c.Breaker, Breaker{5, 10 * time.Second}},
		{"max-delete", c.MaxDelete, 0.25},
		{"layout", c.Layout, Layout{"_index.md", "mkdocs"}},
		{"fields", fmt.Sprint(c.FrontMatter.Fields), "[title tags]"},
		{"extra", c.FrontMatter.Extra["layout"], "docs"},
		{"on-change", len(c.OnChange), 3},
		{"on-change-timeout", c.OnChangeTimeout, 2 * time.Minute},
		{"log", c.Log, Log{"debug", "json"}},
		{"listen", c.Listen, "127.0.0.1:9091"},
		{"socket", c.SocketPath(), "/run/cfmirror/control.sock"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // substring of the error
	}{
		{"unknown key", minimal + "colour: red\n",
			`unknown key "colour"`},
		{"nested unknown key", minimal + "retry: {tries: 3}\n",
			`unknown key "tries"`},
		{"bad duration", minimal + "timeout: soon\n", "duration"},
		{"not yaml", "confluence: [", "parse yaml"},
		{"unset variable", strings.Replace(minimal, "s3cret-token",
			"${CFMIRROR_TEST_UNSET}", 1),
			"confluence.token: environment variable " +
				"CFMIRROR_TEST_UNSET is not set"},
		{"token and file", strings.Replace(minimal, "user:",
			"token-file: /x\n  user:", 1),
			"confluence: set token or token-file, not both"},
		{"missing token file", strings.Replace(minimal,
			"token: s3cret-token", "token-file: /nonexistent/tok", 1),
			"confluence.token-file: read token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q",
					err, tt.want)
			}
		})
	}
}

func TestParse_Expand(t *testing.T) {
	t.Setenv("CFMIRROR_TEST_TOKEN", "from-env")
	t.Setenv("CFMIRROR_TEST_OUT", "/data")
	src := strings.Replace(minimal, "s3cret-token",
		"${CFMIRROR_TEST_TOKEN}", 1)
	src = strings.Replace(src, "/srv/mirror",
		"${CFMIRROR_TEST_OUT}/mirror", 1)

	c, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Confluence.Token != "from-env" || c.Output != "/data/mirror" {
		t.Errorf("token %q output %q", c.Confluence.Token, c.Output)
	}
}

func TestParse_TokenSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tok")
	writeFile(t, file, "  file-token\n")
	creds := t.TempDir()
	writeFile(t, filepath.Join(creds, CredentialName), "cred-token\n")
	noToken := strings.Replace(minimal, "  token: s3cret-token\n", "", 1)

	tests := []struct {
		name, src, credDir, want string
	}{
		{"inline", minimal, "", "s3cret-token"},
		{"file", strings.Replace(noToken, "user:",
			"token-file: "+file+"\n  user:", 1), "", "file-token"},
		{"systemd credential", noToken, creds, "cred-token"},
		{"inline wins over credential", minimal, creds, "s3cret-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CREDENTIALS_DIRECTORY", tt.credDir)
			c, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if c.Confluence.Token != tt.want {
				t.Errorf("token = %q, want %q",
					c.Confluence.Token, tt.want)
			}
		})
	}
}

func TestLoad_RelativePaths(t *testing.T) {
	dir := t.TempDir()
	src := strings.NewReplacer(
		"/srv/mirror", "mirror",
		"/var/lib/cfmirror/state.db", "state/s.db").Replace(minimal)
	path := filepath.Join(dir, "cfmirror.yml")
	writeFile(t, path, src)

	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Output != filepath.Join(dir, "mirror") ||
		c.State != filepath.Join(dir, "state/s.db") {
		t.Errorf("output %q state %q", c.Output, c.State)
	}
	if c.SocketPath() != filepath.Join(dir, "state/s.sock") {
		t.Errorf("socket %q", c.SocketPath())
	}
}

func TestLoad_ErrorNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yml")
	writeFile(t, path, minimal+"workers: 0\n")
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "workers:") {
		t.Fatalf("error = %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.yml")); err == nil {
		t.Fatal("missing file accepted")
	}
}

func TestConfig_Redacted(t *testing.T) {
	c, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	log := slog.New(slog.NewJSONHandler(&sb, nil))
	log.Info("config", "config", c)
	outputs := []string{
		sb.String(),
		c.String(),
		fmt.Sprintf("%v %+v %#v %s", c, c, c, c),
		fmt.Sprintf("%v %+v %#v", c.Confluence, c.Confluence,
			c.Confluence),
	}
	for _, out := range outputs {
		if strings.Contains(out, "s3cret") {
			t.Errorf("token printed: %s", out)
		}
		if !strings.Contains(out, "redacted") {
			t.Errorf("no redaction marker: %s", out)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadWithoutToken(t *testing.T) {
	t.Setenv("CREDENTIALS_DIRECTORY", "")
	noToken := strings.Replace(minimal, "  token: s3cret-token\n", "", 1)
	unset := strings.Replace(minimal, "s3cret-token",
		"${CFMIRROR_TEST_UNSET}", 1)
	tests := []struct {
		name, src, want string // want: RequireToken's error
	}{
		{"token given", minimal, ""},
		{"no token", noToken, "confluence.token: missing"},
		{"unset variable", unset, "confluence.token: environment " +
			"variable CFMIRROR_TEST_UNSET is not set"},
		{"unreadable file", strings.Replace(noToken, "user:",
			"token-file: /nonexistent/tok\n  user:", 1),
			"confluence.token-file: read token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yml")
			writeFile(t, path, tt.src)
			c, err := LoadWithoutToken(path)
			if err != nil {
				t.Fatalf("LoadWithoutToken: %v", err)
			}
			err = c.RequireToken()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("RequireToken: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("RequireToken = %v, want %q", err, tt.want)
			}
			if _, err := Load(path); err == nil ||
				!strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadWithoutToken_OtherErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yml")
	writeFile(t, path, strings.Replace(minimal,
		"  token: s3cret-token\n", "", 1)+"workers: 0\n")
	_, err := LoadWithoutToken(path)
	if err == nil || !strings.Contains(err.Error(), "workers:") {
		t.Fatalf("error = %v, want workers named", err)
	}
	if strings.Contains(err.Error(), "token") {
		t.Errorf("error names the token: %v", err)
	}
}

func TestParse_FrontMatterFields(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"left out", "", nil},
		{"empty list", "front-matter: {fields: []}\n", nil},
		{"null", "front-matter: {fields: null}\n", nil},
		{"some", "front-matter: {fields: [tags]}\n", []string{"tags"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(minimal + tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := c.FrontMatter.Fields
			if (got == nil) != (tt.want == nil) ||
				fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("fields = %#v, want %#v", got, tt.want)
			}
		})
	}
}
