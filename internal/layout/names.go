package layout

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Attachment is one file attached to a page.
type Attachment struct {
	ID   string
	Name string // file name as Confluence reports it; may be hostile
}

// Reserved file names in every page folder besides the index file: the
// MkDocs awesome-pages file, and at the space root the mdBook summary.
const (
	PagesFile   = ".pages"
	SummaryFile = "SUMMARY.md"
)

// namer hands out names in one folder, unique under case folding and
// Unicode normalisation. It is not safe for concurrent use.
type namer struct {
	fold  cases.Caser
	taken map[string]bool // by key
}

func newNamer(taken []string) *namer {
	n := &namer{fold: cases.Fold()}
	n.reset(taken)
	return n
}

// reset forgets every claimed name and takes taken instead.
func (n *namer) reset(taken []string) {
	if n.taken == nil {
		n.taken = make(map[string]bool, len(taken))
	}
	clear(n.taken)
	for _, t := range taken {
		n.taken[n.key(t)] = true
	}
}

// key is the form under which two names are the same file on a
// case-insensitive, normalisation-insensitive file system.
func (n *namer) key(name string) string {
	if isASCII(name) {
		return strings.ToLower(name)
	}
	return norm.NFC.String(n.fold.String(norm.NFD.String(name)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// claim takes name if it is free and reports whether it did.
func (n *namer) claim(name string) bool {
	k := n.key(name)
	if n.taken[k] {
		return false
	}
	n.taken[k] = true
	return true
}

// item is one thing to name: its id and the name it would like.
type item struct {
	id        string
	stem, ext string
}

// assign names items: in id order, each first tries its plain name; the
// rest then try the plain name with "-id" appended, then with a counter.
// The outcome depends only on the set of items and the taken names.
func (n *namer) assign(items []item, max int) map[string]string {
	slices.SortFunc(items, func(a, b item) int {
		return cmpID(a.id, b.id)
	})
	out := make(map[string]string, len(items))
	var rest []item
	for _, it := range items {
		name := joinName(it.stem, "", it.ext, max)
		if n.claim(name) {
			out[it.id] = name
			continue
		}
		rest = append(rest, it)
	}
	for _, it := range rest {
		out[it.id] = n.suffixed(it, max)
	}
	return out
}

// suffixed finds a free name for it carrying its id. It ends because
// every try adds a new counter and only finitely many names are taken.
func (n *namer) suffixed(it item, max int) string {
	tag := "-" + idTag(it.id)
	name := joinName(it.stem, tag, it.ext, max)
	for i := 2; !n.claim(name); i++ {
		name = joinName(it.stem, tag+"-"+strconv.Itoa(i), it.ext, max)
	}
	return name
}

// idTag makes an id safe to put in a name: at most maxTag bytes of the
// id's letters and digits.
func idTag(id string) string {
	return truncate(sanitize(id, true, ""), maxTag)
}

// maxTag bounds the id in a suffixed name; with '-', the tag, '-' and a
// counter, the suffix stays shorter than MinMaxName.
const maxTag = 12

// AttachmentNames assigns file names to one page's attachments inside
// its folder, with the default name bound; see Options.AttachmentNames.
func AttachmentNames(taken []string, atts []Attachment) map[string]string {
	return Options{}.AttachmentNames(taken, atts)
}

// AttachmentNames assigns file names to one page's attachments inside
// its folder and returns them by attachment id. taken lists the names
// already used in the folder (the index file, child page folders,
// navigation files); Layout.Attachments fills it in. Each name is
// FileName(att.Name) bounded by o.MaxName, unique case-insensitively
// and after normalisation, and never equal to a taken name. Collisions
// are resolved by id: the first id in natural order (digit runs by
// value, so "att9" before "att123") keeps the plain name, the others
// get their id before the extension ("diagram-att123.png"), then a
// counter if needed. Attachments repeating an id are named once, after
// the one with the smallest name. An invalid o.MaxName is replaced by
// DefaultMaxName.
func (o Options) AttachmentNames(taken []string, atts []Attachment) map[string]string {
	max := o.MaxName
	if max < MinMaxName {
		max = DefaultMaxName
	}
	items := make([]item, 0, len(atts))
	for _, a := range dedupe(atts) {
		stem, ext := fileParts(a.Name)
		items = append(items, item{id: a.ID, stem: stem, ext: ext})
	}
	return newNamer(taken).assign(items, max)
}

// dedupe keeps one attachment per id: the one with the smallest name.
func dedupe(atts []Attachment) []Attachment {
	atts = slices.Clone(atts)
	slices.SortFunc(atts, func(a, b Attachment) int {
		if c := cmpID(a.ID, b.ID); c != 0 {
			return c
		}
		return cmpString(a.Name, b.Name)
	})
	return slices.CompactFunc(atts, func(a, b Attachment) bool {
		return a.ID == b.ID
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// nameAll names the top level and every node's children.
func (l *Layout) nameAll() {
	reserved := []string{l.opts.IndexName, PagesFile}
	n := newNamer(append(reserved, SummaryFile))
	l.nameGroup(n, l.top)
	for _, e := range l.all {
		// The home page's children were named with the top level.
		if e != l.home && len(e.children) > 0 {
			n.reset(reserved)
			l.nameGroup(n, e.children)
		}
	}
}

func (l *Layout) nameGroup(n *namer, group []*entry) {
	items := make([]item, len(group))
	for i, e := range group {
		items[i] = item{id: e.node.ID, stem: slugStem(e.node.Title)}
	}
	names := n.assign(items, l.opts.MaxName)
	for _, e := range group {
		e.name = names[e.node.ID]
	}
}

// slugStem is Slug without its bound, device-name and empty fixes;
// joinName applies those.
func slugStem(title string) string {
	s := sanitize(title, true, "")
	if s == "" {
		return fallbackSlug
	}
	return s
}
