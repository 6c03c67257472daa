package confluencetest

import "testing"

func TestRelinkBody(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"same space",
			`<ac:link><ri:page ri:content-title="Old" /></ac:link>`,
			`<ac:link><ri:page ri:content-title="New &amp; Co" /></ac:link>`},
		{"space key of the page",
			`<ri:page ri:space-key="ENG" ri:content-title='Old'/>`,
			`<ri:page ri:space-key="ENG" ri:content-title='New &amp; Co'/>`},
		{"other space",
			`<ri:page ri:space-key="OPS" ri:content-title="Old" />`,
			`<ri:page ri:space-key="OPS" ri:content-title="Old" />`},
		{"other title",
			`<ri:page ri:content-title="Older" />`,
			`<ri:page ri:content-title="Older" />`},
		{"escaped title",
			`<ri:page ri:content-title="Old" /><ri:page ri:content-title="O&#108;d" />`,
			`<ri:page ri:content-title="New &amp; Co" /><ri:page ri:content-title="New &amp; Co" />`},
		{"attachment on the page",
			`<ri:attachment ri:filename="a.png"><ri:page ri:content-title="Old" /></ri:attachment>`,
			`<ri:attachment ri:filename="a.png"><ri:page ri:content-title="New &amp; Co" /></ri:attachment>`},
		{"title in text",
			`<p>Old</p><ri:user ri:account-id="Old" />`,
			`<p>Old</p><ri:user ri:account-id="Old" />`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := relinkBody(tt.body, "ENG", "ENG", "Old", "New & Co")
			if got != tt.want {
				t.Errorf("relinkBody:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestServer_RenamePage checks that a rename rewrites links by title in
// other pages, in the same space and from other spaces, and leaves
// those pages' versions alone.
func TestServer_RenamePage(t *testing.T) {
	s := New(Options{})
	t.Cleanup(s.Close)
	eng, _ := s.AddSpace("ENG", "Engineering")
	ops, _ := s.AddSpace("OPS", "Operations")
	target := mustAdd(t, s, "ENG", eng, "Target", "<p>t</p>")
	local := mustAdd(t, s, "ENG", eng, "Local",
		`<ac:link><ri:page ri:content-title="Target" /></ac:link>`)
	remote := mustAdd(t, s, "OPS", ops, "Remote",
		`<ac:link><ri:page ri:space-key="ENG" ri:content-title="Target" /></ac:link>`)
	unrelated := mustAdd(t, s, "OPS", ops, "Unrelated",
		`<ac:link><ri:page ri:content-title="Target" /></ac:link>`)

	if err := s.RenamePage(target, "Renamed"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		local:     `<ac:link><ri:page ri:content-title="Renamed" /></ac:link>`,
		remote:    `<ac:link><ri:page ri:space-key="ENG" ri:content-title="Renamed" /></ac:link>`,
		unrelated: `<ac:link><ri:page ri:content-title="Target" /></ac:link>`,
	}
	for id, body := range want {
		info, _ := s.PageInfo(id)
		if info.Body != body || info.Version != 1 {
			t.Errorf("page %s: version %d, body %s; want version 1, body %s",
				info.Title, info.Version, info.Body, body)
		}
	}
	if info, _ := s.PageInfo(target); info.Version != 2 {
		t.Errorf("renamed page at version %d, want 2", info.Version)
	}
}

func mustAdd(t *testing.T, s *Server, key, parent, title, body string) string {
	t.Helper()
	id, err := s.AddPage(key, parent, title, body)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
