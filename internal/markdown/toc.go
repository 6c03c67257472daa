package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// heading is one heading of the page with the id that GitHub, Hugo and
// MkDocs derive from its text.
type heading struct {
	level int
	text  string
	id    string
}

// outline lists a page's headings in order.
type outline struct {
	heads []heading
}

// newOutline collects the headings of a page and gives each a unique
// id the way GitHub does: a repeated id gets "-1", "-2", ...
func newOutline(root *node) *outline {
	o := &outline{}
	seen := map[string]int{}
	walk(root, func(n *node) bool {
		level := headingLevel(n.name)
		if level == 0 {
			return n.name != "ac:plain-text-body"
		}
		text := strings.TrimSpace(collapseSpace(plainText(n)))
		id := slug(text)
		if k, ok := seen[id]; ok {
			seen[id] = k + 1
			id += "-" + strconv.Itoa(k+1)
		} else {
			seen[id] = 0
		}
		o.heads = append(o.heads, heading{level, text, id})
		return false
	})
	return o
}

// match finds the heading a Confluence anchor name refers to.
func (o *outline) match(anchor string) (string, bool) {
	want := squash(anchor)
	for _, h := range o.heads {
		if squash(h.text) == want || h.id == anchor {
			return h.id, true
		}
	}
	return "", false
}

// squash keeps only lower-case letters and digits, for loose matching.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// walk visits n's descendants depth first; visit returns false to skip
// a node's children.
func walk(n *node, visit func(*node) bool) {
	for _, k := range n.kids {
		if !k.isText() && visit(k) {
			walk(k, visit)
		}
	}
}

func headingLevel(name string) int {
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		return int(name[1] - '0')
	}
	return 0
}

// slug derives a heading id as GitHub does: lower case, spaces to
// hyphens, punctuation other than '-' and '_' dropped.
func slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) ||
			unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// collapseSpace turns runs of white space into single spaces.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// anchorID returns the id a same-page anchor link should point at: an
// anchor macro of that name, a heading it names, or its own slug.
func (s *state) anchorID(name string) string {
	if s.anchors[name] {
		return name
	}
	if id, ok := s.toc.match(name); ok {
		return id
	}
	return slug(name)
}

// tocMacro lists the page's headings between minLevel and maxLevel as
// nested links.
func (s *state) tocMacro(m *macro) []*html.Node {
	lo := levelParam(m.param("minLevel"), 1)
	hi := levelParam(m.param("maxLevel"), 6)
	var heads []heading
	for _, h := range s.toc.heads {
		if h.level >= lo && h.level <= hi && h.id != "" {
			heads = append(heads, h)
		}
	}
	if len(heads) == 0 {
		return nil
	}
	return []*html.Node{tocList(heads, heads[0].level)}
}

// tocList nests headings deeper than base under the item before them.
func tocList(heads []heading, base int) *html.Node {
	ul := elem("ul")
	var last *html.Node
	for i := 0; i < len(heads); {
		h := heads[i]
		if h.level > base && last != nil {
			j := i
			for j < len(heads) && heads[j].level > base {
				j++
			}
			last.AppendChild(tocList(heads[i:j], heads[i].level))
			i = j
			continue
		}
		a := setAttr(elem("a", textNode(h.text)), "href", "#"+h.id)
		last = elem("li", a)
		ul.AppendChild(last)
		i++
	}
	return ul
}

func levelParam(v string, def int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 6 {
		return def
	}
	return n
}
