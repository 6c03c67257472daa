package markdown

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestConvert_deepNesting(t *testing.T) {
	const depth = 10000
	tests := []struct {
		name, open, close string
	}{
		{"lists", "<ul><li>", "</li></ul>"},
		{"tables", "<table><tr><td>", "</td></tr></table>"},
		{"macros",
			`<ac:structured-macro ac:name="info"><ac:rich-text-body>`,
			"</ac:rich-text-body></ac:structured-macro>"},
		{"unclosed", "<div><span>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Repeat(tt.open, depth) + "deep text" +
				strings.Repeat(tt.close, depth)
			got := convertBody(t, body)
			if !strings.Contains(got, "deep text") {
				t.Errorf("deepest text lost")
			}
			assertClean(t, got)
		})
	}
}

// TestConvert_largeBody converts a 10 MB page (1 MB under the race
// detector, where the full size takes half a minute): long paragraphs,
// a long code block and some hundreds of small elements.
func TestConvert_largeBody(t *testing.T) {
	size := 10 << 20
	if raceEnabled {
		size = 1 << 20
	}
	words := "*star* [x] " + strings.Repeat("plain words ", 5461) // 64 KiB
	code := strings.Repeat("line <&> `tick`\n", size>>8)
	var b strings.Builder
	b.WriteString(`<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[` +
		code + `]]></ac:plain-text-body></ac:structured-macro>`)
	paras := 0
	for b.Len() < size {
		b.WriteString("<p>" + words + "</p><p><strong>bold</strong></p>")
		paras++
	}
	got := convertBody(t, b.String())
	if n := strings.Count(got, "**bold**"); n != paras {
		t.Errorf("converted %d paragraphs, want %d", n, paras)
	}
	if !strings.Contains(got, "\n"+code+"\n`") {
		t.Errorf("code block not kept byte for byte")
	}
}

// TestConvert_deterministic converts every sample twice, concurrently,
// and checks that the outputs are identical and clean.
func TestConvert_deterministic(t *testing.T) {
	for _, file := range samples(t) {
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		outs := make(chan []byte, 2)
		for range 2 {
			go func() {
				res, _ := Convert(string(body), sampleMeta("x"), sampleResolver{}, Options{})
				outs <- res.Markdown
			}()
		}
		a, b := <-outs, <-outs
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two conversions differ", file)
		}
		assertClean(t, string(a))
	}
}

func FuzzConvert(f *testing.F) {
	for _, file := range samples(f) {
		body, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(body))
	}
	f.Add(`<p>x<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a]]]]>` +
		`<![CDATA[>]]></ac:plain-text-body>`)
	f.Add(`<ac:link><ri:page ri:content-title="../x"/></ac:link><table><tr><td rowspan="9999999999">`)

	f.Fuzz(func(t *testing.T, body string) {
		res, err := Convert(body, Meta{ID: "1", Title: "T", SpaceKey: "S"}, sampleResolver{}, Options{})
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		text := outsideCode(string(res.Markdown))
		for _, bad := range []string{"<ac:", "<ri:", "</ac:", "<![CDATA[", "<cfm-"} {
			if strings.Contains(text, bad) {
				t.Errorf("raw %q outside code blocks:\n%s", bad, res.Markdown)
			}
		}
	})
}

// outsideCode drops the lines of fenced code blocks, whose bodies are
// verbatim and may show any markup.
func outsideCode(md string) string {
	var b strings.Builder
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		bare := strings.TrimLeft(line, "> ")
		switch {
		case fence != "" && strings.TrimSpace(bare) == fence:
			fence = ""
		case fence != "":
		case strings.HasPrefix(bare, "```"):
			fence = bare[:len(bare)-len(strings.TrimLeft(bare, "`"))]
		default:
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func BenchmarkConvert(b *testing.B) {
	var bodies []string
	var size int64
	for _, file := range samples(b) {
		body, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, string(body))
		size += int64(len(body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			if _, err := Convert(body, sampleMeta("b"), sampleResolver{}, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
