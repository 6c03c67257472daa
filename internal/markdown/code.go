package markdown

import (
	"strings"

	"golang.org/x/net/html"
)

// fenceNames maps Confluence code-macro languages to the names common
// highlighters (GitHub, Hugo's Chroma, Pygments) know.
var fenceNames = map[string]string{
	"none": "", "text": "", "plain": "", "plaintext": "",
	"actionscript3": "actionscript", "c#": "csharp",
	"cs": "csharp", "c++": "cpp", "coldfusion": "cfm",
	"erl": "erlang", "jfx": "javafx", "js": "javascript",
	"py": "python", "rb": "ruby", "sh": "bash", "shell": "bash",
	"vb": "vbnet", "yml": "yaml", "ps": "powershell",
	"html/xml": "xml", "tsql": "sql", "md": "markdown",
	"golang": "go", "kt": "kotlin", "ts": "typescript",
}

// fenceLanguage returns the info-string language for a code macro's
// language parameter; a name that could break the fence line is dropped.
func fenceLanguage(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if m, ok := fenceNames[l]; ok {
		return m
	}
	for _, r := range l {
		if !isLangRune(r) {
			return ""
		}
	}
	return l
}

func isLangRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("+-#_.", r)
}

// codeBlock builds a fenced code block. The body is kept byte for byte.
func codeBlock(lang, title, body string) *html.Node {
	n := elem(tagCode)
	setAttr(n, "lang", fenceLanguage(lang))
	setAttr(n, "title", strings.TrimSpace(title))
	return setAttr(n, "body", body)
}

// codeMacro translates code, noformat and diagram-source macros.
func (s *state) codeMacro(m *macro, lang string) []*html.Node {
	if lang == "" {
		lang = m.param("language")
	}
	return []*html.Node{codeBlock(lang, m.param("title"), m.plainBody())}
}

// fenceFor returns a backtick fence longer than any run of backticks in
// body, and at least three long.
func fenceFor(body string) string {
	return strings.Repeat("`", max(3, longestRun(body, '`')+1))
}

// infoString is the text after the opening fence: the language and,
// when there is one, the title in the attribute form MkDocs, Docusaurus
// and others display.
func infoString(lang, title string) string {
	if title == "" {
		return lang
	}
	title = strings.NewReplacer(`"`, "'", "\n", " ", "`", "'").
		Replace(title)
	if lang == "" {
		lang = "text"
	}
	return lang + ` title="` + title + `"`
}
