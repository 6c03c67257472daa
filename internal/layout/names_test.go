package layout

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestAttachmentNames(t *testing.T) {
	tests := []struct {
		name  string
		taken []string
		atts  []Attachment
		want  map[string]string
	}{
		{
			name: "plain",
			atts: []Attachment{{"att1", "Diagram v2.png"}, {"att2", "notes.txt"}},
			want: map[string]string{"att1": "Diagram-v2.png", "att2": "notes.txt"},
		},
		{
			name: "case collision",
			atts: []Attachment{{"att123", "diagram.png"}, {"att9", "Diagram.PNG"}},
			want: map[string]string{"att9": "Diagram.PNG", "att123": "diagram-att123.png"},
		},
		{
			name: "normalisation collision",
			atts: []Attachment{{"1", "Cafe\u0301.txt"}, {"2", "Café.txt"}},
			want: map[string]string{"1": "Café.txt", "2": "Café-2.txt"},
		},
		{
			name:  "index and child folder taken",
			taken: []string{"index.md", ".pages", "setup"},
			atts:  []Attachment{{"a1", "INDEX.md"}, {"a2", "Setup"}, {"a3", ".pages"}},
			want: map[string]string{
				"a1": "INDEX-a1.md", "a2": "Setup-a2", "a3": "pages",
			},
		},
		{
			name:  "suffix taken",
			taken: []string{"x.png", "x-a1.png"},
			atts:  []Attachment{{"a1", "x.png"}},
			want:  map[string]string{"a1": "x-a1-2.png"},
		},
		{
			name: "hostile names",
			atts: []Attachment{{"1", "../../etc/passwd"}, {"2", "con.txt"}, {"3", ""}},
			want: map[string]string{"1": "etc-passwd", "2": "con_.txt", "3": "file"},
		},
		{
			name: "repeated id",
			atts: []Attachment{{"1", "b.png"}, {"1", "a.png"}},
			want: map[string]string{"1": "a.png"},
		},
		{
			name: "hostile id",
			atts: []Attachment{{"../x", "a.png"}, {"..", "a.png"}},
			want: map[string]string{"..": "a.png", "../x": "a-x.png"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AttachmentNames(tt.taken, tt.atts)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AttachmentNames = %v, want %v", got, tt.want)
			}
			for _, name := range got {
				checkElement(t, name, DefaultMaxName)
			}
		})
	}
}

func TestAttachmentNames_orderIndependent(t *testing.T) {
	var atts []Attachment
	for i := range 50 {
		name := []string{"a.png", "A.PNG", "a-1.png", "b", "B"}[i%5]
		atts = append(atts, Attachment{ID: strconv.Itoa(i), Name: name})
	}
	want := AttachmentNames([]string{"b"}, atts)
	for i := range atts {
		rotated := append(append([]Attachment{}, atts[i:]...), atts[:i]...)
		if got := AttachmentNames([]string{"b"}, rotated); !reflect.DeepEqual(got, want) {
			t.Fatalf("rotation %d: names differ", i)
		}
	}
	seen := map[string]bool{}
	for _, name := range want {
		k := strings.ToLower(name)
		if seen[k] || k == "b" {
			t.Errorf("name %q not unique", name)
		}
		seen[k] = true
	}
}

func TestLayout_Attachments(t *testing.T) {
	nodes := []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "Logo", ParentID: "1"},
		{ID: "3", Title: "Shots", ParentID: "2"},
	}
	l := mustTree(t, "1", nodes, Options{})
	tests := []struct {
		page string
		atts []Attachment
		want map[string]string
	}{
		{"1",
			[]Attachment{{"a1", "logo"}, {"a2", "summary.md"}, {"a3", "x.png"}},
			map[string]string{"a1": "logo-a1", "a2": "summary-a2.md", "a3": "x.png"}},
		{"2",
			[]Attachment{{"a4", "Shots"}, {"a5", "summary.md"}},
			map[string]string{"a4": "logo/Shots-a4", "a5": "logo/summary.md"}},
		{"3",
			[]Attachment{{"a6", "index.md"}},
			map[string]string{"a6": "logo/shots/index-a6.md"}},
	}
	for _, tt := range tests {
		got, ok := l.Attachments(tt.page, tt.atts)
		if !ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Attachments(%s) = %v, want %v", tt.page, got, tt.want)
		}
	}
}
