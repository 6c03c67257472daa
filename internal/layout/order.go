package layout

import "strings"

// cmpID orders ids: numeric ids first, by value, then the others by
// bytes. Numeric ids that differ only in leading zeros fall back to a
// byte comparison, so the order is total.
func cmpID(a, b string) int {
	na, nb := isDigits(a), isDigits(b)
	switch {
	case na && !nb:
		return -1
	case nb && !na:
		return 1
	case na && nb:
		ta := strings.TrimLeft(a, "0")
		tb := strings.TrimLeft(b, "0")
		if len(ta) != len(tb) {
			return len(ta) - len(tb)
		}
		if c := strings.Compare(ta, tb); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
