package main

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/markdown"
)

// baseConfig is a valid configuration file that tests append to.
const baseConfig = `
confluence: {url: "https://acme.atlassian.net", user: u, token: t}
spaces: [ENG]
output: /srv/mirror
state: /var/lib/cfmirror/state.db
`

func TestEngineOptions_frontMatterFields(t *testing.T) {
	meta := markdown.Meta{ID: "1", Title: "Home", SpaceKey: "ENG",
		Version: 1, Weight: 3, Labels: []string{"a"}}
	tests := []struct {
		name, src string
		want      []string // front-matter keys
		not       []string
	}{
		{"left out", "", []string{"title:", "confluence:", "weight:",
			"tags:"}, nil},
		{"empty list", "front-matter: {fields: []}\n",
			[]string{"title:", "confluence:", "weight:", "tags:"}, nil},
		{"one", "front-matter: {fields: [title]}\n",
			[]string{"title:"}, []string{"weight:", "tags:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(baseConfig + tt.src))
			if err != nil {
				t.Fatal(err)
			}
			opts := engineOptions(cfg, "https://acme.atlassian.net/wiki",
				slog.New(slog.DiscardHandler), nil)
			res, err := markdown.Convert("<p>x</p>", meta, nil,
				opts.Markdown)
			if err != nil {
				t.Fatal(err)
			}
			fm, _, _ := strings.Cut(
				strings.TrimPrefix(string(res.Markdown), "---\n"), "---\n")
			for _, k := range tt.want {
				if !strings.Contains(fm, k) {
					t.Errorf("front matter lacks %s:\n%s", k, fm)
				}
			}
			for _, k := range tt.not {
				if strings.Contains(fm, k) {
					t.Errorf("front matter has %s:\n%s", k, fm)
				}
			}
		})
	}
}
