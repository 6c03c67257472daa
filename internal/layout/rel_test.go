package layout

import "testing"

func TestRel(t *testing.T) {
	tests := []struct {
		from, to, want string
	}{
		{"index.md", "a/index.md", "./a/index.md"},
		{"a/index.md", "index.md", "../index.md"},
		{"a/b/index.md", "c/index.md", "../../c/index.md"},
		{"a/b/index.md", "a/c/index.md", "../c/index.md"},
		{"a/index.md", "a/index.md", "./index.md"},
		{"a/index.md", "a/pic.png", "./pic.png"},
		{"a/index.md", "a/b/c/index.md", "./b/c/index.md"},
		{"index.md", "my file (1).png", "./my%20file%20%281%29.png"},
		{"index.md", "50%#?.png", "./50%25%23%3F.png"},
		{"index.md", "a&b<c>[d].png", "./a%26b%3Cc%3E%5Bd%5D.png"},
		{"index.md", "日本語/café.png", "./日本語/café.png"},
		{"index.md", "nbsp\u00a0zw\u200b.png", "./nbsp%C2%A0zw%E2%80%8B.png"},
		{"index.md", "bad\xff.png", "./bad%FF.png"},
		{"index.md", "tab\t.png", "./tab%09.png"},
		{"index.md", "c:x.png", "./c:x.png"},
		{"index.md", "../../etc/passwd", "./etc/passwd"},
		{"../../x/index.md", "y/index.md", "../y/index.md"},
		{"/abs/index.md", "/abs/p.png", "./p.png"},
		{"a//b/./index.md", "a/b/../c.png", "../c.png"},
		{"ENG/a/index.md", "OPS/b/index.md", "../../OPS/b/index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			if got := Rel(tt.from, tt.to); got != tt.want {
				t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
			}
		})
	}
}
