package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const unitFile = "../../cfmirror.service"

// TestServiceUnit_Verify runs systemd-analyze verify on the unit, with
// ExecStart pointed at this test binary (the installed path does not
// exist here). systemd-analyze only warns about unknown keys and bad
// values, so any output fails the test.
func TestServiceUnit_Verify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed (apt-get install systemd)")
	}
	data, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := strings.ReplaceAll(string(data),
		"/usr/local/bin/cfmirror", exe)
	path := filepath.Join(t.TempDir(), "cfmirror.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestServiceUnit_Commented checks that every setting has a comment of
// its own on the line above it, and that the settings the service needs
// are there.
func TestServiceUnit_Commented(t *testing.T) {
	f, err := os.Open(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	seen := map[string]bool{}
	prev := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if key, _, ok := strings.Cut(line, "="); ok &&
			!strings.HasPrefix(line, "#") {
			seen[key] = true
			if !strings.HasPrefix(prev, "#") {
				t.Errorf("line %d: %s has no comment above it", n, key)
			}
		}
		prev = line
	}
	for _, key := range []string{"Type", "ExecStart", "ExecReload",
		"StateDirectory", "LoadCredential", "WatchdogSec", "Restart",
		"ProtectSystem", "ReadWritePaths", "NoNewPrivileges",
		"PrivateTmp", "ProtectHome", "RestrictAddressFamilies",
		"SystemCallFilter"} {
		if !seen[key] {
			t.Errorf("unit lacks %s=", key)
		}
	}
}
