package layout

import (
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"", "..", "CON", "Cafe\u0301", "a/b\\c", "🚀", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		got := Slug(title)
		checkElement(t, got, DefaultMaxName)
		if got != strings.ToLower(got) && utf8.ValidString(got) {
			// Some letters have no lower case; only flag ASCII.
			for _, r := range got {
				if 'A' <= r && r <= 'Z' {
					t.Errorf("Slug(%q) = %q keeps upper case", title, got)
				}
			}
		}
	})
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{"", ".bashrc", "con.txt", "a.tar.gz", "../x.png", "🚀.png"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		checkElement(t, FileName(name), DefaultMaxName)
	})
}

// FuzzTree builds a space from fuzzed titles and parent links and checks
// that every path is local, made of safe names and unique on a
// case-insensitive, normalising file system, attachments included.
func FuzzTree(f *testing.F) {
	f.Add("Home\nSetup\nsetup\nSETUP!\nCafé\nCafe\u0301\n..\nCON", []byte{0, 1, 1, 2, 9, 4, 3, 7})
	f.Add("a\nb\nc", []byte{3, 1, 2})
	f.Fuzz(func(t *testing.T, titles string, links []byte) {
		// Bound the work: every node gets every title as attachments.
		lines := strings.Split(titles, "\n")
		if len(titles) > 4096 || len(lines) > 100 {
			t.Skip("input too large")
		}
		nodes := make([]Node, len(lines))
		for i, title := range lines {
			parent := ""
			if i < len(links) {
				parent = strconv.Itoa(int(links[i]))
			}
			nodes[i] = Node{
				ID: strconv.Itoa(i), Title: title, ParentID: parent,
				Position: i % 3, Folder: i%5 == 4,
			}
		}
		l, err := Tree("0", nodes, Options{MaxName: MinMaxName})
		if err != nil {
			t.Fatal(err)
		}
		checkLayout(t, l, lines)
	})
}

// checkLayout checks every path of l and of attachments named after
// attNames on every page.
func checkLayout(t *testing.T, l *Layout, attNames []string) {
	t.Helper()
	order := l.Order()
	if len(order) != l.Len() {
		t.Fatalf("Order has %d ids, Len is %d", len(order), l.Len())
	}
	var atts []Attachment
	for i, name := range attNames {
		atts = append(atts, Attachment{ID: "att" + strconv.Itoa(i), Name: name})
	}
	paths := pathSet{n: newNamer(nil), ids: map[string]string{}}
	paths.claim(t, PagesFile, "nav")
	paths.claim(t, SummaryFile, "nav")
	for _, id := range order {
		checkNode(t, l, id, paths)
		checkAttachments(t, l, id, atts, paths)
	}
}

// pathSet records paths as a case-insensitive, normalising file
// system sees them.
type pathSet struct {
	n   *namer
	ids map[string]string // key → owner
}

func (s pathSet) claim(t *testing.T, p, owner string) {
	t.Helper()
	k := s.n.key(p)
	if other, dup := s.ids[k]; dup {
		t.Fatalf("%s and %s share path %q", owner, other, p)
	}
	s.ids[k] = owner
}

func checkNode(t *testing.T, l *Layout, id string, paths pathSet) {
	t.Helper()
	dir, _ := l.Dir(id)
	file, _ := l.File(id)
	if id != l.Home() {
		checkPath(t, dir, MinMaxName)
		paths.claim(t, dir, id)
	}
	if !filepath.IsLocal(file) {
		t.Fatalf("file %q of %s is not local", file, id)
	}
	paths.claim(t, file, id)
	if parent, _ := l.Parent(id); parent != "" {
		pdir, _ := l.Dir(parent)
		if path.Dir(dir) != path.Clean("./"+pdir) {
			t.Fatalf("%s in %q, parent %s in %q", id, dir, parent, pdir)
		}
	}
}

func checkAttachments(t *testing.T, l *Layout, id string, atts []Attachment, paths pathSet) {
	t.Helper()
	dir, _ := l.Dir(id)
	got, _ := l.Attachments(id, atts)
	for att, p := range got {
		checkPath(t, p, MinMaxName)
		if path.Dir(p) != path.Clean("./"+dir) {
			t.Fatalf("attachment %s of %s at %q, outside %q", att, id, p, dir)
		}
		paths.claim(t, p, id+"/"+att)
	}
}
