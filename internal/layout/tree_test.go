package layout

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// dirs returns Dir of every node by id.
func dirs(t *testing.T, l *Layout) map[string]string {
	t.Helper()
	out := make(map[string]string, l.Len())
	for _, id := range l.Order() {
		d, ok := l.Dir(id)
		if !ok {
			t.Fatalf("Dir(%s): unknown id listed by Order", id)
		}
		out[id] = d
	}
	return out
}

func mustTree(t testing.TB, home string, nodes []Node, opts Options) *Layout {
	t.Helper()
	l, err := Tree(home, nodes, opts)
	if err != nil {
		t.Fatalf("Tree: %v", err)
	}
	return l
}

func TestTree_dirs(t *testing.T) {
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "Guide", ParentID: "1", Position: 2},
		{ID: "3", Title: "Install", ParentID: "2"},
		{ID: "4", Title: "Archive"},                // another root
		{ID: "5", Title: "Orphan", ParentID: "99"}, // dangling
		{ID: "6", Title: "Team", ParentID: "1", Position: 1, Folder: true},
		{ID: "7", Title: "Notes", ParentID: "6"},
	}
	l := mustTree(t, "1", nodes, Options{})
	want := map[string]string{
		"1": "", "2": "guide", "3": "guide/install", "4": "archive",
		"5": "orphan", "6": "team", "7": "team/notes",
	}
	if got := dirs(t, l); !reflect.DeepEqual(got, want) {
		t.Errorf("dirs = %v, want %v", got, want)
	}
	if f, _ := l.File("1"); f != "index.md" {
		t.Errorf("File(home) = %q, want index.md", f)
	}
	if f, _ := l.File("3"); f != "guide/install/index.md" {
		t.Errorf("File(3) = %q", f)
	}
	wantTop := []string{"6", "2", "4", "5"}
	if got := l.Top(); !reflect.DeepEqual(got, wantTop) {
		t.Errorf("Top = %v, want %v", got, wantTop)
	}
	wantOrder := []string{"1", "6", "7", "2", "3", "4", "5"}
	if got := l.Order(); !reflect.DeepEqual(got, wantOrder) {
		t.Errorf("Order = %v, want %v", got, wantOrder)
	}
}

func TestTree_hugoIndex(t *testing.T) {
	nodes := []Node{{ID: "1", Title: "Home"}, {ID: "2", Title: "A", ParentID: "1"}}
	l := mustTree(t, "1", nodes, Options{IndexName: "_index.md"})
	for id, want := range map[string]string{"1": "_index.md", "2": "a/_index.md"} {
		if got, _ := l.File(id); got != want {
			t.Errorf("File(%s) = %q, want %q", id, got, want)
		}
	}
}

func TestTree_noHome(t *testing.T) {
	nodes := []Node{{ID: "1", Title: "A"}, {ID: "2", Title: "B", ParentID: "1"}}
	for _, home := range []string{"", "404"} {
		l := mustTree(t, home, nodes, Options{})
		if l.Home() != "" {
			t.Errorf("home %q: Home = %q, want none", home, l.Home())
		}
		want := map[string]string{"1": "a", "2": "a/b"}
		if got := dirs(t, l); !reflect.DeepEqual(got, want) {
			t.Errorf("home %q: dirs = %v, want %v", home, got, want)
		}
	}
}

func TestTree_homeWithParent(t *testing.T) {
	// Bad data: the home page claims a parent, even its own child.
	nodes := []Node{
		{ID: "1", Title: "Home", ParentID: "2"},
		{ID: "2", Title: "Child", ParentID: "1"},
	}
	l := mustTree(t, "1", nodes, Options{})
	want := map[string]string{"1": "", "2": "child"}
	if got := dirs(t, l); !reflect.DeepEqual(got, want) {
		t.Errorf("dirs = %v, want %v", got, want)
	}
	if p, _ := l.Parent("1"); p != "" {
		t.Errorf("Parent(home) = %q, want a root", p)
	}
}

