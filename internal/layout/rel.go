package layout

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rel returns the Markdown link target that leads from the file from to
// the file to. Both are slash-separated paths relative to one root, as
// Layout returns them; both are cleaned first, and ".." that would climb
// above the root is dropped.
//
// The target is slash-separated and starts with "./" or "../", so it is
// never read as a URL scheme or an absolute path. Each element is
// escaped for a Markdown link destination: ASCII other than letters,
// digits and -._~!$'*+,;=:@ is percent-encoded (so spaces, parentheses,
// '#', '%', '?' and '&' are), as are non-ASCII spaces, controls, format
// characters and invalid UTF-8. Other non-ASCII text stays readable. A
// fragment ("#anchor") may be appended by the caller.
func Rel(from, to string) string {
	src := split(path.Dir(clean(from)))
	dst := split(clean(to))
	i := 0
	for i < len(src) && i < len(dst) && src[i] == dst[i] {
		i++
	}
	var b strings.Builder
	if i == len(src) {
		b.WriteString("./")
	}
	for range len(src) - i {
		b.WriteString("../")
	}
	for j, el := range dst[i:] {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(escape(el))
	}
	return b.String()
}

// clean makes p a clean path relative to the root, "." for the root.
func clean(p string) string {
	p = path.Clean("/" + p)
	if p == "/" {
		return "."
	}
	return p[1:]
}

func split(p string) []string {
	if p == "." {
		return nil
	}
	return strings.Split(p, "/")
}

// escape percent-encodes one path element for a link destination.
func escape(el string) string {
	var b strings.Builder
	for i := 0; i < len(el); {
		r, size := utf8.DecodeRuneInString(el[i:])
		if keepRune(r, size) {
			b.WriteString(el[i : i+size])
		} else {
			for _, c := range []byte(el[i : i+size]) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		i += size
	}
	return b.String()
}

// keepRune reports whether r may stand unescaped in a link destination.
func keepRune(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	if r >= utf8.RuneSelf {
		return unicode.IsGraphic(r) && !unicode.IsSpace(r) &&
			!unicode.Is(unicode.Cf, r)
	}
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' ||
		'0' <= r && r <= '9' || strings.ContainsRune("-._~!$'*+,;=:@", r)
}
