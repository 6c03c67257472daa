package markdown

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	xhtml "golang.org/x/net/html"
)

// codeNewline is the engine's stand-in for a line break inside fenced
// code: the engine's whitespace clean-ups do not touch it, and it turns
// back into "\n" as the very last step.
var codeNewline = string(marker.BytesMarkerCodeBlockNewline)

var (
	engineOnce sync.Once
	engine     *converter.Converter
)

// markdownEngine returns the shared HTML-to-Markdown converter. Its
// renderers keep no state, so one converter serves all conversions.
func markdownEngine() *converter.Converter {
	engineOnce.Do(func() { engine = newEngine() })
	return engine
}

func newEngine() *converter.Converter {
	c := converter.NewConverter(
		// escape.go decides on escapes with the whole line in view.
		converter.WithEscapeMode(converter.EscapeModeDisabled),
		converter.WithPlugins(
			base.NewBasePlugin(),
			commonmark.NewCommonmarkPlugin(
				commonmark.WithHorizontalRule("---"),
				commonmark.WithListEndComment(false),
			),
			strikethrough.NewStrikethroughPlugin(),
			table.NewTablePlugin(
				table.WithCellPaddingBehavior(table.CellPaddingBehaviorMinimal),
			),
		))

	r := &c.Register
	early := converter.PriorityEarly
	r.RendererFor(tagCode, converter.TagTypeBlock, renderCode, early)
	r.RendererFor(tagAlert, converter.TagTypeBlock, renderAlert, early)
	r.RendererFor(tagDetails, converter.TagTypeBlock, renderDetails, early)
	r.RendererFor(tagTable, converter.TagTypeBlock, renderTable, early)
	r.RendererFor(tagRaw, converter.TagTypeInline, renderRaw, early)
	r.RendererFor("blockquote", converter.TagTypeBlock, renderQuote, early)
	r.RendererFor("ul", converter.TagTypeBlock, renderTightList, early)
	r.RendererFor("ol", converter.TagTypeBlock, renderTightList, early)
	for _, tag := range emphasisTags {
		r.RendererFor(tag, converter.TagTypeInline, renderEmphasis, early)
	}
	for _, tag := range codeSpanTags {
		r.RendererFor(tag, converter.TagTypeInline, renderCodeSpan, early)
	}

	// Page text is marked for escaping before the base step and gets
	// its angle brackets back right after it; see escape.go.
	r.TextTransformer(func(_ converter.Context, s string) string {
		return markText(s)
	}, converter.PriorityStandard-1)
	r.TextTransformer(restoreText, converter.PriorityStandard+1)

	// Runs on the whole document before code line markers turn back
	// into newlines, so code bodies stay untouched.
	r.PostRenderer(func(_ converter.Context, b []byte) []byte {
		return normalize(resolveEscapes(b))
	}, converter.PriorityLate-100)
	return c
}

// renderRaw writes Markdown prepared by the translation as is.
func renderRaw(_ converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	w.WriteString(getAttr(n, "md"))
	return converter.RenderSuccess
}

// renderCode writes a fenced block whose body no later step changes.
func renderCode(_ converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	body := getAttr(n, "body")
	fence := fenceFor(body)
	info := infoString(getAttr(n, "lang"), getAttr(n, "title"))

	w.WriteString("\n\n" + fence + info + codeNewline)
	w.WriteString(strings.ReplaceAll(body, "\n", codeNewline))
	w.WriteString(codeNewline + fence + "\n\n")
	return converter.RenderSuccess
}

// renderKids renders the children of n as a finished Markdown block.
func renderKids(ctx converter.Context, n *xhtml.Node) []byte {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	return bytes.TrimSpace(buf.Bytes())
}

// quoteLines prefixes every line, code lines included, with "> ".
func quoteLines(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\n"), []byte("\n> "))
	b = bytes.ReplaceAll(b, []byte(codeNewline), []byte(codeNewline+"> "))
	return append([]byte("> "), b...)
}

// renderQuote replaces the engine's block quote, which loses the quote
// marker on the lines of a code block inside it.
func renderQuote(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	content := renderKids(ctx, n)
	if len(content) == 0 {
		return converter.RenderSuccess
	}
	w.WriteString("\n\n")
	w.Write(quoteLines(content))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderAlert writes a GFM alert: "> [!NOTE]", an optional bold title
// line, then the content.
func renderAlert(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	head := strings.TrimSpace(getAttr(n, "icon") + " " +
		boldTitle(getAttr(n, "title")))
	content := renderKids(ctx, n)
	if head == "" && len(content) == 0 {
		return converter.RenderSuccess
	}

	// An icon without a title starts the first line of the content.
	var b bytes.Buffer
	b.WriteString("[!" + getAttr(n, "kind") + "]\n")
	if head != "" {
		b.WriteString(head + "\n")
		if len(content) > 0 && getAttr(n, "title") != "" {
			b.WriteString("\n")
		}
	}
	b.Write(content)

	w.WriteString("\n\n")
	w.Write(quoteLines(b.Bytes()))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// boldTitle renders a title as bold text, or "" when there is none.
func boldTitle(t string) string {
	t = strings.TrimSpace(t)
	if t == "" {
		return ""
	}
	return "**" + escapeInline(t) + "**"
}

// renderDetails writes a collapsible <details> block whose body is
// Markdown set apart by blank lines, which GFM renders inside it.
func renderDetails(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	summary := html.EscapeString(getAttr(n, "summary"))
	w.WriteString("\n\n<details>\n<summary>" + summary + "</summary>\n\n")
	w.Write(renderKids(ctx, n))
	w.WriteString("\n\n</details>\n\n")
	return converter.RenderSuccess
}

// renderTable writes an HTML table for content a GFM table cannot hold
// (spans, blocks). A cell holding more than plain text gets its
// Markdown between blank lines so that GFM renders it.
func renderTable(ctx converter.Context, w converter.Writer, n *xhtml.Node) converter.RenderStatus {
	w.WriteString("\n\n<table>\n")
	for row := n.FirstChild; row != nil; row = row.NextSibling {
		w.WriteString("<tr>\n")
		for cell := row.FirstChild; cell != nil; cell = cell.NextSibling {
			writeCell(ctx, w, cell)
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</table>\n\n")
	return converter.RenderSuccess
}

func writeCell(ctx converter.Context, w converter.Writer, cell *xhtml.Node) {
	tag := getAttr(cell, "tag")
	w.WriteString("<" + tag)
	for _, k := range []string{"colspan", "rowspan", "align"} {
		if v := getAttr(cell, k); v != "" {
			fmt.Fprintf(w, " %s=%q", k, v)
		}
	}
	w.WriteString(">")

	content := renderKids(ctx, cell)
	if isPlainText(content) {
		w.Write(content)
	} else {
		w.WriteString("\n\n")
		w.Write(content)
		w.WriteString("\n\n")
	}
	w.WriteString("</" + tag + ">\n")
}

// isPlainText reports Markdown that reads the same as HTML text.
func isPlainText(b []byte) bool {
	if bytes.ContainsAny(b, "\n*_`[]<>&\\|~#!") ||
		bytes.Contains(b, []byte(codeNewline)) {
		return false
	}
	return !listStart.Match(b)
}

// listStart matches text that Markdown reads as a list item.
var listStart = regexp.MustCompile(`^([-+=]|\d+[.)])`)

// escapeInline marks the characters of a short text, such as a title,
// that may need escaping; the engine's last step resolves the marks.
func escapeInline(s string) string {
	return markText(s)
}
