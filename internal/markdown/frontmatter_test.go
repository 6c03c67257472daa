package markdown

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestConvert_frontMatter(t *testing.T) {
	meta := Meta{
		ID: "0123", Title: "1e3: yes #no", SpaceKey: "NO", Version: 4,
		URL: "https://s/wiki/x", ParentID: "99", Weight: 3,
		LastMod: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)),
		Labels:  []string{"b", "a", "b", ""},
	}
	tests := []struct {
		name string
		fm   FrontMatter
		want string
	}{
		{"all fields", FrontMatter{}, `---
title: "1e3: yes #no"
confluence:
  id: "0123"
  space: "NO"
  version: 4
  url: "https://s/wiki/x"
  parent: "99"
lastmod: "2026-01-02T02:04:05Z"
weight: 3
tags:
  - "a"
  - "b"
---

body
`},
		{"chosen fields and extras", FrontMatter{
			Fields: []string{"title", "weight"},
			Extra:  map[string]string{"draft": "false", "title": "ignored", "layout": "doc"},
		}, `---
title: "1e3: yes #no"
weight: 3
draft: "false"
layout: "doc"
---

body
`},
		{"disabled", FrontMatter{Disabled: true}, "body\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert("<p>body</p>", meta, nil, Options{FrontMatter: tt.fm})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(res.Markdown); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", res.Markdown, tt.want)
			}
		})
	}
}

// TestConvert_frontMatterTypes reads the YAML back: every string stays
// a string whatever it looks like.
func TestConvert_frontMatterTypes(t *testing.T) {
	meta := Meta{ID: "1e3", Title: "null", SpaceKey: "0x10", Labels: []string{"yes", "08"}}
	res, err := Convert("", meta, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	yml := strings.TrimPrefix(string(res.Markdown), "---\n")
	yml, _, _ = strings.Cut(yml, "---\n")

	var got struct {
		Title      any `yaml:"title"`
		Confluence struct {
			ID    any `yaml:"id"`
			Space any `yaml:"space"`
		} `yaml:"confluence"`
		Tags []any `yaml:"tags"`
	}
	if err := yaml.Unmarshal([]byte(yml), &got); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, yml)
	}
	for _, v := range []any{got.Title, got.Confluence.ID, got.Confluence.Space, got.Tags[0], got.Tags[1]} {
		if _, ok := v.(string); !ok {
			t.Errorf("value %v read back as %T, want string", v, v)
		}
	}
}
