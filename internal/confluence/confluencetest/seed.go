package confluencetest

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
)

// templateFS holds the storage-format templates Seed builds pages from.
// They use the constructs real pages have: links to pages, users and
// attachments, images, code with CDATA, panels, tasks, tables, layouts,
// includes, and the dynamic toc and children macros.
//
//go:embed templates/*.xml
var templateFS embed.FS

// seedUsers are the users mentioned in seeded pages.
var seedUsers = []struct{ id, name string }{
	{"557058:seed-user-0001", "Dana Whitfield"},
	{"557058:seed-user-0002", "Kim Osei"},
	{"557058:seed-user-0003", "Ana Ruiz"},
}

var (
	seedAdjectives = []string{"Deploy", "Release", "Incident", "Backup",
		"Network", "Database", "Billing", "Search", "Storage", "Access"}
	seedNouns = []string{"Guide", "Runbook", "Checklist", "Overview",
		"Notes", "Policy", "Design", "FAQ", "Plan", "Review"}
)

// maxSeedDepth bounds the depth of the seeded tree below the home page.
const maxSeedDepth = 6

// seedNode is one page Seed is about to create.
type seedNode struct {
	parent int // index into the nodes; -1 for the home page
	depth  int
	title  string
	files  []string
}

// Seed fills a space with a generated tree of pages and attachments,
// creating the space when it does not exist. The same arguments on a
// fresh server give the same ids, titles, bodies and bytes.
func (s *Server) Seed(spaceKey string, pages, attachments int, seed int64) error {
	if pages < 0 || attachments < 0 {
		return fmt.Errorf("seed %s: negative counts", spaceKey)
	}
	home, err := s.seedSpace(spaceKey)
	if err != nil {
		return fmt.Errorf("seed %s: %w", spaceKey, err)
	}
	for _, u := range seedUsers {
		s.AddUser(u.id, u.name)
	}
	tmpl, err := loadTemplates()
	if err != nil {
		return fmt.Errorf("seed %s: %w", spaceKey, err)
	}

	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	nodes := planTree(rng, spaceKey, pages)
	planFiles(rng, nodes, attachments)

	ids := make([]string, len(nodes))
	for i, n := range nodes {
		parent := home
		if n.parent >= 0 {
			parent = ids[n.parent]
		}
		body := seedBody(rng, tmpl, nodes, i, spaceKey)
		if ids[i], err = s.AddPage(spaceKey, parent, n.title, body); err != nil {
			return fmt.Errorf("seed %s: %w", spaceKey, err)
		}
	}
	return s.seedFiles(rng, nodes, ids)
}

func (s *Server) seedSpace(key string) (string, error) {
	s.st.mu.Lock()
	sp, ok := s.st.spaces[key]
	s.st.mu.Unlock()
	if ok {
		return sp.homeID, nil
	}
	return s.AddSpace(key, key+" Space")
}

func loadTemplates() ([]string, error) {
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		b, err := templateFS.ReadFile("templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(string(b)))
	}
	return out, nil
}

// planTree picks titles and parents: the first pages hang under the home
// page, later ones under a recent page, down to maxSeedDepth.
func planTree(rng *rand.Rand, key string, n int) []seedNode {
	nodes := make([]seedNode, n)
	for i := range nodes {
		nodes[i].parent = -1
		if i >= 5 && rng.IntN(6) > 0 {
			j := max(0, i-40) + rng.IntN(min(i, 40))
			if nodes[j].depth < maxSeedDepth {
				nodes[i].parent, nodes[i].depth = j, nodes[j].depth+1
			}
		}
		nodes[i].title = fmt.Sprintf("%s %s %d",
			seedAdjectives[rng.IntN(len(seedAdjectives))],
			seedNouns[rng.IntN(len(seedNouns))], i+1)
	}
	return nodes
}

// planFiles spreads attachment names over the pages.
func planFiles(rng *rand.Rand, nodes []seedNode, n int) {
	if len(nodes) == 0 {
		return
	}
	exts := []string{".png", ".png", ".txt", ".pdf"}
	for k := range n {
		i := rng.IntN(len(nodes))
		name := fmt.Sprintf("file %d%s", k+1, exts[rng.IntN(len(exts))])
		nodes[i].files = append(nodes[i].files, name)
	}
}

// seedBody fills a template for node i.
func seedBody(rng *rand.Rand, tmpl []string, nodes []seedNode, i int, key string) string {
	n := nodes[i]
	link := nodes[rng.IntN(len(nodes))].title
	image, file := "", "missing.txt"
	for _, f := range n.files {
		if strings.HasSuffix(f, ".png") && image == "" {
			image = `<p><ac:image ac:alt="` + f + `"><ri:attachment ri:filename="` +
				f + `" /></ac:image></p>`
		}
		file = f
	}
	return strings.NewReplacer(
		"{{TITLE}}", n.title,
		"{{SPACE}}", key,
		"{{LINK}}", link,
		"{{USER}}", seedUsers[rng.IntN(len(seedUsers))].id,
		"{{IMAGE}}", image,
		"{{FILE}}", file,
		"{{MACRO}}", fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
	).Replace(tmpl[rng.IntN(len(tmpl))])
}

// seedFiles uploads the planned attachments.
func (s *Server) seedFiles(rng *rand.Rand, nodes []seedNode, ids []string) error {
	for i, n := range nodes {
		for _, f := range n.files {
			data := seedData(rng, f)
			if _, err := s.PutAttachment(ids[i], f, data); err != nil {
				return fmt.Errorf("seed attachment %q: %w", f, err)
			}
		}
	}
	return nil
}

// seedData makes deterministic file contents: a small real PNG for
// images, text otherwise.
func seedData(rng *rand.Rand, name string) []byte {
	if !strings.HasSuffix(name, ".png") {
		var b bytes.Buffer
		for range 1 + rng.IntN(20) {
			fmt.Fprintf(&b, "line %d of %s\n", rng.IntN(1000), name)
		}
		return b.Bytes()
	}
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		for y := range 8 {
			img.Set(x, y, color.RGBA{
				uint8(rng.IntN(256)), uint8(rng.IntN(256)), 128, 255,
			})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
