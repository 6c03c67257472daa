package markdown

import (
	"encoding/xml"
	"errors"
	"html"
	"io"
	"strings"
)

// maxDepth bounds the element nesting kept from a body. Deeper elements
// are flattened into their text so that hostile input cannot exhaust
// the stack of the recursive passes that follow.
const maxDepth = 96

// rootName wraps a body so that the XML decoder sees one document.
const rootName = "cfmirror-storage-root"

// parse reads a storage-format body into a node tree. It never fails:
// a body that is not well-formed XML is read again leniently, and
// whatever even the lenient pass cannot read is kept as plain text.
func parse(body string) *node {
	doc := "<" + rootName + ">" + sanitize(body) + "</" + rootName + ">"

	if root, _, err := decode(doc, true); err == nil {
		return root
	}

	root, off, err := decode(doc, false)
	if err != nil && off < int64(len(doc)) {
		rest := stripTags(doc[off:])
		root.kids = append(root.kids, &node{text: rest})
	}
	return root
}

// decode builds the tree with the standard XML tokenizer. It returns
// the tree read so far, the input offset reached and the first error.
func decode(doc string, strict bool) (*node, int64, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = strict
	d.Entity = xml.HTMLEntity

	b := builder{root: &node{name: rootName}}
	b.stack = []*node{b.root}
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return b.root, off, nil
		}
		if err != nil {
			return b.root, off, err
		}
		b.add(tok)
	}
}

// builder turns a token stream into a tree without recursion.
type builder struct {
	root    *node
	stack   []*node
	skipped int  // open elements dropped for depth
	opened  bool // the wrapper element was read
}

func (b *builder) add(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		b.start(t)
	case xml.EndElement:
		b.end(qualified(t.Name))
	case xml.CharData:
		b.text(string(t))
	}
}

func (b *builder) start(t xml.StartElement) {
	name := qualified(t.Name)
	if !b.opened {
		b.opened = true // the wrapper element itself
		return
	}
	if len(b.stack) >= maxDepth {
		b.skipped++
		return
	}

	n := &node{name: name}
	for _, a := range t.Attr {
		n.attrs = append(n.attrs, attr{qualified(a.Name), a.Value})
	}
	top := b.stack[len(b.stack)-1]
	top.kids = append(top.kids, n)
	b.stack = append(b.stack, n)
}

// end closes the nearest open element of that name, and every element
// opened after it; an end tag that matches nothing is ignored.
func (b *builder) end(name string) {
	if b.skipped > 0 {
		b.skipped--
		return
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		if b.stack[i].name == name {
			b.stack = b.stack[:i]
			return
		}
	}
}

// text appends character data, joining it to a preceding text node so
// that split CDATA sections read as one text. Text of elements dropped
// for depth goes to the deepest open element that shows its text.
func (b *builder) text(s string) {
	top := b.stack[len(b.stack)-1]
	if b.skipped > 0 {
		top = b.textHolder()
	}
	if k := len(top.kids); k > 0 && top.kids[k-1].isText() {
		top.kids[k-1].text += s
		return
	}
	top.kids = append(top.kids, &node{text: s})
}

// structural lists elements whose direct text is not shown.
var structural = map[string]bool{
	"table": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "ul": true, "ol": true, "colgroup": true,
	"ac:structured-macro": true, "ac:macro": true, "ac:task-list": true,
	"ac:task": true, "ac:layout": true, "ac:layout-section": true,
	"ac:adf-extension": true, "ac:adf-node": true, "ac:link": true,
	"ac:image": true, "ac:parameter": true, "ac:placeholder": true,
}

func (b *builder) textHolder() *node {
	for i := len(b.stack) - 1; i > 0; i-- {
		n := b.stack[i]
		if !structural[n.name] && prefix(n.name) != "ri" {
			return n
		}
	}
	return b.root
}

// qualified spells a name as written, lower-cased: "ac:link", "p".
func qualified(n xml.Name) string {
	if n.Space == "" {
		return strings.ToLower(n.Local)
	}
	return strings.ToLower(n.Space + ":" + n.Local)
}

// sanitize makes a body acceptable to the tokenizer: valid UTF-8 and no
// characters XML forbids. The private-use rune the Markdown engine uses
// as a line marker inside code is replaced as well.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		case r >= 0xF000 && r <= 0xF0FF:
			return '\uFFFD'
		}
		return r
	}, s)
}

// stripTags is the last resort for input no parser accepts: the text
// between the tags, with entities resolved.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i+1:])
			break
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}
