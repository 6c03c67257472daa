package markdown

import (
	"strings"
	"testing"
)

// convertBody converts body without front matter and a resolver.
func convertBody(t *testing.T, body string) string {
	t.Helper()
	return convertWith(t, body, nil)
}

func convertWith(t *testing.T, body string, r Resolver) string {
	t.Helper()
	opts := Options{
		BaseURL:     "https://site.example/wiki",
		JiraURL:     "https://jira.example",
		FrontMatter: FrontMatter{Disabled: true},
	}
	meta := Meta{ID: "42", Title: "Current", SpaceKey: "DOC"}
	res, err := Convert(body, meta, r, opts)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return string(res.Markdown)
}

// convertCase is one storage-format body and the Markdown it must
// become without front matter.
type convertCase struct {
	name string
	body string
	want string
}

// runConvertCases converts every case's body as a subtest.
func runConvertCases(t *testing.T, tests []convertCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convertBody(t, tt.body)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s\n(quoted got %q)",
					got, tt.want, got)
			}
		})
	}
}

func TestConvert_constructs(t *testing.T) {
	tests := []convertCase{
		{"paragraphs and marks",
			`<p><strong>b</strong> <em>i</em> <s>s</s> <code>c</code> H<sub>` +
				`2</sub>O x<sup>2</sup> <u>u</u></p>`,
			"**b** *i* ~~s~~ `c` H<sub>2</sub>O x<sup>2</sup> <u>u</u>\n"},
		{"headings and rule",
			`<h1>One</h1><h3>Three</h3><hr/>`,
			"# One\n\n### Three\n\n---\n"},
		{"line break",
			`<p>a<br/>b</p>`,
			"a  \nb\n"},
		{"numbered list start",
			`<ol start="3"><li>c</li><li>d</li></ol>`,
			"3. c\n4. d\n"},
		{"nested list",
			`<ul><li>a<ul><li>b</li></ul></li></ul>`,
			"- a\n  - b\n"},
		{"escaping",
			`<p>*not* emphasis and [not] a link</p>`,
			"\\*not\\* emphasis and [not] a link\n"},
		{"literal entity text",
			`<p>&amp;copy; stays</p>`,
			"\\&copy; stays\n"},
		{"block quote",
			`<blockquote><p>q</p></blockquote>`,
			"> q\n"},
		{"code macro",
			`<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">` +
				`py</ac:parameter><ac:parameter ac:name="title">T</ac:parameter>` +
				`<ac:plain-text-body><![CDATA[if a < b & c:]]></ac:plain-text-body>` +
				`</ac:structured-macro>`,
			"```python title=\"T\"\nif a < b & c:\n```\n"},
		{"code keeps blank lines and backticks",
			`<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[

x ` + "````" + ` y
  ]]></ac:plain-text-body></ac:structured-macro>`,
			"`````\n\n\nx ```` y\n  \n`````\n"},
		{"split CDATA joins",
			`<ac:structured-macro ac:name="noformat"><ac:plain-text-body>` +
				`<![CDATA[a ]]]]><![CDATA[> b]]></ac:plain-text-body>` +
				`</ac:structured-macro>`,
			"```\na ]]> b\n```\n"},
		{"pre",
			`<pre>a   b</pre>`,
			"```\na   b\n```\n"},
		{"code in quote keeps markers",
			`<blockquote><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[l1
l2]]></ac:plain-text-body></ac:structured-macro></blockquote>`,
			"> ```\n> l1\n> l2\n> ```\n"},
		{"info alert with title",
			`<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">` +
				`Heads up</ac:parameter><ac:rich-text-body><p>Body</p>` +
				`</ac:rich-text-body></ac:structured-macro>`,
			"> [!NOTE]\n> **Heads up**\n>\n> Body\n"},
		{"warning alert",
			`<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>Hot</p>` +
				`</ac:rich-text-body></ac:structured-macro>`,
			"> [!CAUTION]\n> Hot\n"},
		{"adf panel",
			`<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute ` +
				`key="panel-type">success</ac:adf-attribute><ac:adf-content><p>ok</p>` +
				`</ac:adf-content></ac:adf-node></ac:adf-extension>`,
			"> [!TIP]\n> ok\n"},
		{"unknown adf falls back",
			`<ac:adf-extension><ac:adf-node type="mystery"><ac:adf-content>` +
				`x</ac:adf-content></ac:adf-node><ac:adf-fallback><p>fallback</p>` +
				`</ac:adf-fallback></ac:adf-extension>`,
			"fallback\n"},
		{"expand",
			`<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">` +
				`More &amp; less</ac:parameter><ac:rich-text-body><p><strong>` +
				`x</strong></p></ac:rich-text-body></ac:structured-macro>`,
			"<details>\n<summary>More &amp; less</summary>\n\n**x**\n\n</details>\n"},
		{"task list",
			`<ac:task-list><ac:task><ac:task-status>complete</ac:task-status>` +
				`<ac:task-body>done</ac:task-body><ac:task-list><ac:task>` +
				`<ac:task-status>incomplete</ac:task-status><ac:task-body>due <time ` +
				`datetime="2026-01-02"/></ac:task-body></ac:task></ac:task-list>` +
				`</ac:task></ac:task-list>`,
			"- [x] done\n  - [ ] due 2026-01-02\n"},
		{"status and emoticon",
			`<p><ac:structured-macro ac:name="status"><ac:parameter ` +
				`ac:name="title">Done</ac:parameter></ac:structured-macro> ` +
				`<ac:emoticon ac:name="tick"/></p>`,
			"**[Done]** ✅\n"},
		{"placeholder and comment marker",
			`<p>a <ac:placeholder>type here</ac:placeholder>` +
				`<ac:inline-comment-marker ac:ref="1">b</ac:inline-comment-marker></p>`,
			"a b\n"},
		{"layout cells in order",
			`<ac:layout><ac:layout-section><ac:layout-cell><p>1</p>` +
				`</ac:layout-cell><ac:layout-cell><p>2</p></ac:layout-cell>` +
				`</ac:layout-section></ac:layout>`,
			"1\n\n2\n"},
		{"unknown macro keeps content",
			`<ac:structured-macro ac:name="fancy"><ac:rich-text-body><p>kept</p>` +
				`</ac:rich-text-body></ac:structured-macro>`,
			"<!-- macro fancy -->\n\nkept\n"},
		{"empty macros",
			`<ac:structured-macro ac:name="info"/><ac:structured-macro ` +
				`ac:name="code"/><ac:structured-macro ac:name="expand"/>` +
				`<ac:structured-macro/>`,
			"```\n\n```\n\n<details>\n<summary>Click here to expand...</summary>\n" +
				"\n</details>\n\n<!-- macro unnamed -->\n"},
		{"unknown element",
			`<foo>bar</foo>`,
			"<!-- foo -->bar\n"},
		{"simple table",
			`<table><tr><th>A</th><th style="text-align: center;">B</th></tr><tr>` +
				`<td>1</td><td>2<br/>3</td></tr></table>`,
			"| A | B |\n|---|:-:|\n| 1 | 2<br>3 |\n"},
		{"table with spans",
			`<table><tr><td colspan="2">x</td></tr><tr><td>a</td><td><ul><li>b</li></ul></td></tr></table>`,
			"<table>\n<tr>\n<td colspan=\"2\">x</td>\n</tr>\n<tr>\n<td>a</td>\n" +
				"<td>\n\n- b\n\n</td>\n</tr>\n</table>\n"},
		{"anchor macro and link",
			`<p><ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">` +
				`here</ac:parameter></ac:structured-macro>x</p><p><ac:link ` +
				`ac:anchor="here"><ac:plain-text-link-body>` +
				`go</ac:plain-text-link-body></ac:link></p>`,
			"<a id=\"here\"></a>x\n\n[go](#here)\n"},
		{"toc",
			`<ac:structured-macro ac:name="toc"/><h1>A b</h1><h2>C?</h2><h1>A b</h1>`,
			"- [A b](#a-b)\n  - [C?](#c)\n- [A b](#a-b-1)\n\n# A b\n\n## C?\n\n# A b\n"},
		{"jira issue",
			`<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">` +
				`AB-1</ac:parameter></ac:structured-macro>`,
			"[AB-1](https://jira.example/browse/AB-1)\n"},
		{"emoji id",
			`<ac:emoticon ac:name="blue-star" ac:emoji-id="1f44d" ac:emoji-fallback=":thumbsup:"/>`,
			"👍\n"},
		{"jira query makes an HTML table",
			`<table><tr><td><ac:structured-macro ac:name="jira"><ac:parameter ` +
				`ac:name="jqlQuery">a = b</ac:parameter></ac:structured-macro></td>` +
				`</tr></table>`,
			"<table>\n<tr>\n<td>\n\n[Jira issues: a = " +
				"b](https://jira.example/issues/?jql=a%20%3D%20b)\n\n</td>\n</tr>\n" +
				"</table>\n"},
		{"pipe in image alt inside a table",
			`<table><tr><th>h</th></tr><tr><td><ac:image ac:width="5" ` +
				`ac:alt="a|b"><ri:url ri:value="https://x/i.png"/></ac:image></td>` +
				`</tr></table>`,
			"| h |\n|---|\n| <img src=\"https://x/i.png\" alt=\"a&#124;b\" width=\"5\"> |\n"},
		{"javascript link dropped",
			`<p><a href="javascript:alert(1)">x</a></p>`,
			"x\n"},
	}
	runConvertCases(t, tests)
}

