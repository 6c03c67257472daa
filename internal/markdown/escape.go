package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
)

// Escaping happens in two steps. While the engine renders, every
// character of page text that Markdown might read as syntax is marked
// with escMark (markText). Once the whole document is rendered, and
// the final line of every character is known, resolveEscapes turns
// each mark into a backslash where the character could really start
// syntax in that place, and drops it everywhere else.
//
// The mark is the engine's own escaping byte: the engine's table,
// link and heading renderers turn it into a backslash where they
// know better (a pipe in a cell, a bracket in link text, a "#" that
// ends a heading). The engine's own escaping is switched off.
const escMark = marker.MarkerEscaping

// Stand-ins for "<" and ">" while the engine's base text step runs,
// which would otherwise write them as "&lt;" and "&gt;".
const (
	ltMark = '\x0e'
	gtMark = '\x0f'
)

// markedChars lists the characters markText marks.
const markedChars = "\\`*_~[]<>&#+-=.)|!"

// markText marks the characters of s that may need a backslash and
// replaces characters the marking relies on, and NUL, with U+FFFD.
func markText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch {
		case r == 0 || r == escMark || r == ltMark || r == gtMark:
			b.WriteRune(utf8.RuneError)
		case r == '<':
			b.WriteRune(escMark)
			b.WriteByte(ltMark)
		case r == '>':
			b.WriteRune(escMark)
			b.WriteByte(gtMark)
		case r < utf8.RuneSelf && strings.IndexByte(markedChars, byte(r)) >= 0:
			b.WriteRune(escMark)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// restoreText puts "<" and ">" back after the engine's base text
// step, still marked. In link text every bracket is escaped: one
// unbalanced bracket would end the link text early.
func restoreText(ctx converter.Context, s string) string {
	if strings.ContainsAny(s, string([]rune{ltMark, gtMark})) {
		s = angleReplacer.Replace(s)
	}
	if inLink, _ := ctx.Value("is_inside_link").(bool); inLink {
		s = bracketReplacer.Replace(s)
	}
	return s
}

var (
	angleReplacer = strings.NewReplacer(
		string(ltMark), "<",
		string(gtMark), ">",
	)
	bracketReplacer = strings.NewReplacer(
		string(escMark)+"[", `\[`,
		string(escMark)+"]", `\]`,
	)
)

// resolveEscapes turns the marks in a rendered document into
// backslashes where they are needed, line by line. Fenced code is
// written with codeNewline instead of line breaks, so the part of a
// line between its first and last codeNewline is code and is kept.
func resolveEscapes(b []byte) []byte {
	if bytes.IndexByte(b, byte(escMark)) < 0 {
		return b
	}
	lines := bytes.Split(b, []byte("\n"))
	out := make([]byte, 0, len(b)+len(b)/16)
	for i, line := range lines {
		if i > 0 {
			out = append(out, '\n')
		}
		// A pipe in text makes a table only next to a delimiter row.
		pipes := isDelimiterRow(line) ||
			i+1 < len(lines) && isDelimiterRow(lines[i+1])
		out = resolveLine(out, line, pipes)
	}
	return out
}

// resolveLine appends line to out with its marks resolved, leaving a
// code part alone; pipes says whether a "|" needs escaping.
func resolveLine(out, line []byte, pipes bool) []byte {
	cn := []byte(codeNewline)
	first := bytes.Index(line, cn)
	if first < 0 {
		return appendResolved(out, line, pipes)
	}
	last := bytes.LastIndex(line, cn) + len(cn)
	out = appendResolved(out, line[:first], pipes)
	out = append(out, line[first:last]...)
	return appendResolved(out, line[last:], pipes)
}

// appendResolved resolves the marks of one line of Markdown.
func appendResolved(out, line []byte, pipes bool) []byte {
	if bytes.IndexByte(line, byte(escMark)) < 0 {
		return append(out, line...)
	}
	l := newMarkedLine(line)
	l.pipes = pipes
	for j := range l.text {
		if l.marked[j] && l.needsEscape(j) {
			out = append(out, '\\')
		}
		out = append(out, l.text[j])
	}
	return out
}

// isDelimiterRow reports a line that could be the delimiter row under
// a GFM table header: dashes, colons and pipes after any quote markers.
func isDelimiterRow(line []byte) bool {
	t := bytes.TrimLeft(line, "> ")
	dash := false
	for _, c := range t {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', byte(escMark):
		default:
			return false
		}
	}
	return dash
}

// markedLine is one line without its marks, with the positions that
// were marked and where its content starts after any quote markers
// and list markers.
type markedLine struct {
	text   []byte
	marked []bool
	start  int
	pipes  bool // a table delimiter row is this line or the next
}

func newMarkedLine(line []byte) *markedLine {
	l := &markedLine{
		text:   make([]byte, 0, len(line)),
		marked: make([]bool, 0, len(line)),
	}
	mark := false
	for _, c := range line {
		if c == byte(escMark) {
			mark = true
			continue
		}
		l.text = append(l.text, c)
		l.marked = append(l.marked, mark)
		mark = false
	}
	l.start = l.contentStart()
	return l
}

