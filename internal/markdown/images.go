package markdown

import (
	"cmp"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// image is what an image needs to be shown.
type image struct {
	src, alt, title string
	width, height   string
}

// imageNode renders an image as Markdown, or as an HTML <img> when it
// has a size, which Markdown cannot say.
func imageNode(im image) *xhtml.Node {
	if im.width == "" && im.height == "" {
		n := setAttr(elem("img"), "src", im.src)
		setAttr(n, "alt", im.alt)
		if im.title != "" {
			setAttr(n, "title", im.title)
		}
		return n
	}

	var b strings.Builder
	b.WriteString(`<img src="` + htmlAttr(urlSpaces(im.src)) + `"`)
	b.WriteString(` alt="` + htmlAttr(im.alt) + `"`)
	for _, a := range [][2]string{
		{"title", im.title}, {"width", im.width}, {"height", im.height},
	} {
		if a[1] != "" {
			b.WriteString(" " + a[0] + `="` + htmlAttr(a[1]) + `"`)
		}
	}
	b.WriteString(">")
	return raw(b.String())
}

// htmlAttr escapes an attribute value; "|" is escaped too, so that the
// tag cannot split a GFM table cell.
func htmlAttr(v string) string {
	return strings.ReplaceAll(html.EscapeString(v), "|", "&#124;")
}

// urlSpaces encodes the spaces a file name brings into a URL.
func urlSpaces(u string) string {
	return strings.ReplaceAll(u, " ", "%20")
}

// image translates <ac:image> with an attachment or URL source.
func (s *state) image(n *node) []*xhtml.Node {
	src := s.imageSource(n)
	if src == "" {
		return nil
	}
	im := image{
		src:    src,
		alt:    n.attr("ac:alt"),
		title:  n.attr("ac:title"),
		width:  dimension(n.attr("ac:width")),
		height: dimension(n.attr("ac:height")),
	}
	img := imageNode(im)

	capt := n.child("ac:caption")
	if capt == nil || strings.TrimSpace(capt.rawText()) == "" {
		return []*xhtml.Node{img}
	}
	caption := elem("em", s.convertKids(capt)...)
	return []*xhtml.Node{block(img), block(caption)}
}

// imageSource is the link to an image's attachment or URL, or "".
func (s *state) imageSource(n *node) string {
	if ri := n.child("ri:attachment"); ri != nil {
		a := s.attachmentRef(ri)
		s.deps.attachment(a)
		return s.attachmentHref(a)
	}
	if ri := n.child("ri:url"); ri != nil {
		v := strings.TrimSpace(ri.attr("ri:value"))
		if !isScript(v) {
			return v
		}
	}
	return ""
}

// dimension keeps a pixel size only when it is a plain number.
func dimension(v string) string {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	if f, err := strconv.ParseFloat(v, 64); err != nil || f <= 0 {
		return ""
	}
	return v
}

// emoticons maps the names of Confluence's classic emoticons.
var emoticons = map[string]string{
	"smile": "🙂", "sad": "🙁", "cheeky": "😛", "laugh": "😀",
	"wink": "😉", "thumbs-up": "👍", "thumbs-down": "👎",
	"information": "ℹ️", "tick": "✅", "cross": "❌",
	"warning": "⚠️", "plus": "➕", "minus": "➖", "question": "❓",
	"light-on": "💡", "light-off": "💡", "yellow-star": "⭐",
	"red-star": "⭐", "green-star": "⭐", "blue-star": "⭐",
	"heart": "❤️", "broken-heart": "💔",
}

// emoticon returns the emoji character an <ac:emoticon> stands for.
func emoticon(n *node) string {
	fb := n.attr("ac:emoji-fallback")
	if fb != "" && !isShortname(fb) {
		return fb
	}
	if e := emojiFromID(n.attr("ac:emoji-id")); e != "" {
		return e
	}
	if e, ok := emoticons[n.attr("ac:name")]; ok {
		return e
	}
	return cmp.Or(n.attr("ac:emoji-shortname"), fb,
		":"+n.attr("ac:name")+":")
}

// isShortname reports a ":name:" form.
func isShortname(s string) bool {
	return len(s) > 1 && s[0] == ':' && s[len(s)-1] == ':'
}

// emojiFromID decodes ids such as "1f44d" or "1f44d-1f3fb".
func emojiFromID(id string) string {
	if id == "" {
		return ""
	}
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		cp, err := strconv.ParseUint(part, 16, 32)
		if err != nil || cp < 0x20 || !utf8.ValidRune(rune(cp)) {
			return ""
		}
		b.WriteRune(rune(cp))
	}
	return b.String()
}
