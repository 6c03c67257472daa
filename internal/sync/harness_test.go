package sync

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
)

func TestMain(m *testing.M) {
	// The memory benchmark runs this binary as its fake Confluence.
	if spec := os.Getenv(envChildFake); spec != "" {
		os.Exit(serveChildFake(spec))
	}
	goleak.VerifyTestMain(m)
}

// deployments are the flavours every scenario runs against.
var deployments = []confluence.Deployment{confluence.Cloud, confluence.DataCenter}

// forBoth runs a scenario against both deployments.
func forBoth(t *testing.T, fn func(t *testing.T, dep confluence.Deployment)) {
	for _, dep := range deployments {
		t.Run(string(dep), func(t *testing.T) {
			t.Parallel()
			fn(t, dep)
		})
	}
}

// harness is a fake Confluence, a real client, a real store and an
// output folder, all scoped to one test.
type harness struct {
	t      *testing.T
	srv    *confluencetest.Server
	client confluence.Client
	st     *store.Store
	dir    string // holds out/ and state.db
	out    string
	opts   Options
}

// newHarness starts a fake of the given deployment with no spaces.
func newHarness(t *testing.T, dep confluence.Deployment) *harness {
	t.Helper()
	srv := confluencetest.New(confluencetest.Options{Deployment: dep})
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, dir: t.TempDir()}
	h.out = filepath.Join(h.dir, "out")
	h.client = h.newClient()
	h.st = h.openStore("state.db")
	h.opts = Options{Output: h.out, Workers: 8, Logger: quietLogger()}
	return h
}

// newClient returns a real client talking to the fake; opts adjust its
// configuration.
func (h *harness) newClient(opts ...func(*confluence.Config)) confluence.Client {
	h.t.Helper()
	user, token := h.srv.Credentials()
	cfg := confluence.Config{
		URL:        h.srv.URL(),
		Deployment: h.srv.Deployment(),
		User:       user,
		Token:      token,
		Logger:     quietLogger(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := confluence.New(context.Background(), cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// openStore opens a state file in the harness folder.
func (h *harness) openStore(name string) *store.Store {
	h.t.Helper()
	st, err := store.Open(filepath.Join(h.dir, name), store.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	return st
}

// quietLogger drops log lines below errors.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// engine builds an engine from the harness's current options.
func (h *harness) engine() *Engine {
	h.t.Helper()
	e, err := New(h.client, h.st, h.opts)
	if err != nil {
		h.t.Fatal(err)
	}
	return e
}

// sync runs one sync that must succeed.
func (h *harness) sync(key string) Summary {
	h.t.Helper()
	sum, err := h.engine().Sync(context.Background(), key, false)
	if err != nil {
		h.t.Fatalf("sync %s: %v", key, err)
	}
	return sum
}

// space creates a space and returns its home page id.
func (h *harness) space(key string) string {
	h.t.Helper()
	home, err := h.srv.AddSpace(key, key+" space")
	if err != nil {
		h.t.Fatal(err)
	}
	return home
}

// page adds a page and returns its id.
func (h *harness) page(key, parent, title, body string) string {
	h.t.Helper()
	id, err := h.srv.AddPage(key, parent, title, body)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// must fails the test on a fake's error.
func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// read returns a mirrored file, relative to the output folder.
func (h *harness) read(rel string) string {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.out, filepath.FromSlash(rel)))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

// exists reports whether a path under the output folder exists.
func (h *harness) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(h.out, filepath.FromSlash(rel)))
	return err == nil
}

// readTree returns every file under root by slash path; folders appear
// as "path/" with no content.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := make(map[string]string)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			tree[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		tree[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// sameTree fails unless two folders hold byte-identical trees.
func sameTree(t *testing.T, want, got string) {
	t.Helper()
	a, b := readTree(t, want), readTree(t, got)
	for _, k := range sortedKeys(a) {
		if v, ok := b[k]; !ok {
			t.Errorf("%s: missing", k)
		} else if v != a[k] {
			t.Errorf("%s differs:\nwant %q\ngot  %q", k, a[k], v)
		}
	}
	for _, k := range sortedKeys(b) {
		if _, ok := a[k]; !ok {
			t.Errorf("%s: unexpected", k)
		}
	}
}

// files lists the files under a folder, sorted, slash paths.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for k := range readTree(t, root) {
		if !strings.HasSuffix(k, "/") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// stamps records the modification time and inode of every file.
func stamps(t *testing.T, root string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for _, f := range files(t, root) {
		info, err := os.Stat(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = info.ModTime().String() + " " + inode(info)
	}
	return out
}