// contentStart skips indentation, quote markers and list markers that
// the renderer wrote; what follows may open a block.
func (l *markedLine) contentStart() int {
	i := 0
	for {
		for i < len(l.text) && l.text[i] == ' ' {
			i++
		}
		if i >= len(l.text) || l.marked[i] {
			return i
		}
		next := l.listMarkerEnd(i)
		if l.text[i] == '>' {
			next = i + 1
		}
		if next <= i {
			return i
		}
		i = next
	}
}

// listMarkerEnd returns the end of an unmarked list marker at i ("-",
// "*", "+", "1.", "1)") followed by a space, or i when there is none.
func (l *markedLine) listMarkerEnd(i int) int {
	t := l.text
	j := i
	for j < len(t) && j-i < 9 && isDigit(t[j]) && !l.marked[j] {
		j++
	}
	switch {
	case j > i && j < len(t) && (t[j] == '.' || t[j] == ')'):
		j++
	case j == i && strings.IndexByte("-*+", t[j]) >= 0:
		j++
	default:
		return i
	}
	if j < len(t) && t[j] == ' ' && !l.marked[j-1] {
		return j
	}
	return i
}

// needsEscape decides whether the marked character at j could start
// or end Markdown syntax where it stands.
func (l *markedLine) needsEscape(j int) bool {
	c := l.text[j]
	atStart := j == l.start
	switch c {
	case '\\':
		return j+1 == len(l.text) || isASCIIPunct(l.text[j+1])
	case '`':
		return true
	case '|':
		return l.pipes
	case '*', '~':
		return atStart || l.flanking(j) != 0
	case '_':
		return atStart || l.underscoreDelimits(j)
	case '#', '>', '-', '+', '=':
		return atStart
	case '.', ')':
		return l.endsListNumber(j)
	case '[':
		return atStart || l.opensLink(j)
	case '<':
		return j+1 < len(l.text) && startsTag(l.text[j+1])
	case '&':
		return entityLike.Match(l.text[j:])
	}
	return false
}

// Results of flanking, combinable.
const (
	leftFlanking  = 1
	rightFlanking = 2
)

// flanking classifies the delimiter run around j as CommonMark does:
// a left-flanking run can open emphasis, a right-flanking one close it.
func (l *markedLine) flanking(j int) int {
	c := l.text[j]
	a, b := j, j+1
	for a > 0 && l.text[a-1] == c {
		a--
	}
	for b < len(l.text) && l.text[b] == c {
		b++
	}
	before, after := l.runeBefore(a), l.runeAt(b)

	f := 0
	if !unicode.IsSpace(after) &&
		(!isPunct(after) || unicode.IsSpace(before) || isPunct(before)) {
		f |= leftFlanking
	}
	if !unicode.IsSpace(before) &&
		(!isPunct(before) || unicode.IsSpace(after) || isPunct(after)) {
		f |= rightFlanking
	}
	return f
}

// underscoreDelimits reports an underscore run that can open or close
// emphasis: unlike "*", one inside a word cannot.
func (l *markedLine) underscoreDelimits(j int) bool {
	f := l.flanking(j)
	a, b := j, j+1
	for a > 0 && l.text[a-1] == '_' {
		a--
	}
	for b < len(l.text) && l.text[b] == '_' {
		b++
	}
	left, right := f&leftFlanking != 0, f&rightFlanking != 0
	opens := left && (!right || isPunct(l.runeBefore(a)))
	closes := right && (!left || isPunct(l.runeAt(b)))
	return opens || closes
}

// runeBefore returns the rune ending before i; a line's edges count as
// white space.
func (l *markedLine) runeBefore(i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRune(l.text[:i])
	return r
}

// runeAt returns the rune starting at i, or a space past the end.
func (l *markedLine) runeAt(i int) rune {
	if i >= len(l.text) {
		return ' '
	}
	r, _ := utf8.DecodeRune(l.text[i:])
	return r
}

// endsListNumber reports "." or ")" after one to nine digits that
// open the line's content and before a space or the line's end: an
// ordered list item.
func (l *markedLine) endsListNumber(j int) bool {
	n := j - l.start
	if n < 1 || n > 9 {
		return false
	}
	for _, c := range l.text[l.start:j] {
		if !isDigit(c) {
			return false
		}
	}
	return j+1 == len(l.text) || l.text[j+1] == ' '
}

// opensLink reports whether the bracket at j, with its matching
// closing bracket, could form a link: the closing bracket is followed
// by "(" or "[".
func (l *markedLine) opensLink(j int) bool {
	depth := 0
	for k := j; k < len(l.text); k++ {
		switch l.text[k] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return k+1 < len(l.text) &&
					(l.text[k+1] == '(' || l.text[k+1] == '[')
			}
		}
	}
	return false
}

// entityLike matches "&" followed by what Markdown reads as an entity
// or numeric character reference.
var entityLike = regexp.MustCompile(
	`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);`)

// startsTag reports a character that, after "<", can begin an HTML
// tag, comment, declaration or autolink.
func startsTag(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
		c == '/' || c == '!' || c == '?'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isASCIIPunct reports the characters a backslash can escape.
func isASCIIPunct(c byte) bool {
	return c < utf8.RuneSelf &&
		strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// isPunct reports Unicode punctuation or symbols, as CommonMark's
// flanking rules define them.
func isPunct(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
