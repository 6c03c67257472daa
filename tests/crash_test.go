package tests

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	gosync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
)

// TestCrash_KillAndResume kills a syncing child process with SIGKILL at
// many points of a first sync and of a sync full of moves, renames and
// deletions; after each kill the state file must open, and a second run
// must leave a tree byte-identical to that of the same sync run without
// a kill, with no temporary files left. Kill points are requests picked
// by kind and number, so every run kills at the same points.
func TestCrash_KillAndResume(t *testing.T) {
	e := newEnv(t, confluence.Cloud, confluencetest.Options{PageSize: 10})
	e.seedScenario("DOC", 40, 10)

	// A clean first sync through the proxy gives the expected tree and
	// the requests the kill points are picked from.
	base := newMirror(t)
	tp := newTap(t, e.srv.URL())
	if err := e.childCmd(base, tp.URL(), "DOC").Run(); err != nil {
		t.Fatalf("clean child sync: %v", err)
	}
	want := sameSite(readTree(t, base.out))
	t.Run("first", func(t *testing.T) {
		for _, p := range killPoints(tp.requests()) {
			e.killAt(t, nil, want, p)
		}
	})

	// Change everything a sync can change, then kill the next sync. The
	// expected tree is that of the same sync run without a kill.
	changeSpace(t, e.srv, "DOC")
	probe := newMirror(t)
	copyDir(t, base.dir, probe.dir)
	tp.reset()
	if err := e.childCmd(probe, tp.URL(), "DOC").Run(); err != nil {
		t.Fatalf("clean child sync after changes: %v", err)
	}
	reqs := tp.requests()
	want = sameSite(readTree(t, probe.out))
	t.Run("changes", func(t *testing.T) {
		for _, p := range killPoints(reqs) {
			e.killAt(t, base, want, p)
		}
	})

	// Kills a little after the last body batch land among the writes.
	t.Run("writes", func(t *testing.T) {
		for _, d := range []time.Duration{1, 4, 16} {
			p := killPoint{"bodies", reqs["bodies"], d * time.Millisecond}
			e.killAt(t, base, want, p)
		}
	})
}

// killPoint is where a child is killed: delay after the proxy sees the
// n-th request of a kind.
type killPoint struct {
	kind  string
	n     int64
	delay time.Duration
}

func (p killPoint) String() string {
	return fmt.Sprintf("%s-%d+%s", p.kind, p.n, p.delay)
}

// killPoints picks up to three requests of each kind a sync made: the
// first, the last and one between. User look-ups are left out but for
// the first: how many a run makes depends on its workers' timing.
func killPoints(reqs map[string]int64) []killPoint {
	var out []killPoint
	for _, kind := range slices.Sorted(maps.Keys(reqs)) {
		n := reqs[kind]
		if kind == "user" {
			n = 1
		}
		for _, i := range spread(n, 3) {
			out = append(out, killPoint{kind: kind, n: i})
		}
	}
	return out
}

// spread picks up to k numbers from 1 to n, evenly, always including
// the first and the last.
func spread(n int64, k int) []int64 {
	if n <= int64(k) {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i) + 1
		}
		return out
	}
	var out []int64
	for i := range k {
		out = append(out, 1+int64(i)*(n-1)/int64(k-1))
	}
	return out
}

// killAt runs a parallel subtest: copy from (nil: start empty), sync in a
// child killed at p, check the state file, sync again to the end and
// compare with want.
func (e *env) killAt(t *testing.T, from *mirror, want map[string]string, p killPoint) {
	t.Run(p.String(), func(t *testing.T) {
		t.Parallel()
		m := newMirror(t)
		if from != nil {
			copyDir(t, from.dir, m.dir)
		}
		tp := newTap(t, e.srv.URL())
		e.runKilled(t, tp, m, p)
		checkState(t, m.state, "DOC")

		if out, err := e.childCmd(m, tp.URL(), "DOC").CombinedOutput(); err != nil {
			t.Fatalf("sync after the kill: %v\n%s", err, out)
		}
		got := readTree(t, m.out)
		sameTree(t, "tree after kill and resume", want, sameSite(got))
		if l := leftovers(got); len(l) > 0 {
			t.Errorf("temporary files left: %q", l)
		}
		checkState(t, m.state, "DOC")
	})
}

// runKilled starts a child sync and SIGKILLs it at p. A child that
// finishes first fails the test unless p has a delay: then the kill
// simply came too late.
func (e *env) runKilled(t *testing.T, tp *tap, m *mirror, p killPoint) {
	t.Helper()
	cmd := e.childCmd(m, tp.URL(), "DOC")
	cmd.Stderr = io.Discard
	var once gosync.Once
	var wg gosync.WaitGroup
	defer wg.Wait()
	started := make(chan struct{}) // closed once cmd.Process is set
	tp.onRequest(func(kind string, n int64, _ *http.Request) {
		if kind != p.kind || n != p.n {
			return
		}
		<-started
		once.Do(func() {
			// Without a delay the child dies before it gets its answer.
			if p.delay == 0 {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(p.delay)
				_ = cmd.Process.Signal(syscall.SIGKILL)
			}()
		})
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	close(started)
	err := cmd.Wait()
	wg.Wait()
	tp.reset()

	var exit *exec.ExitError
	killed := errors.As(err, &exit) && !exit.Exited()
	switch {
	case !killed && p.delay == 0:
		t.Fatalf("child not killed at %s: %v", p, err)
	case !killed:
		t.Logf("child finished before the kill at %s", p)
	}
}

// checkState fails unless the state file opens and reads.
func checkState(t *testing.T, path, key string) {
	t.Helper()
	st, err := store.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("open state after kill: %v", err)
	}
	defer st.Close()
	if _, err := st.Spaces(); err != nil {
		t.Errorf("read spaces: %v", err)
	}
	if _, err := st.Pages(key); err != nil {
		t.Errorf("read pages: %v", err)
	}
}

// copyDir copies a mirror folder: files, folders and modes.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(to, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}
