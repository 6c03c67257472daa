package sync

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// envChildFake, when set to "pages,attachments", makes the test binary
// serve a seeded fake Confluence instead of running tests: it prints
// the fake's URL on one line and serves until its stdin closes.
const envChildFake = "CFMIRROR_TEST_CHILD_FAKE"

// serveChildFake is the child's side of envChildFake.
func serveChildFake(spec string) int {
	pages, atts, err := parseFakeSpec(spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	srv := confluencetest.New(confluencetest.Options{})
	defer srv.Close()
	if err := srv.Seed("BEN", pages, atts, 1); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
}

func parseFakeSpec(spec string) (pages, atts int, err error) {
	p, a, ok := strings.Cut(spec, ",")
	pages, err1 := strconv.Atoi(p)
	atts, err2 := strconv.Atoi(a)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("fake spec %q: want pages,attachments", spec)
	}
	return pages, atts, nil
}

// childFake starts the fake in a child process, so that this process's
// memory is the engine's alone, and returns a client for it. The child
// ends when the benchmark does.
func childFake(b *testing.B, pages, atts int) confluence.Client {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(),
		fmt.Sprintf("%s=%d,%d", envChildFake, pages, atts))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})

	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("child fake: %v", err)
	}
	c, err := confluence.New(context.Background(), confluence.Config{
		URL:    strings.TrimSpace(url),
		User:   confluencetest.DefaultUser,
		Token:  confluencetest.DefaultToken,
		Logger: quietLogger(),
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// resetPeak returns freed memory to the system and resets the peak
// resident set size (Linux 4.0+), so that the next VmHWM reading is
// the peak of what follows.
func resetPeak(b *testing.B) {
	b.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	if err != nil {
		b.Skipf("cannot reset the peak RSS: %v", err)
	}
}

// procStatus reads a size field of /proc/self/status in MB; VmHWM is
// the peak resident set size.
func procStatus(b *testing.B, field string) float64 {
	b.Helper()
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.Atoi(strings.Fields(rest)[0])
			return float64(kb) / 1024
		}
	}
	b.Skipf("no %s in /proc/self/status", field)
	return 0
}

// memSync runs one sync into dir and returns the anon and file-backed
// RSS in MB read at its end, before the state file is unmapped.
func memSync(b *testing.B, c confluence.Client, dir string) (anon, file float64) {
	b.Helper()
	e, done := benchEngine(b, c, dir)
	defer done()
	if _, err := e.Sync(context.Background(), "BEN", false); err != nil {
		b.Fatal(err)
	}
	return procStatus(b, "RssAnon:"), procStatus(b, "RssFile:")
}

// BenchmarkSyncMemory measures the engine's peak RSS with the fake
// Confluence in a child process: a first sync and a no-op sync of N
// pages with N/5 attachments. Issue 4 asks for under 150 MB at 10,000
// pages and no clear growth with N. It is slow (it seeds and mirrors
// the whole space), so it runs only when asked for.
func BenchmarkSyncMemory(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		c := childFake(b, n, n/5)
		b.Run(fmt.Sprintf("first/%d", n), func(b *testing.B) {
			var m rssFigures
			for b.Loop() {
				dir := b.TempDir()
				resetPeak(b)
				anon, file := memSync(b, c, dir)
				m.add(b, anon, file)
			}
			m.report(b)
		})
		b.Run(fmt.Sprintf("noop/%d", n), func(b *testing.B) {
			dir := b.TempDir()
			benchSync(b, c, dir)
			var m rssFigures
			for b.Loop() {
				resetPeak(b)
				anon, file := memSync(b, c, dir)
				m.add(b, anon, file)
			}
			m.report(b)
		})
	}
}

// rssFigures keeps the largest figures seen over a benchmark's runs.
type rssFigures struct{ peak, anon, file float64 }

func (m *rssFigures) add(b *testing.B, anon, file float64) {
	m.peak = max(m.peak, procStatus(b, "VmHWM:"))
	m.anon = max(m.anon, anon)
	m.file = max(m.file, file)
}

// report gives the peak RSS and, at the sync's end, its anonymous
// (heap) and file-backed (mapped state file, binary) parts.
func (m *rssFigures) report(b *testing.B) {
	b.ReportMetric(m.peak, "peak-RSS-MB")
	b.ReportMetric(m.anon, "end-anon-MB")
	b.ReportMetric(m.file, "end-file-MB")
}
