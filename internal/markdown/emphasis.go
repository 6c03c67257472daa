package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// emphasisTags lists the elements written with "*", "**" or "~~".
var emphasisTags = []string{"strong", "b", "em", "i", "s", "del", "strike"}

// htmlNames maps an emphasis element to the inline HTML tag that says
// the same when Markdown delimiters cannot.
var htmlNames = map[string]string{
	"strong": "strong", "b": "strong", "em": "em", "i": "em",
	"s": "del", "del": "del", "strike": "del",
}

// renderEmphasis writes emphasis whose Markdown delimiters would not
// be read as such as inline HTML instead: "**"quoted"**next" shows its
// stars, because a delimiter after punctuation closes only before
// white space or punctuation. Other emphasis is left to the engine.
func renderEmphasis(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	text := []byte(collapseSpace(nodeText(n)))
	if len(text) == 0 || delimitable(n, text) {
		return converter.RenderTryNext
	}

	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	tag := htmlNames[n.Data]
	w.WriteString("<" + tag + ">")
	w.Write(bytes.TrimSpace(buf.Bytes()))
	w.WriteString("</" + tag + ">")
	return converter.RenderSuccess
}

// delimitable reports whether delimiters around text, between the
// node's neighbours, open and close: punctuation just inside a
// delimiter needs white space or punctuation just outside it.
func delimitable(n *html.Node, text []byte) bool {
	first, _ := utf8.DecodeRune(text)
	last, _ := utf8.DecodeLastRune(text)
	if isPunct(first) && isWordRune(outsideRune(n, false)) {
		return false
	}
	return !isPunct(last) || !isWordRune(outsideRune(n, true))
}

// outsideRune returns the text rune right after n (or right before it),
// or a space when an element or nothing is there.
func outsideRune(n *html.Node, after bool) rune {
	sib := n.PrevSibling
	if after {
		sib = n.NextSibling
	}
	if sib == nil || sib.Type != html.TextNode || sib.Data == "" {
		return ' '
	}
	if after {
		r, _ := utf8.DecodeRuneInString(sib.Data)
		return r
	}
	r, _ := utf8.DecodeLastRuneInString(sib.Data)
	return r
}

// isWordRune reports a rune that is neither white space nor
// punctuation.
func isWordRune(r rune) bool {
	return !unicode.IsSpace(r) && !isPunct(r)
}
