package tests

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readTree returns every file under root by slash path with its bytes;
// folders appear as "path/" with no content. A missing root is empty.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return fs.SkipAll
			}
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			tree[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		tree[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatalf("read tree %s: %v", root, err)
	}
	return tree
}

// sameTree fails unless got holds exactly the files and bytes of want.
// It reports at most a few differences.
func sameTree(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	var diffs []string
	detail := ""
	for _, k := range slices.Sorted(maps.Keys(want)) {
		v, ok := got[k]
		switch {
		case !ok:
			diffs = append(diffs, k+": missing")
		case v != want[k]:
			diffs = append(diffs, k+": content differs")
			if detail == "" {
				detail = k + ": " + firstDiff(want[k], v)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, k+": unexpected")
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%s: %d differences from the expected tree, first: %s\n%s",
			what, len(diffs), strings.Join(diffs[:min(len(diffs), 8)], "; "),
			detail)
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "same lines"
}

// localURL matches the address of a server on this machine.
var localURL = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// sameSite replaces every local server address in a tree's files with
// one placeholder. Mirrors made through different proxies to one fake
// then compare byte for byte: the client writes the address it was
// given into links and front matter, and each proxy has its own port.
func sameSite(tree map[string]string) map[string]string {
	out := make(map[string]string, len(tree))
	for k, v := range tree {
		out[k] = localURL.ReplaceAllString(v, "http://confluence.test")
	}
	return out
}

// pageFiles counts the index.md files of a tree.
func pageFiles(tree map[string]string) int {
	n := 0
	for k := range tree {
		if k == "index.md" || strings.HasSuffix(k, "/index.md") {
			n++
		}
	}
	return n
}

// leftovers lists paths under root that an interrupted run leaves: the
// engine's temporary files and staging folder.
func leftovers(tree map[string]string) []string {
	var out []string
	for k := range tree {
		base := filepath.Base(strings.TrimSuffix(k, "/"))
		if strings.HasPrefix(base, ".cfmirror-") {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// mdLink matches the target of a Markdown link or image.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// brokenLinks lists relative links in a tree's Markdown files whose
// target is not in the tree, as "file -> target".
func brokenLinks(tree map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(tree)) {
		if !strings.HasSuffix(k, ".md") {
			continue
		}
		for _, m := range mdLink.FindAllStringSubmatch(tree[k], -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") ||
				strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			p := path.Join(path.Dir(k), target)
			if _, ok := tree[p]; !ok {
				out = append(out, k+" -> "+m[1])
			}
		}
	}
	return out
}