func TestConvert_links(t *testing.T) {
	tests := []convertCase{
		{"page in same space",
			`<ac:link><ri:page ri:content-title="Some Page"/></ac:link>`,
			"[Some Page](https://site.example/wiki/display/DOC/Some+Page)\n"},
		{"page in other space with anchor and body",
			`<ac:link ac:anchor="Part Two"><ri:page ri:space-key="OPS" ` +
				`ri:content-title="Run"/><ac:link-body><em>run</em></ac:link-body>` +
				`</ac:link>`,
			"[*run*](https://site.example/wiki/display/OPS/Run#part-two)\n"},
		{"title with dot-dot",
			`<ac:link><ri:page ri:content-title="../../etc/passwd"/></ac:link>`,
			"[../../etc/passwd](https://site.example/wiki/display/DOC/..%2F..%2Fetc%2Fpasswd)\n"},
		{"attachment here",
			`<ac:link><ri:attachment ri:filename="../a b.pdf"/></ac:link>`,
			"[../a b.pdf](https://site.example/wiki/download/attachments/42/..%2Fa%20b.pdf)\n"},
		{"attachment on another page",
			`<ac:link><ri:attachment ri:filename="x.png"><ri:page ` +
				`ri:space-key="OPS" ri:content-title="Other"/></ri:attachment>` +
				`</ac:link>`,
			"[x.png](https://site.example/wiki/display/OPS/Other)\n"},
		{"blog post",
			`<ac:link><ri:blog-post ri:content-title="News" ri:posting-day="2024/03/05"/></ac:link>`,
			"[News](https://site.example/wiki/display/DOC/2024/03/05/News)\n"},
		{"space",
			`<ac:link><ri:space ri:space-key="OPS"/></ac:link>`,
			"[OPS](https://site.example/wiki/display/OPS)\n"},
		{"user without resolver",
			`<ac:link><ri:user ri:userkey="ff8080"/></ac:link>`,
			"@ff8080\n"},
		{"empty link is dropped",
			`<p><a href=""></a></p><p><ac:link/></p>`,
			""},
		{"image with size",
			`<ac:image ac:width="200" ac:alt="A &quot;q&quot;"><ri:attachment ` +
				`ri:filename="p q.png"/></ac:image>`,
			"<img " +
				"src=\"https://site.example/wiki/download/attachments/42/p%20q.png\" " +
				"alt=\"A &#34;q&#34;\" width=\"200\">\n"},
		{"image from url with caption",
			`<ac:image ac:alt="logo"><ri:url ri:value="https://x.example/l.png"/>` +
				`<ac:caption><p>The logo</p></ac:caption></ac:image>`,
			"![logo](https://x.example/l.png)\n\n*The logo*\n"},
	}
	runConvertCases(t, tests)
}

