package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// fakeResolver is a mirror whose pages include each other by title.
type fakeResolver struct {
	bodies map[string]string // include bodies by title
	calls  []PageRef         // Children calls
}

func (f *fakeResolver) PageHref(ref PageRef) (string, bool) {
	if ref.SpaceKey != "DOC" {
		return "", false
	}
	return "../" + ref.Title + ".md", true
}

func (f *fakeResolver) AttachmentHref(a AttachmentRef) (string, bool) {
	return "", false
}

func (f *fakeResolver) UserName(id string) string {
	if id == "u1" {
		return "Grace Hopper"
	}
	return ""
}

func (f *fakeResolver) Children(ref PageRef, depth int) []TreeNode {
	f.calls = append(f.calls, ref)
	return []TreeNode{{Title: "Kid", Href: "Kid.md"}}
}

func (f *fakeResolver) Include(ref PageRef) (string, bool) {
	b, ok := f.bodies[ref.Title]
	return b, ok
}

func include(title string) string {
	return `<ac:structured-macro ac:name="include"><ac:parameter ac:name=""><ac:link>` +
		`<ri:page ri:content-title="` +
		title + `"/></ac:link></ac:parameter></ac:structured-macro>`
}

func TestConvert_includeLoops(t *testing.T) {
	r := &fakeResolver{bodies: map[string]string{
		"Current": `<p>self</p>` + include("Current"),
		"A":       `<p>in A</p>` + include("B"),
		"B":       `<p>in B</p>` + include("A"),
	}}
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"page includes itself", include("Current"), []string{"self", "include loop"}},
		{"A includes B includes A", include("A"), []string{"in A", "in B", "[A](../A.md) <!-- include loop -->"}},
		{"missing page becomes a link", include("Gone"), []string{"[Gone](../Gone.md)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convertWith(t, tt.body, r)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			if n := strings.Count(got, "in A"); n > 2 {
				t.Errorf("include recursion not bounded: %d copies", n)
			}
		})
	}
}

func TestConvert_deps(t *testing.T) {
	body := `<p><ac:link><ri:page ri:content-title="B"/></ac:link>` +
		`<ac:link><ri:page ri:content-title="A"/></ac:link>` +
		`<ac:link><ri:page ri:content-title="B"/></ac:link>` +
		`<ac:link><ri:page ri:space-key="OPS" ri:content-title="A"/></ac:link></p>` +
		`<ac:image><ri:attachment ri:filename="z.png"/></ac:image>` +
		`<ac:link><ri:attachment ri:filename="a.pdf"/></ac:link>` +
		include("Inc") +
		`<ac:structured-macro ac:name="children"/>` +
		`<ac:structured-macro ac:name="pagetree"><ac:parameter ac:name="root">` +
		`<ac:link><ri:page ri:content-title="Root"/></ac:link></ac:parameter>` +
		`</ac:structured-macro>`
	r := &fakeResolver{bodies: map[string]string{
		"Inc": `<ac:link><ri:page ri:content-title="FromInc"/></ac:link>`,
	}}
	meta := Meta{ID: "42", Title: "Current", SpaceKey: "DOC"}
	res, err := Convert(body, meta, r, Options{})
	if err != nil {
		t.Fatal(err)
	}

	here := PageRef{ID: "42", SpaceKey: "DOC", Title: "Current"}
	want := Deps{
		Links: []PageRef{
			{SpaceKey: "DOC", Title: "A"},
			{SpaceKey: "DOC", Title: "B"},
			{SpaceKey: "DOC", Title: "FromInc"},
			{SpaceKey: "OPS", Title: "A"},
		},
		Includes: []PageRef{{SpaceKey: "DOC", Title: "Inc"}},
		Trees:    []PageRef{here, {SpaceKey: "DOC", Title: "Root"}},
		Attachments: []AttachmentRef{
			{Page: here, Filename: "a.pdf"},
			{Page: here, Filename: "z.png"},
		},
	}
	if !reflect.DeepEqual(res.Deps, want) {
		t.Errorf("deps:\n got %+v\nwant %+v", res.Deps, want)
	}
	if len(r.calls) != 2 || r.calls[0] != here {
		t.Errorf("children calls = %+v, want the current page first", r.calls)
	}
}

func TestConvert_resolverText(t *testing.T) {
	r := &fakeResolver{}
	tests := []struct {
		name, body, want string
	}{
		{"mention", `<p>by <ac:link><ri:user ri:account-id="u1"/></ac:link></p>`, "by @Grace Hopper\n"},
		{"unknown user", `<ac:link><ri:user ri:account-id="u2"/></ac:link>`, "@u2\n"},
		{"mirrored page", `<ac:link><ri:page ri:content-title="P"/></ac:link>`, "[P](../P.md)\n"},
		{"children", `<ac:structured-macro ac:name="children"/>`, "- [Kid](Kid.md)\n"},
		{"children without resolver data",
			`<ac:structured-macro ac:name="children"><ac:parameter ac:name="page">` +
				`<ac:link><ri:page ri:content-title="X" ri:space-key="ZZ"/></ac:link>` +
				`</ac:parameter></ac:structured-macro>`,
			"- [Kid](Kid.md)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := convertWith(t, tt.body, r); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConvert_properties(t *testing.T) {
	body := `<ac:structured-macro ac:name="details"><ac:rich-text-body><table><tbody>` +
		`<tr><th><p>Owner</p></th><td><p><ac:link><ri:user ri:account-id="u1"/></ac:link></p></td></tr>` +
		`<tr><th>Due</th><td><time datetime="2026-05-01"/></td></tr>` +
		`<tr><th>Version</th><td>1e3</td></tr>` +
		`</tbody></table></ac:rich-text-body></ac:structured-macro>`
	meta := Meta{ID: "7", Title: "T", SpaceKey: "DOC"}
	res, err := Convert(body, meta, &fakeResolver{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Property{
		{"Owner", "@Grace Hopper"}, {"Due", "2026-05-01"}, {"Version", "1e3"},
	}
	if !reflect.DeepEqual(res.Properties, want) {
		t.Errorf("properties = %+v, want %+v", res.Properties, want)
	}
	md := string(res.Markdown)
	wants := []string{
		"properties:\n",
		`  Owner: "@Grace Hopper"`,
		`  Version: "1e3"`,
		"| **Owner** | @Grace Hopper |",
	}
	for _, w := range wants {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q:\n%s", w, md)
		}
	}
}
