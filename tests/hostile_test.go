package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
)

// hostileTitles are page titles built to escape the output folder,
// collide on case-insensitive file systems, or trip file-name rules.
var hostileTitles = []string{
	"../../../escaped",
	"..",
	".",
	"/etc/passwd",
	`C:\Windows\System32`,
	`\\server\share`,
	"nul\x00byte",
	"bell\x07tab\tnewline\nescape\x1b[31m",
	"\u202eright-to-left override",
	"CON", "aux.txt", "LPT1", "com9.md", "NUL ",
	"trailing dot.", "trailing space ",
	strings.Repeat("long title ", 91)[:1000],
	strings.Repeat("日本語", 200),
	"Case", "case", "CASE", "CaSe",
	"Ca\u0301se", "Cáse",
	".cfmirror-staging", ".cfmirror-tmp-x", "index.md",
}

// hostileFiles are attachment names with the same intent.
var hostileFiles = []string{
	"../../../../outside.txt",
	"/abs/path.txt",
	`..\..\windows.txt`,
	"nul\x00.txt",
	"ctrl\x01\x7f.txt",
	"CON.png",
	"index.md",
	"File.TXT", "file.txt",
	strings.Repeat("x", 900) + ".txt",
}

// hostileBodies are storage bodies that are huge, deep or broken.
var hostileBodies = map[string]string{
	"Large page":  "<p>" + strings.Repeat("ten bytes ", 100_000) + "</p>",
	"Deep markup": strings.Repeat("<ul><li>", 5000) + "x" + strings.Repeat("</li></ul>", 5000),
	"Deep tables": strings.Repeat("<table><tbody><tr><td>", 800) + "x" +
		strings.Repeat("</td></tr></tbody></table>", 800),
	"Unclosed tags":  "<p><strong>bold <em>both</p><ac:structured-macro ac:name=\"code\">",
	"Bad entities":   "<p>&bogus; &#xFFFFFFFF; &#0; &amp</p>",
	"Not XML":        "<<<>>> ]]> <![CDATA[ never closed",
	"Bad namespaces": `<p><zz:thing zz:x="1">?</zz:thing><ri:page ri:content-title="../../x" /></p>`,
	"Hostile links": `<p><a href="javascript:alert(1)">js</a><ac:link>` +
		`<ri:attachment ri:filename="../../../etc/passwd" /></ac:link></p>`,
	"Control in body": "<p>a\x00b\x01c\x1bd</p>",
}

// TestHostile_Content mirrors a space full of hostile titles, file
// names and bodies. Nothing may appear outside the output folder,
// nothing may panic, and every page must get its own file.
func TestHostile_Content(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		e := newEnv(t, dep, confluencetest.Options{})
		home, err := e.srv.AddSpace("DOC", "Hostile")
		if err != nil {
			t.Fatal(err)
		}
		pages := 1 + hostileSpace(t, e.srv, home)

		// The output sits in a folder of its own so that anything
		// written beside it shows.
		parent := t.TempDir()
		m := &mirror{
			t:     t,
			dir:   parent,
			out:   filepath.Join(parent, "out"),
			state: filepath.Join(t.TempDir(), "state.db"),
		}
		sum := m.mustSync(e.plainClient(), "DOC")
		assertOnlyOut(t, parent)

		tree := readTree(t, m.out)
		if n := pageFiles(tree); n != pages || sum.Pages != pages {
			t.Errorf("%d page files, summary %d pages; want %d",
				n, sum.Pages, pages)
		}
		assertRecordedFiles(t, m, tree)

		// A second sync changes nothing.
		if sum := m.mustSync(e.plainClient(), "DOC"); len(sum.Paths) != 0 {
			t.Errorf("second sync changed %q", sum.Paths)
		}
		sameTree(t, "hostile space", e.cleanTree("DOC"), readTree(t, m.out))
	})
}

// hostileSpace adds the hostile pages below home, each with every
// hostile attachment for the first few, and returns how many pages it
// added.
func hostileSpace(t *testing.T, srv *confluencetest.Server, home string) int {
	t.Helper()
	n := 0
	add := func(parent, title, body string) string {
		id, err := srv.AddPage("DOC", parent, title, body)
		if err != nil {
			t.Fatalf("add page %q: %v", title, err)
		}
		n++
		return id
	}
	var ids []string
	for _, title := range hostileTitles {
		ids = append(ids, add(home, title, "<p>"+title+"</p>"))
	}
	for title, body := range hostileBodies {
		add(ids[0], title, body)
	}
	for _, id := range ids[:3] {
		for _, name := range hostileFiles {
			if _, err := srv.PutAttachment(id, name, []byte(name)); err != nil {
				t.Fatalf("attach %q: %v", name, err)
			}
		}
	}
	return n
}

// assertOnlyOut fails if the parent of the output folder holds anything
// but the output folder itself.
func assertOnlyOut(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "out" {
			t.Errorf("written beside the output folder: %s", e.Name())
		}
	}
	entries, _ = os.ReadDir(filepath.Join(parent, "out"))
	for _, e := range entries {
		if e.Name() != "DOC" {
			t.Errorf("written beside the space folder: %s", e.Name())
		}
	}
}

// assertRecordedFiles checks that every page and attachment the state
// records has its own file in the tree.
func assertRecordedFiles(t *testing.T, m *mirror, tree map[string]string) {
	t.Helper()
	st, err := store.Open(m.state, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pages, err := st.Pages("DOC")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, p := range pages {
		if _, ok := tree["DOC/"+p.Path]; !ok {
			t.Errorf("page %s (%q): file %q missing", p.ID, p.Title, p.Path)
		}
		if other, dup := seen[p.Path]; dup {
			t.Errorf("pages %s and %s share %q", other, p.ID, p.Path)
		}
		seen[p.Path] = p.ID
	}
	atts, err := st.Attachments("DOC")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range atts {
		if got, ok := tree["DOC/"+a.Path]; !ok || got != a.Title {
			t.Errorf("attachment %q: file %q missing or wrong", a.Title, a.Path)
		}
	}
}

// TestHostile_HugePage mirrors a 10 MB page: it is fetched, converted
// and written whole, and a second sync leaves it alone. One deployment
// is enough, as the size only tests the converter and the writer.
func TestHostile_HugePage(t *testing.T) {
	e := newEnv(t, confluence.Cloud, confluencetest.Options{})
	home, err := e.srv.AddSpace("DOC", "Huge")
	if err != nil {
		t.Fatal(err)
	}
	// A thousand paragraphs of 10 KiB each.
	para := "<p>" + strings.Repeat("ten bytes ", 1024) + "</p>"
	body := strings.Repeat(para, 1024)
	if _, err := e.srv.AddPage("DOC", home, "Huge", body); err != nil {
		t.Fatal(err)
	}

	m := newMirror(t)
	m.mustSync(e.plainClient(), "DOC")
	got := readTree(t, m.out)["DOC/huge/index.md"]
	if n := strings.Count(got, "ten bytes"); n != 1024*1024 {
		t.Errorf("huge page written with %d of its %d phrases", n, 1024*1024)
	}
	if sum := m.mustSync(e.plainClient(), "DOC"); len(sum.Paths) != 0 {
		t.Errorf("second sync rewrote %q", sum.Paths)
	}
}
