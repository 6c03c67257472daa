package markdown

import (
	"strings"
	"testing"
)

// TestConvert_escaping checks that page text gets a backslash exactly
// where Markdown would otherwise read syntax into it.
func TestConvert_escaping(t *testing.T) {
	tests := []convertCase{
		{"underscore inside words",
			`<p>under_scores and snake_case_name</p>`,
			"under_scores and snake_case_name\n"},
		{"underscore at word edges",
			`<p>_lead and trail_ and __init__</p>`,
			`\_lead and trail\_ and \_\_init\_\_` + "\n"},
		{"star between spaces",
			`<p>5 * 3 = 15</p>`,
			"5 * 3 = 15\n"},
		{"star that could emphasise",
			`<p>*a* and a*b</p>`,
			`\*a\* and a\*b` + "\n"},
		{"tilde pair",
			`<p>~gone~ but a ~ b</p>`,
			`\~gone\~ but a ~ b` + "\n"},
		{"greater-than in running text",
			`<p>a &gt; b</p>`,
			"a > b\n"},
		{"greater-than opening a line",
			`<p>&gt; not a quote</p>`,
			`\> not a quote` + "\n"},
		{"greater-than inside a quote",
			`<blockquote><p>&gt; x</p></blockquote>`,
			`> \> x` + "\n"},
		{"less-than before a tag name",
			`<p>&lt;div&gt; and &lt;/p&gt; and &lt;!-- x</p>`,
			`\<div> and \</p> and \<!-- x` + "\n"},
		{"less-than that opens nothing",
			`<p>a &lt; b and &lt;3</p>`,
			"a < b and <3\n"},
		{"ampersand forming an entity",
			`<p>&amp;copy; &amp;#169; &amp;#xA9;</p>`,
			`\&copy; \&#169; \&#xA9;` + "\n"},
		{"ampersand alone",
			`<p>AT&amp;T &amp; Co &amp;c</p>`,
			"AT&T & Co &c\n"},
		{"brackets without a link",
			`<p>see [brackets] here</p>`,
			"see [brackets] here\n"},
		{"brackets that would link",
			`<p>a [x](y) and [p][q]</p>`,
			`a \[x](y) and \[p][q]` + "\n"},
		{"nested brackets that would link",
			`<p>a [b [c] d](e)</p>`,
			`a \[b [c] d](e)` + "\n"},
		{"bracket opening a line",
			`<p>[x]: https://example.com</p>`,
			`\[x]: https://example.com` + "\n"},
		{"brackets in link text",
			`<p><a href="https://example.com">a]b[c</a></p>`,
			`[a\]b\[c](https://example.com)` + "\n"},
		{"backslash before a letter",
			`<p>C:\temp\new</p>`,
			`C:\temp\new` + "\n"},
		{"backslash before punctuation",
			`<p>a\* and \\ and end\</p>`,
			`a\\\* and \\\ and end\\` + "\n"},
		{"backticks",
			"<p>a `b` c</p>",
			"a \\`b\\` c\n"},
		{"hash opening a line only",
			`<p># one #two</p>`,
			`\# one #two` + "\n"},
		{"heading ending in a hash",
			`<h2>C #</h2>`,
			`## C \#` + "\n"},
		{"list markers opening a line",
			`<p>- a</p><p>+ b</p><p>1. c</p><p>2) d</p><p>=</p>`,
			`\- a` + "\n\n" + `\+ b` + "\n\n" + `1\. c` + "\n\n" +
				`2\) d` + "\n\n" + `\=` + "\n"},
		{"list markers in running text",
			`<p>a - b + c 1. d 2) e = f</p>`,
			"a - b + c 1. d 2) e = f\n"},
		{"hash opening a list item",
			`<ul><li># x</li></ul>`,
			`- \# x` + "\n"},
		{"pipe in running text",
			`<p>a | b</p>`,
			"a | b\n"},
		{"pipe above a delimiter row",
			`<p>a | b<br/>--- | ---</p>`,
			`a \| b  ` + "\n" + `\--- \| ---` + "\n"},
		{"strong closing after punctuation before a word",
			`<p>a <strong>"q"</strong>next</p>`,
			`a <strong>"q"</strong>next` + "\n"},
		{"emphasis opening before punctuation after a word",
			`<p>word<em>(p)</em> and <s>.x</s></p>`,
			`word<em>(p)</em> and ~~.x~~` + "\n"},
		{"emphasis around punctuation between spaces",
			`<p>a <strong>"q"</strong> b <em>(p)</em>.</p>`,
			`a **"q"** b *(p)*.` + "\n"},
		{"status title",
			`<p><ac:structured-macro ac:name="status"><ac:parameter ` +
				`ac:name="title">a*b</ac:parameter></ac:structured-macro></p>`,
			`**[a\*b]**` + "\n"},
	}
	runConvertCases(t, tests)
}

// TestConvert_escapingKeepsCode checks that code keeps every character
// as written, however much of it looks like syntax.
func TestConvert_escapingKeepsCode(t *testing.T) {
	body := `<ac:structured-macro ac:name="code">` +
		`<ac:plain-text-body><![CDATA[a_b *c* [d](e) <f> &amp; \g` +
		"\n# h\n> i]]></ac:plain-text-body></ac:structured-macro>" +
		`<p>x <code>_y_ *z* &lt;w&gt;</code></p>`
	want := "```\na_b *c* [d](e) <f> &amp; \\g\n# h\n> i\n```\n\n" +
		"x `_y_ *z* <w>`\n"
	if got := convertBody(t, body); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestCodeSpan(t *testing.T) {
	tests := []struct {
		code    string
		inTable bool
		want    string
	}{
		{"plain", false, "`plain`"},
		{"a `tick` inside", false, "``a `tick` inside``"},
		{"`leading", false, "`` `leading ``"},
		{"trailing`", false, "`` trailing` ``"},
		{"``", false, "``` `` ```"},
		{" both ", false, "`  both  `"},
		{"c|d", false, "`c|d`"},
		{"c|d", true, "`c\\|d`"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := codeSpan(tt.code, tt.inTable); got != tt.want {
				t.Errorf("codeSpan(%q, %v) = %q, want %q",
					tt.code, tt.inTable, got, tt.want)
			}
		})
	}
}

// TestConvert_codeSpanInTable checks that a pipe inside code does not
// split a GFM table cell.
func TestConvert_codeSpanInTable(t *testing.T) {
	body := `<table><tbody>` +
		`<tr><th>a | b</th><th><code>c|d</code></th></tr>` +
		`<tr><td>1</td><td>2</td></tr></tbody></table>`
	want := strings.Join([]string{
		"| a \\| b | `c\\|d` |",
		"|---|---|",
		"| 1 | 2 |",
	}, "\n") + "\n"
	if got := convertBody(t, body); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestMarkText_reserved checks that text cannot forge the marks.
func TestMarkText_reserved(t *testing.T) {
	in := "a\x00b\x07c\x0ed\x0fe"
	want := "a\ufffdb\ufffdc\ufffdd\ufffde"
	if got := markText(in); got != want {
		t.Errorf("markText(%q) = %q, want %q", in, got, want)
	}
}

func TestResolveEscapes_unmarked(t *testing.T) {
	in := []byte("*a* _b_ [c](d) \\e")
	if got := resolveEscapes(in); string(got) != string(in) {
		t.Errorf("unmarked text changed: %q", got)
	}
}