func TestConvert_hostile(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // substrings of the output
	}{
		{"broken xml keeps text",
			`<p>before <b>bold</p><p>after & more`,
			[]string{"before", "bold", "after & more"}},
		{"unclosed tag at the end", `<p>text</p><ac:link`, []string{"text"}},
		{"bad entity", `<p>a &bogus; b</p>`, []string{"a", "b"}},
		{"control characters", "<p>a\x00\x07b</p>", []string{"ab"}},
		{"invalid utf-8", "<p>a\xffb</p>", []string{"a\uFFFDb"}},
		{"stray end tags", `</p></ac:link><p>ok</p></div>`, []string{"ok"}},
		{"wrapper name in body",
			`<cfmirror-storage-root><p>in</p></cfmirror-storage-root><p>out</p>`,
			[]string{"in", "out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convertBody(t, tt.body)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			assertClean(t, got)
		})
	}
}

// assertClean fails when output leaks storage-format markup.
func assertClean(t testing.TB, md string) {
	t.Helper()
	for _, bad := range []string{"<ac:", "<ri:", "</ac:", "CDATA", "cfm-", "\a"} {
		if strings.Contains(md, bad) {
			t.Errorf("output contains %q:\n%s", bad, md)
		}
	}
	if !strings.HasSuffix(md, "\n") || strings.HasSuffix(md, "\n\n") {
		t.Errorf("output does not end in exactly one newline: %q", tail(md))
	}
}

func tail(s string) string {
	return s[max(0, len(s)-40):]
}

// TestConvert_linkWithoutSpace checks that a link by title from a page
// whose space is not known searches for the title instead of building a
// URL with an empty space key.
func TestConvert_linkWithoutSpace(t *testing.T) {
	body := `<ac:link><ri:page ri:content-title="Run Book"/></ac:link>`
	res, err := Convert(body, Meta{Title: "T"}, nil, Options{
		BaseURL:     "https://site.example/wiki",
		FrontMatter: FrontMatter{Disabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "[Run Book](https://site.example/wiki/" +
		"dosearchsite.action?queryString=Run%20Book)\n"
	if got := string(res.Markdown); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
