package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// DefaultMaxName is the byte bound on one path element (a page folder or
// an attachment file name) when Options.MaxName is zero.
const DefaultMaxName = 80

// MinMaxName is the smallest Options.MaxName accepted: room for a short
// title plus an id that tells colliding siblings apart.
const MinMaxName = 24

// Fallback names used when sanitising leaves nothing.
const (
	fallbackSlug = "page"
	fallbackStem = "file"
)

// maxExt bounds the extension FileName keeps, in bytes.
const maxExt = 16

// Slug turns a page title into a folder name safe on Linux, macOS and
// Windows, at most DefaultMaxName bytes long. The rules, in order:
//
//  1. The title is normalised to NFC, so precomposed and combining forms
//     of the same text give the same slug.
//  2. Letters and numbers of every script are kept, lower-cased (and
//     the result normalised again).
//     Combining marks are kept when they follow a kept rune. Invisible
//     format characters (soft hyphens, zero-width joiners, bidi
//     controls) are dropped. Every other run of runes (spaces,
//     punctuation, symbols, emoji, path separators, control characters,
//     invalid UTF-8) becomes a single '-'.
//  3. Leading and trailing '-' are removed, so a slug never starts or
//     ends with '-' or '.', and never is "." or "..".
//  4. The result is cut to the byte bound on a rune boundary, and a '-'
//     the cut leaves at the end is removed.
//  5. An empty result becomes "page".
//  6. A Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9 and the
//     superscript-digit variants) gets '_' appended: "con" → "con_".
//
// A slug is valid UTF-8 and contains none of <>:"/\|?*, NUL or control
// characters.
func Slug(title string) string {
	return slug(title, DefaultMaxName)
}

// FileName sanitises an attachment's file name by the rules of Slug,
// with these differences: case is kept; '.' and '_' are kept; and the
// extension (the letters and digits after the last '.', at most 16
// bytes) is kept whole, so a long name loses the end of its stem, not
// its extension. A name starting with '.' is a hidden file: its leading
// dots are dropped (".bashrc" → "bashrc"). The stem never starts with
// '.' or '-', nor ends with '.', '-' or '_'; an empty stem becomes
// "file" ("🚀.png" → "file.png"). A Windows device name gets '_' after
// it, before any extension ("con.txt" → "con_.txt"). The result is at
// most DefaultMaxName bytes.
func FileName(name string) string {
	return fileName(name, DefaultMaxName)
}

func slug(title string, max int) string {
	return joinName(slugStem(title), "", "", max)
}

func fileName(name string, max int) string {
	stem, ext := fileParts(name)
	return joinName(stem, "", ext, max)
}

// fileParts is FileName split into its stem and extension, unbounded.
// A hidden file's leading dots go first, so ".bashrc" is a stem, while
// "🚀.png" is an empty stem with an extension.
func fileParts(name string) (stem, ext string) {
	s := sanitize(name, false, "._")
	if strings.HasPrefix(strings.TrimSpace(name), ".") {
		s = strings.TrimLeft(s, ".")
	}
	stem, ext = splitExt(s)
	return trimStem(stem), ext
}

// trimStem removes the dots and dashes a stem may not start or end with,
// and names an empty stem.
func trimStem(stem string) string {
	stem = strings.Trim(stem, "-.")
	if stem == "" {
		return fallbackStem
	}
	return stem
}

// joinName builds stem+suffix+ext within max bytes, cutting the stem
// first, and makes the result safe from Windows device names.
func joinName(stem, suffix, ext string, max int) string {
	if ext != "" {
		ext = "." + ext
	}
	if len(suffix)+len(ext) >= max {
		// A long extension and a long suffix: the suffix tells siblings
		// apart, so it wins. It fits in MinMaxName-1 bytes for fewer
		// than 10^9 siblings, so its counter is never cut.
		ext = ""
		suffix = truncate(suffix, max-1)
	}
	stem = trimEnd(truncate(stem, max-len(suffix)-len(ext)))
	if stem == "" {
		stem, suffix = strings.TrimLeft(suffix, "-"), ""
	}
	if stem == "" {
		stem = fallbackStem
	}
	return unreserve(stem + suffix + ext)
}

// splitExt splits s at its last '.' when what follows is a plausible
// extension: 1 to maxExt bytes of letters and digits.
func splitExt(s string) (stem, ext string) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return s, ""
	}
	ext = s[i+1:]
	if ext == "" || len(ext) > maxExt {
		return s, ""
	}
	for _, r := range ext {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return s, ""
		}
	}
	return s[:i], ext
}

// sanitize applies rules 1–3 of Slug. Runes in keep pass verbatim but
// are not letters: a combining mark after one is dropped.
func sanitize(s string, lower bool, keep string) string {
	var b strings.Builder
	b.Grow(len(s))
	base := false // last rune written can carry a combining mark
	dash := true  // at start or after '-': drop further separators
	for _, r := range norm.NFC.String(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			base, dash = true, false
		case unicode.Is(unicode.M, r):
			if base {
				b.WriteRune(r)
			}
		case unicode.Is(unicode.Cf, r):
			// Invisible: dropping it keeps words whole.
		case r < utf8.RuneSelf && strings.IndexByte(keep, byte(r)) >= 0:
			b.WriteRune(r)
			base, dash = false, false
		default:
			if !dash {
				b.WriteByte('-')
			}
			base, dash = false, true
		}
	}
	// Lower-casing can leave a letter and a mark uncomposed ("İ́").
	return strings.TrimRight(norm.NFC.String(b.String()), "-")
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// trimEnd removes the separators a cut may leave at the end.
func trimEnd(s string) string {
	return strings.TrimRight(s, "-._")
}

// unreserve appends '_' to a name whose part before the first '.' is a
// Windows device name, which Windows refuses whatever the extension.
func unreserve(name string) string {
	stem, rest, dot := strings.Cut(name, ".")
	if !reserved(stem) {
		return name
	}
	if dot {
		return stem + "_." + rest
	}
	return stem + "_"
}

func reserved(stem string) bool {
	u := strings.ToUpper(strings.TrimRight(stem, " "))
	switch u {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(u) < 4 || (u[:3] != "COM" && u[:3] != "LPT") {
		return false
	}
	switch u[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
		"¹", "²", "³":
		return true
	}
	return false
}
