package sync

import (
	"slices"
	"testing"
)

// TestEngine_SummaryPathsBothSides checks that a moved or renamed page
// lists its old folder and its new one, so on-change hooks can remove
// what was at the old place as well as pick up the new.
func TestEngine_SummaryPathsBothSides(t *testing.T) {
	tests := []struct {
		name   string
		change func(h *harness, ids map[string]string) error
		want   []string // must be in Summary.Paths
		gone   string   // must no longer exist
	}{
		{
			name: "move between parents",
			change: func(h *harness, ids map[string]string) error {
				return h.srv.MovePage(ids["C"], ids["B"], 0)
			},
			want: []string{"DOC/a/c", "DOC/b/c", "DOC/b/c/index.md"},
			gone: "DOC/a/c",
		},
		{
			name: "rename",
			change: func(h *harness, ids map[string]string) error {
				return h.srv.RenamePage(ids["C"], "See")
			},
			want: []string{"DOC/a/c", "DOC/a/see", "DOC/a/see/index.md"},
			gone: "DOC/a/c",
		},
		{
			name: "move to the top level",
			change: func(h *harness, ids map[string]string) error {
				return h.srv.MovePage(ids["C"], ids["home"], 5)
			},
			want: []string{"DOC/a/c", "DOC/c", "DOC/c/index.md"},
			gone: "DOC/a/c",
		},
	}
	for _, dep := range deployments {
		for _, tt := range tests {
			t.Run(string(dep)+"/"+tt.name, func(t *testing.T) {
				h := newHarness(t, dep)
				ids := map[string]string{"home": h.space("DOC")}
				ids["A"] = h.page("DOC", ids["home"], "A", "<p>a</p>")
				ids["B"] = h.page("DOC", ids["home"], "B", "<p>b</p>")
				ids["C"] = h.page("DOC", ids["A"], "C", "<p>c</p>")
				h.sync("DOC")

				h.must(tt.change(h, ids))
				sum := h.sync("DOC")
				for _, p := range tt.want {
					if !slices.Contains(sum.Paths, p) {
						t.Errorf("paths %q lack %s", sum.Paths, p)
					}
				}
				if h.exists(tt.gone) {
					t.Errorf("%s left behind", tt.gone)
				}
			})
		}
	}
}
