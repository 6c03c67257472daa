package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderCmd_Run(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "page.xml")
	body := `<h1>Hello</h1><p><ac:link><ri:page ri:content-title="Other Page"/></ac:link></p>`
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		cmd   renderCmd
		stdin string
		want  []string
		not   []string
	}{
		{"file with front matter",
			renderCmd{File: file, Title: "T", ID: "0042", Space: "DOC", BaseURL: "https://s/wiki/"},
			"",
			[]string{"title: \"T\"", "id: \"0042\"", "# Hello", "[Other Page](https://s/wiki/display/DOC/Other+Page)"},
			nil},
		{"stdin without front matter",
			renderCmd{NoFrontMatter: true},
			`<p>from <em>stdin</em></p>`,
			[]string{"from *stdin*\n"},
			[]string{"---"}},
		{"dash reads stdin",
			renderCmd{File: "-", NoFrontMatter: true},
			`<p>dash</p>`,
			[]string{"dash\n"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.cmd.run(strings.NewReader(tt.stdin), &out); err != nil {
				t.Fatalf("run: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("output has %q:\n%s", n, out.String())
				}
			}
		})
	}
}

func TestRenderCmd_RunMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.xml")
	cmd := renderCmd{File: missing}
	err := cmd.run(strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("error = %v, want one naming %s", err, missing)
	}
}
