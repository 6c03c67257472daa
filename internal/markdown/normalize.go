package markdown

import "bytes"

// normalize tidies the engine's output: no trailing blanks except a
// two-space hard break before a following line, at most one blank
// line in a row, no blank lines at either end. Code bodies are hidden
// behind codeNewline at this point, so they are not touched.
func normalize(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	out := make([][]byte, 0, len(lines))
	var prev []byte
	first := true
	for i, line := range lines {
		t := bytes.TrimRight(line, " \t")
		if isHardBreak(line, t) && i+1 < len(lines) &&
			len(bytes.TrimSpace(lines[i+1])) > 0 {
			t = append(t, ' ', ' ')
		}
		if len(t) == 0 && first {
			continue
		}
		if !first && isEmptyLine(t) && bytes.Equal(t, prev) {
			continue
		}
		out = append(out, t)
		prev, first = t, false
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return bytes.Join(out, []byte("\n"))
}

// isHardBreak reports a line that ended in two or more spaces after
// some text: the Markdown hard line break.
func isHardBreak(line, trimmed []byte) bool {
	return len(trimmed) > 0 &&
		!isEmptyLine(trimmed) &&
		bytes.HasSuffix(line, []byte("  "))
}

// isEmptyLine reports a line that shows nothing: empty, or only the
// quote markers of a block quote.
func isEmptyLine(b []byte) bool {
	return len(bytes.Trim(b, "> ")) == 0
}