func TestTree_collisions(t *testing.T) {
	tests := []struct {
		name   string
		titles map[string]string // id → title
		want   map[string]string // id → dir
	}{
		{
			name:   "exact",
			titles: map[string]string{"200": "Setup", "100": "Setup"},
			want:   map[string]string{"100": "setup", "200": "setup-200"},
		},
		{
			name:   "case only",
			titles: map[string]string{"7": "SETUP", "12345": "setup"},
			want:   map[string]string{"7": "setup", "12345": "setup-12345"},
		},
		{
			name:   "normalisation only",
			titles: map[string]string{"1": "Cafe\u0301", "2": "Café"},
			want:   map[string]string{"1": "café", "2": "café-2"},
		},
		{
			name:   "case folding beyond lower-case",
			titles: map[string]string{"1": "ΟΔΟΣ", "2": "οδος"},
			want:   map[string]string{"1": "οδοσ", "2": "οδος-2"},
		},
		{
			name:   "punctuation only",
			titles: map[string]string{"9": "Setup!", "10": "Setup?"},
			want:   map[string]string{"9": "setup", "10": "setup-10"},
		},
		{
			name: "suffix already taken",
			titles: map[string]string{
				"100": "Setup", "200": "setup", "300": "Setup 200",
			},
			want: map[string]string{
				"100": "setup", "200": "setup-200-2", "300": "setup-200",
			},
		},
		{
			name:   "numeric id order",
			titles: map[string]string{"9": "A", "10": "a", "x1": "A."},
			want:   map[string]string{"9": "a", "10": "a-10", "x1": "a-x1"},
		},
		{
			name:   "empty titles",
			titles: map[string]string{"1": "", "2": "🚀", "3": "Page"},
			want:   map[string]string{"1": "page", "2": "page-2", "3": "page-3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var nodes []Node
			for id, title := range tt.titles {
				nodes = append(nodes, Node{ID: id, Title: title, ParentID: "home"})
			}
			nodes = append(nodes, Node{ID: "home", Title: "Home"})
			got := dirs(t, mustTree(t, "home", nodes, Options{}))
			delete(got, "home")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("dirs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTree_collisionWithReservedNames(t *testing.T) {
	// With an index file name without a dot, a page titled like it must
	// not take the name of its parent's page file.
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "Readme", ParentID: "1"},
		{ID: "3", Title: "README", ParentID: "2"},
	}
	l := mustTree(t, "1", nodes, Options{IndexName: "README"})
	want := map[string]string{"1": "", "2": "readme-2", "3": "readme-2/readme-3"}
	if got := dirs(t, l); !reflect.DeepEqual(got, want) {
		t.Errorf("dirs = %v, want %v", got, want)
	}
}

func TestTree_orderIndependent(t *testing.T) {
	nodes := randomNodes(500, rand.New(rand.NewPCG(1, 2)))
	ref := mustTree(t, "1", nodes, Options{})
	refDirs := dirs(t, ref)
	refNav, err := ref.Nav(NavMkDocs)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 10 {
		rng.Shuffle(len(nodes), func(i, j int) {
			nodes[i], nodes[j] = nodes[j], nodes[i]
		})
		l := mustTree(t, "1", nodes, Options{})
		if got := dirs(t, l); !reflect.DeepEqual(got, refDirs) {
			t.Fatalf("shuffle %d: dirs differ", i)
		}
		if !reflect.DeepEqual(l.Order(), ref.Order()) {
			t.Fatalf("shuffle %d: order differs", i)
		}
		nav, err := l.Nav(NavMkDocs)
		if err != nil || !reflect.DeepEqual(nav, refNav) {
			t.Fatalf("shuffle %d: navigation differs (err %v)", i, err)
		}
	}
}

// randomNodes builds a tree of n nodes, id "1" the home page, with
// colliding titles, dangling parents and loops.
func randomNodes(n int, rng *rand.Rand) []Node {
	titles := []string{"Setup", "setup", "SETUP!", "Café", "Cafe\u0301", "Notes", "", "🚀"}
	nodes := []Node{{ID: "1", Title: "Home"}}
	for i := 2; i <= n; i++ {
		parent := strconv.Itoa(1 + rng.IntN(n+5)) // some dangle, some loop
		nodes = append(nodes, Node{
			ID:       strconv.Itoa(i),
			Title:    titles[rng.IntN(len(titles))],
			ParentID: parent,
			Position: rng.IntN(4),
		})
	}
	return nodes
}

func TestTree_cycles(t *testing.T) {
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "Self", ParentID: "2"},
		{ID: "3", Title: "Ping", ParentID: "4"},
		{ID: "4", Title: "Pong", ParentID: "3"},
		{ID: "5", Title: "A", ParentID: "7"},
		{ID: "6", Title: "B", ParentID: "5"},
		{ID: "7", Title: "C", ParentID: "6"},
		{ID: "8", Title: "Tail", ParentID: "5"},
	}
	l := mustTree(t, "1", nodes, Options{})
	want := map[string]string{
		"1": "", "2": "self", "3": "ping", "4": "pong",
		"5": "a", "6": "b", "7": "c", "8": "a/tail",
	}
	if got := dirs(t, l); !reflect.DeepEqual(got, want) {
		t.Errorf("dirs = %v, want %v", got, want)
	}
	for _, id := range []string{"2", "3", "4", "5", "6", "7"} {
		if p, _ := l.Parent(id); p != "" {
			t.Errorf("Parent(%s) = %q, want a root", id, p)
		}
	}
}

