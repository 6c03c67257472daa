package daemon

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDaemon_OnChange(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     string // extra variable for the helper
		paths   map[string][]string
		wantRun bool
		wantLog string
	}{
		{"changed files", "", map[string][]string{
			"ENG": {"ENG/b/index.md", "ENG/a/index.md"},
			"OPS": {"OPS/index.md"}},
			true, "on-change command finished"},
		{"nothing changed", "", nil, false, ""},
		{"command fails", "CFMIRROR_TEST_HOOK_FAIL",
			map[string][]string{"ENG": {"ENG/index.md"}},
			true, "hook says no"},
		{"command hangs", "CFMIRROR_TEST_HOOK_SLEEP",
			map[string][]string{"ENG": {"ENG/index.md"}},
			false, "timed out after 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "hook.txt")
			t.Setenv("CFMIRROR_TEST_HOOK_OUT", out)
			if tt.env != "" {
				t.Setenv(tt.env, "1")
			}
			cfg := testConfig(dir, "ENG", "OPS")
			cfg.OnChange = []string{exe, "-test.run=^$"}
			cfg.OnChangeTimeout = 30 * time.Second
			if tt.env == "CFMIRROR_TEST_HOOK_SLEEP" {
				cfg.OnChangeTimeout = 200 * time.Millisecond
			}
			h := startDaemon(t, cfg, "", &fakeSyncer{paths: tt.paths})

			h.d.scheduled(context.Background())
			got, err := os.ReadFile(out)
			if tt.wantRun != (err == nil) {
				t.Fatalf("hook ran = %v, want %v (log:\n%s)",
					err == nil, tt.wantRun, h.log)
			}
			if tt.wantLog != "" &&
				!strings.Contains(h.log.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, h.log)
			}
			if !tt.wantRun {
				return
			}
			want := "spaces=ENG" + "\noutput=" + cfg.Output + "\n"
			if len(tt.paths) == 2 {
				want = "spaces=ENG OPS\noutput=" + cfg.Output +
					"\nENG/a/index.md\nENG/b/index.md\nOPS/index.md\n"
			} else {
				want += "ENG/index.md\n"
			}
			if string(got) != want {
				t.Errorf("hook saw\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestHook_EnvironmentHasNoToken(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "env.txt")
	t.Setenv("CFMIRROR_TEST_HOOK_OUT", out)
	t.Setenv("CFMIRROR_TEST_HOOK_ENV", "1")
	// The token came from ${CFMIRROR_TOKEN}, or from a systemd credential.
	t.Setenv("CFMIRROR_TOKEN", "s3cret-t0ken")
	t.Setenv("OTHER_SECRET", "prefix-s3cret-t0ken")
	t.Setenv("CREDENTIALS_DIRECTORY", dir)
	t.Setenv("CFMIRROR_TEST_KEEP", "kept")

	cfg := testConfig(dir, "ENG")
	cfg.Confluence.Token = "s3cret-t0ken"
	cfg.OnChange = []string{exe, "-test.run=^$"}
	if _, err := hook(context.Background(), cfg, []string{"ENG"},
		[]string{"ENG/index.md"}); err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"s3cret-t0ken", "CREDENTIALS_DIRECTORY="} {
		if strings.Contains(string(env), bad) {
			t.Errorf("hook environment holds %q:\n%s", bad, env)
		}
	}
	for _, want := range []string{"CFMIRROR_TEST_KEEP=kept",
		EnvChangedFile + "=", EnvSpaces + "=ENG"} {
		if !strings.Contains(string(env), want) {
			t.Errorf("hook environment lacks %q:\n%s", want, env)
		}
	}
}
