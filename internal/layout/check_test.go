package layout

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkElement fails the test unless name is a safe path element of at
// most max bytes on every platform cfmirror supports.
func checkElement(t *testing.T, name string, max int) {
	t.Helper()
	if msg := elementProblem(name, max); msg != "" {
		t.Errorf("name %q: %s", name, msg)
	}
}

func elementProblem(name string, max int) string {
	switch {
	case name == "":
		return "empty"
	case len(name) > max:
		return "too long"
	case !utf8.ValidString(name):
		return "invalid UTF-8"
	case !norm.NFC.IsNormalString(name):
		return "not NFC"
	case name == "." || name == "..":
		return "dot element"
	case !filepath.IsLocal(name):
		return "not local"
	case strings.ContainsAny(name, `<>:"/\|?*`):
		return "reserved character"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "control character"
	case strings.ContainsAny(name[:1], "-. "):
		return "bad first character"
	case strings.ContainsAny(name[len(name)-1:], "-. "):
		return "bad last character"
	}
	stem, _, _ := strings.Cut(name, ".")
	if reserved(stem) {
		return "Windows device name"
	}
	return ""
}

// checkPath fails the test unless p is a local slash path made of safe
// elements.
func checkPath(t *testing.T, p string, max int) {
	t.Helper()
	if !filepath.IsLocal(p) {
		t.Errorf("path %q is not local", p)
	}
	for _, el := range strings.Split(p, "/") {
		checkElement(t, el, max)
	}
}
