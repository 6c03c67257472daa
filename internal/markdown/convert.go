package markdown

import (
	"bytes"
	"fmt"

	"golang.org/x/net/html"
)

// Convert turns one storage-format body into a Markdown document.
// Malformed markup is not an error: it falls back to lenient parsing and
// finally to the text content, so every page gets a file. The result
// depends only on the arguments, byte for byte. Convert is safe for
// concurrent use; r is called from the calling goroutine only.
func Convert(body string, meta Meta, r Resolver, opts Options) (Result, error) {
	s := newState(meta, r, opts)
	root := parse(body)
	s.scan(root)

	md := s.render(root)

	var out bytes.Buffer
	if !opts.FrontMatter.Disabled {
		fm, err := frontMatter(meta, s.props, opts.FrontMatter)
		if err != nil {
			return Result{}, fmt.Errorf("convert page %s: %w", meta.ID, err)
		}
		out.Write(fm)
		if len(md) > 0 {
			out.WriteByte('\n')
		}
	}
	out.Write(md)
	if len(md) > 0 {
		out.WriteByte('\n')
	}
	return Result{
		Markdown:   out.Bytes(),
		Deps:       s.deps.result(),
		Properties: s.props,
	}, nil
}

func newState(meta Meta, r Resolver, opts Options) *state {
	return &state{
		meta: meta,
		opts: opts,
		res:  r,
		page: PageRef{
			ID:       meta.ID,
			SpaceKey: meta.SpaceKey,
			Title:    meta.Title,
		},
		anchors: map[string]bool{},
	}
}

// scan learns what links on the page may point at before translation:
// its headings (for toc and anchors) and its anchor macros.
func (s *state) scan(root *node) {
	s.toc = newOutline(root)
	walk(root, func(n *node) bool {
		if n.name == "ac:structured-macro" && n.attr("ac:name") == "anchor" {
			m := &macro{n: n}
			s.anchors[m.param("")] = true
		}
		return true
	})
}

// render translates the tree and runs the Markdown engine over it. If
// the engine fails, the page keeps its text.
func (s *state) render(root *node) []byte {
	body := elem("body", s.convertKids(root)...)
	separateLists(body)
	tightenLists(body)
	doc := &html.Node{Type: html.DocumentNode}
	doc.AppendChild(elem("html", body))

	md, err := markdownEngine().ConvertNode(doc)
	if err != nil {
		text := collapseSpace(plainText(root))
		return resolveEscapes([]byte(escapeInline(text)))
	}
	md = bytes.ReplaceAll(md, []byte(codeNewline), []byte("\n"))
	return bytes.TrimSpace(md)
}
