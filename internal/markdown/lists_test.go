package markdown

import "testing"

// TestConvert_tightLists checks that a nested list sits right below
// its item's text, unless Markdown would then read it differently.
func TestConvert_tightLists(t *testing.T) {
	tests := []convertCase{
		{"text then list",
			`<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>`,
			"- a\n  - b\n    1. c\n"},
		{"paragraph then list",
			`<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>`,
			"- a\n  - b\n"},
		{"two paragraphs stay apart",
			`<ul><li><p>a</p><p>b</p><ul><li>c</li></ul></li></ul>`,
			"- a\n\n  b\n\n  - c\n"},
		{"numbered list not from one",
			`<ul><li>a<ol start="3"><li>c</li></ol></li></ul>`,
			"- a\n\n  3. c\n"},
		{"text after the nested list",
			`<ul><li>a<ul><li>b</li></ul>c</li></ul>`,
			"- a\n\n  - b\n\n  c\n"},
		{"list after a code block",
			`<ul><li><pre>x</pre><ul><li>b</li></ul></li></ul>`,
			"- ```\n  x\n  ```\n\n  - b\n"},
	}
	runConvertCases(t, tests)
}
