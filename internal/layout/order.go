package layout

import "strings"

// cmpID orders ids naturally: runs of digits compare by numeric value,
// other runs by bytes, and a digit run sorts before a non-digit run. So
// "9" < "10" and "att9" < "att123". Ids equal under that order (like
// "07" and "7") fall back to a byte comparison, so the order is total.
func cmpID(a, b string) int {
	for x, y := a, b; x != "" && y != ""; {
		var cx, cy string
		cx, x = chunk(x)
		cy, y = chunk(y)
		if c := cmpChunk(cx, cy); c != 0 {
			return c
		}
		if x == "" || y == "" {
			if c := len(x) - len(y); c != 0 {
				return c
			}
		}
	}
	return strings.Compare(a, b)
}

// chunk splits s after its leading run of digits or of non-digits.
func chunk(s string) (head, rest string) {
	d := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == d {
		i++
	}
	return s[:i], s[i:]
}

func cmpChunk(a, b string) int {
	da, db := isDigit(a[0]), isDigit(b[0])
	switch {
	case da && !db:
		return -1
	case db && !da:
		return 1
	case !da:
		return strings.Compare(a, b)
	}
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

// cmpPos orders siblings by position, then by id.
func cmpPos(a, b *entry) int {
	if a.node.Position != b.node.Position {
		if a.node.Position < b.node.Position {
			return -1
		}
		return 1
	}
	return cmpID(a.node.ID, b.node.ID)
}
