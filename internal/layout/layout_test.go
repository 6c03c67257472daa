package layout

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
)

func TestLayout_accessors(t *testing.T) {
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "B", ParentID: "1", Position: 5},
		{ID: "3", Title: "A", ParentID: "1", Position: 5},
		{ID: "10", Title: "C", ParentID: "1", Position: 5},
		{ID: "4", Title: "Leaf", ParentID: "2"},
	}
	l := mustTree(t, "1", nodes, Options{IndexName: "_index.md"})
	if got, want := l.Children("1"), []string{"2", "3", "10"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Children(home) = %v, want %v (ties by natural id)", got, want)
	}
	if got := l.Children("4"); len(got) != 0 {
		t.Errorf("Children(leaf) = %v, want none", got)
	}
	if p, ok := l.Parent("4"); !ok || p != "2" {
		t.Errorf("Parent(4) = %q, %v", p, ok)
	}
	if p, _ := l.Parent("2"); p != "1" {
		t.Errorf("Parent(2) = %q, want the home page", p)
	}
	if l.Name("4") != "leaf" || l.Name("1") != "" {
		t.Errorf("Name(4) = %q, Name(home) = %q", l.Name("4"), l.Name("1"))
	}
	if n, ok := l.Node("3"); !ok || n != nodes[2] {
		t.Errorf("Node(3) = %+v, %v", n, ok)
	}
	if l.IndexName() != "_index.md" || l.Home() != "1" || l.Len() != 5 {
		t.Errorf("IndexName %q, Home %q, Len %d", l.IndexName(), l.Home(), l.Len())
	}

	// Callers may keep and change returned slices.
	l.Children("1")[0] = "x"
	l.Top()[0] = "x"
	l.Order()[0] = "x"
	if l.Children("1")[0] != "2" || l.Top()[0] != "2" || l.Order()[0] != "1" {
		t.Error("a returned slice aliases the layout")
	}
}

func TestLayout_unknownID(t *testing.T) {
	l := mustTree(t, "1", []Node{{ID: "1", Title: "Home"}}, Options{})
	if _, ok := l.Dir("x"); ok {
		t.Error("Dir of unknown id reported ok")
	}
	if _, ok := l.File("x"); ok {
		t.Error("File of unknown id reported ok")
	}
	if _, ok := l.Parent("x"); ok {
		t.Error("Parent of unknown id reported ok")
	}
	if _, ok := l.Attachments("x", nil); ok {
		t.Error("Attachments of unknown id reported ok")
	}
	if l.Children("x") != nil || l.Name("x") != "" {
		t.Error("Children or Name of unknown id not empty")
	}
}

func TestLayout_concurrentReads(t *testing.T) {
	l := mustTree(t, "1", randomNodes(200, rand.New(rand.NewPCG(5, 6))), Options{})
	want := dirs(t, l)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id, d := range want {
				if got, _ := l.Dir(id); got != d {
					t.Errorf("Dir(%s) = %q, want %q", id, got, d)
				}
				l.Attachments(id, []Attachment{{ID: "a", Name: "x.png"}})
			}
		})
	}
	wg.Wait()
}
