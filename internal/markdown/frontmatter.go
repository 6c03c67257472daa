package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// allFields is the order of the front-matter keys.
var allFields = []string{
	"title", "confluence", "lastmod", "weight", "tags", "properties",
}

// frontMatter renders the YAML block, "---" lines included. Every
// string is double-quoted so that no reader takes an id or "1e3" for a
// number, or "no" for a boolean.
func frontMatter(meta Meta, props []Property, fm FrontMatter) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	seen := map[string]bool{}
	for _, key := range allFields {
		if !wanted(fm.Fields, key) {
			continue
		}
		if v := fieldValue(key, meta, props); v != nil {
			doc.Content = append(doc.Content, plain(key), v)
			seen[key] = true
		}
	}
	for _, key := range sortedKeys(fm.Extra) {
		if !seen[key] {
			doc.Content = append(doc.Content, plain(key), str(fm.Extra[key]))
		}
	}

	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	buf.WriteString("---\n")
	return buf.Bytes(), nil
}

func wanted(fields []string, key string) bool {
	return fields == nil || slices.Contains(fields, key)
}

// fieldValue builds one key's value, or nil to leave the key out.
func fieldValue(key string, meta Meta, props []Property) *yaml.Node {
	switch key {
	case "title":
		return str(meta.Title)
	case "confluence":
		return confluenceNode(meta)
	case "lastmod":
		if meta.LastMod.IsZero() {
			return nil
		}
		return str(meta.LastMod.UTC().Format(time.RFC3339))
	case "weight":
		return num(meta.Weight)
	case "tags":
		return tagsNode(meta.Labels)
	case "properties":
		return propsNode(props)
	}
	return nil
}

func confluenceNode(meta Meta) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) {
		m.Content = append(m.Content, plain(k), v)
	}
	add("id", str(meta.ID))
	add("space", str(meta.SpaceKey))
	if meta.Version > 0 {
		add("version", num(meta.Version))
	}
	if meta.URL != "" {
		add("url", str(meta.URL))
	}
	if meta.ParentID != "" {
		add("parent", str(meta.ParentID))
	}
	return m
}

// tagsNode lists labels sorted and once each, or nil when there are none.
func tagsNode(labels []string) *yaml.Node {
	tags := slices.Clone(labels)
	slices.Sort(tags)
	tags = slices.Compact(tags)
	if len(tags) > 0 && tags[0] == "" {
		tags = tags[1:]
	}
	if len(tags) == 0 {
		return nil
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, t := range tags {
		seq.Content = append(seq.Content, str(t))
	}
	return seq
}

// propsNode maps page-property keys to values in document order; a key
// that repeats keeps its first value.
func propsNode(props []Property) *yaml.Node {
	if len(props) == 0 {
		return nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	seen := map[string]bool{}
	for _, p := range props {
		if seen[p.Key] {
			continue
		}
		seen[p.Key] = true
		m.Content = append(m.Content, plain(p.Key), str(p.Value))
	}
	return m
}

func str(s string) *yaml.Node {
	return &yaml.Node{
		Kind:  yaml.ScalarNode,
		Tag:   "!!str",
		Style: yaml.DoubleQuotedStyle,
		Value: s,
	}
}

// plain is a key written as is; keys are fixed names, or page
// property names quoted only where YAML needs it.
func plain(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func num(n int) *yaml.Node {
	return &yaml.Node{
		Kind:  yaml.ScalarNode,
		Tag:   "!!int",
		Value: strconv.Itoa(n),
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