func TestTree_deep(t *testing.T) {
	const depth = 10_000
	nodes := make([]Node, depth)
	for i := range nodes {
		nodes[i] = Node{ID: strconv.Itoa(i), Title: "d", ParentID: strconv.Itoa(i - 1)}
	}
	l := mustTree(t, "", nodes, Options{})
	d, _ := l.Dir(strconv.Itoa(depth - 1))
	if n := strings.Count(d, "/") + 1; n != depth {
		t.Errorf("deepest dir has %d elements, want %d", n, depth)
	}
	if got := len(l.Order()); got != depth {
		t.Errorf("Order has %d ids, want %d", got, depth)
	}

	// Close the chain into one loop: every node becomes a root.
	nodes[0].ParentID = strconv.Itoa(depth - 1)
	l = mustTree(t, "", nodes, Options{})
	if got := len(l.Top()); got != depth {
		t.Errorf("loop of %d: %d roots", depth, got)
	}
}

func TestTree_wide(t *testing.T) {
	const n = 10_000
	nodes := []Node{{ID: "1", Title: "Home"}}
	for i := 2; i <= n+1; i++ {
		nodes = append(nodes, Node{
			ID: strconv.Itoa(i), Title: "Same", ParentID: "1", Position: -i,
		})
	}
	l := mustTree(t, "1", nodes, Options{})
	top := l.Top()
	if len(top) != n || top[0] != strconv.Itoa(n+1) {
		t.Fatalf("Top: %d nodes starting with %s", len(top), top[0])
	}
	seen := make(map[string]bool, n)
	for _, id := range top {
		d, _ := l.Dir(id)
		if seen[d] {
			t.Fatalf("dir %q given twice", d)
		}
		seen[d] = true
	}
	if d, _ := l.Dir("2"); d != "same" {
		t.Errorf("lowest id got %q, want the plain name", d)
	}
}

func TestTree_maxName(t *testing.T) {
	long := strings.Repeat("word ", 100)
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: long, ParentID: "1"},
		{ID: "3", Title: long + "!", ParentID: "1"},
	}
	l := mustTree(t, "1", nodes, Options{MaxName: MinMaxName})
	for _, id := range []string{"2", "3"} {
		d, _ := l.Dir(id)
		checkElement(t, d, MinMaxName)
	}
	if d, _ := l.Dir("3"); !strings.HasSuffix(d, "-3") {
		t.Errorf("truncated collision %q lost its id", d)
	}
}

func TestTree_errors(t *testing.T) {
	tests := []struct {
		name  string
		nodes []Node
		opts  Options
		want  error
	}{
		{"empty id", []Node{{Title: "x"}}, Options{}, ErrBadNode},
		{"conflicting duplicate",
			[]Node{{ID: "1", Title: "a"}, {ID: "1", Title: "b"}},
			Options{}, ErrBadNode},
		{"small MaxName", nil, Options{MaxName: 10}, ErrBadOption},
		{"negative MaxName", nil, Options{MaxName: -1}, ErrBadOption},
		{"index with slash", nil, Options{IndexName: "a/index.md"}, ErrBadOption},
		{"index with backslash", nil, Options{IndexName: `a\index.md`}, ErrBadOption},
		{"index dot dot", nil, Options{IndexName: ".."}, ErrBadOption},
		{"index device name", nil, Options{IndexName: "con.md"}, ErrBadOption},
		{"index hidden", nil, Options{IndexName: ".index.md"}, ErrBadOption},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Tree("", tt.nodes, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("Tree error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestTree_identicalDuplicates(t *testing.T) {
	n := Node{ID: "1", Title: "A"}
	l := mustTree(t, "", []Node{n, n}, Options{})
	if l.Len() != 1 {
		t.Errorf("Len = %d, want 1", l.Len())
	}
}

// spaceNodes builds a plausible space of n pages, id "1" the home page:
// each page hangs under a random earlier one, and some titles repeat.
func spaceNodes(n int, rng *rand.Rand) []Node {
	nodes := []Node{{ID: "1", Title: "Home"}}
	for i := 2; i <= n; i++ {
		nodes = append(nodes, Node{
			ID:       strconv.Itoa(i),
			Title:    "Meeting notes " + strconv.Itoa(rng.IntN(n)),
			ParentID: strconv.Itoa(1 + rng.IntN(i-1)),
			Position: rng.IntN(100),
		})
	}
	return nodes
}

func BenchmarkTree(b *testing.B) {
	nodes := spaceNodes(10_000, rand.New(rand.NewPCG(7, 8)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := Tree("1", nodes, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range l.Order() {
			l.File(id)
		}
	}
}
