package layout

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlug(t *testing.T) {
	long := strings.Repeat("é", 1000)
	tests := []struct {
		name, title, want string
	}{
		{"words", "Hello, World!", "hello-world"},
		{"dot dot slash", "../", "page"},
		{"dot dot", "..", "page"},
		{"dot", ".", "page"},
		{"absolute", "/etc/passwd", "etc-passwd"},
		{"windows path", `C:\x`, "c-x"},
		{"unc path", `\\server\share`, "server-share"},
		{"nul and controls", "a\x00b\x1fc\x7fd", "a-b-c-d"},
		{"invalid utf-8", "a\xffb", "a-b"},
		{"reserved", "CON", "con_"},
		{"reserved any case", "Aux", "aux_"},
		{"reserved with port", "LPT9", "lpt9_"},
		{"reserved superscript", "COM¹", "com¹_"},
		{"reserved trailing space", "nul ", "nul_"},
		{"reserved with extension", "con.txt", "con-txt"},
		{"not reserved", "console", "console"},
		{"not reserved com10", "COM10", "com10"},
		{"emoji", "🚀 Launch 🚀", "launch"},
		{"emoji only", "🚀🎉", "page"},
		{"emoji with selector", "❤️ love", "love"},
		{"combining", "Cafe\u0301", "café"},
		{"precomposed", "Café", "café"},
		{"hebrew", "שלום עולם", "שלום-עולם"},
		{"arabic with marks", "مَرْحَبًا بِكُم", "مَرْحَبًا-بِكُم"},
		{"japanese", "設定ガイド（第2版）", "設定ガイド-第2版"},
		{"german", "Ünïcödé Straße", "ünïcödé-straße"},
		{"empty", "", "page"},
		{"whitespace", " \t\n\u00a0\u3000", "page"},
		{"soft hyphen", "Konfigu\u00adration", "konfiguration"},
		{"bidi override", "abc\u202egpj.exe", "abcgpj-exe"},
		{"leading mark", "\u0301abc", "abc"},
		{"lower-casing then composing", "\u0130\u0301", "í"},
		{"separator runs", "  --a...b__c--  ", "a-b-c"},
		{"long", long, strings.Repeat("é", DefaultMaxName/2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Slug(tt.title)
			if got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.want)
			}
			checkElement(t, got, DefaultMaxName)
		})
	}
}

func TestSlug_longTitles(t *testing.T) {
	// Every mix of one- to four-byte runes cut at any offset must stay
	// valid and within the bound.
	for _, unit := range []string{"a", "é", "設", "🚀x", "e\u0301"} {
		for n := 990; n < 1000; n++ {
			title := strings.Repeat(unit, n)[:n]
			got := Slug(title)
			if len(got) > DefaultMaxName || !utf8.ValidString(got) {
				t.Errorf("Slug(%d× %q) = %q", n, unit, got)
			}
			checkElement(t, got, DefaultMaxName)
		}
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Diagram v2.PNG", "Diagram-v2.PNG"},
		{"keeps dots and underscores", "my_file-v1.2.tar.gz", "my_file-v1.2.tar.gz"},
		{"traversal", "../../etc/passwd", "etc-passwd"},
		{"dot dot", "..", "file"},
		{"dot", ".", "file"},
		{"hidden", ".bashrc", "bashrc"},
		{"only extension", ".png", "png"},
		{"dots only", "...", "file"},
		{"absolute", "/tmp/x.png", "tmp-x.png"},
		{"windows path", `C:\Users\x\report.pdf`, "C-Users-x-report.pdf"},
		{"windows drive only", `C:\x`, "C-x"},
		{"reserved", "aux", "aux_"},
		{"reserved with extension", "con.txt", "con_.txt"},
		{"reserved any case", "Con.Tar.gz", "Con_.Tar.gz"},
		{"reserved port", "com7.log", "com7_.log"},
		{"nul and controls", "a\x00b\x1f.png", "a-b.png"},
		{"space before extension", "photo .jpg", "photo.jpg"},
		{"trailing dot", "report.", "report"},
		{"trailing spaces", "report.pdf   ", "report.pdf"},
		{"long extension is stem", "a.verylongextensionname", "a.verylongextensionname"},
		{"punctuation extension is stem", "a.b-c", "a.b-c"},
		{"reserved characters", `a<b>c:d"e|f?g*h.txt`, "a-b-c-d-e-f-g-h.txt"},
		{"combining", "re\u0301sume\u0301.pdf", "résumé.pdf"},
		{"emoji", "🚀.png", "file.png"},
		{"empty", "", "file"},
		{"whitespace", "   ", "file"},
		{"japanese", "設計図.png", "設計図.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FileName(tt.in)
			if got != tt.want {
				t.Errorf("FileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkElement(t, got, DefaultMaxName)
		})
	}
}

func TestFileName_longKeepsExtension(t *testing.T) {
	for _, unit := range []string{"a", "é", "設", "🚀x"} {
		in := strings.Repeat(unit, 1000) + ".jpeg"
		got := FileName(in)
		if !strings.HasSuffix(got, ".jpeg") {
			t.Errorf("FileName(1000× %q.jpeg) = %q: extension lost", unit, got)
		}
		checkElement(t, got, DefaultMaxName)
	}
}
