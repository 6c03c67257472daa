package markdown

import (
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// codeSpanTags lists the elements written as Markdown code spans.
var codeSpanTags = []string{"code", "kbd", "samp", "tt", "var"}

// renderCodeSpan writes inline code. It replaces the engine's
// renderer, which pads only the side of the content that touches a
// backtick (a reader then sees a stray space) and leaves a pipe in a
// table cell unescaped (the pipe then splits the cell).
func renderCodeSpan(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	code := collapseSpace(nodeText(n))
	if code == "" {
		return converter.RenderSuccess
	}
	w.WriteString(codeSpan(code, inGFMTable(n)))
	return converter.RenderSuccess
}

// codeSpan returns code as a Markdown code span. The fence is one
// backtick longer than the longest run inside, so no run closes it.
// Content that starts or ends with a backtick, or with a space at
// both ends, gets one space of padding on each side, which readers
// strip again. In a GFM table cell, "|" is written "\|", which GFM
// reads as a pipe even inside code.
func codeSpan(code string, inTable bool) string {
	if inTable {
		code = strings.ReplaceAll(code, "|", `\|`)
	}
	fence := strings.Repeat("`", longestRun(code, '`')+1)
	if strings.HasPrefix(code, "`") || strings.HasSuffix(code, "`") ||
		strings.HasPrefix(code, " ") && strings.HasSuffix(code, " ") {
		code = " " + code + " "
	}
	return fence + code + fence
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// nodeText is the text of an HTML node and its descendants.
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && k.Data == "br" {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(nodeText(k))
	}
	return b.String()
}

// inGFMTable reports a node inside a table the engine writes as a GFM
// table; tables kept as HTML use their own element names.
func inGFMTable(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "table" {
			return true
		}
	}
	return false
}
