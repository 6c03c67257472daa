package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	stdsync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/daemon"
)

// TestMain lets the test binary double as the cfmirror command and as
// hookcopy, an on-change command that copies what it is given. Run as
// the test binary, it fails when tests leave goroutines behind.
func TestMain(m *testing.M) {
	testscript.Main(leakChecked{m}, map[string]func(){
		"cfmirror": func() {
			os.Exit(cfmirror(os.Args[1:], os.Stdout, os.Stderr))
		},
		"hookcopy": hookCopy,
	})
}

// leakChecked runs the tests, then looks for goroutines they left.
type leakChecked struct{ m *testing.M }

func (l leakChecked) Run() int {
	code := l.m.Run()
	if code != 0 {
		return code
	}
	if err := goleak.Find(); err != nil {
		fmt.Fprintln(os.Stderr, "goleak:", err)
		return 1
	}
	return 0
}

// hookCopy writes CFMIRROR_SPACES and the changed-paths list to the file
// named by its argument.
func hookCopy() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hookcopy FILE")
		os.Exit(2)
	}
	list, err := os.ReadFile(os.Getenv(daemon.EnvChangedFile))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := "spaces: " + os.Getenv(daemon.EnvSpaces) + "\n" + string(list)
	if err := os.WriteFile(os.Args[1], []byte(out), 0o600); err != nil {
		os.Exit(1)
	}
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"fake":       cmdFake,
			"retry":      cmdRetry,
			"signal":     cmdSignal,
			"exitcode":   cmdExitCode,
			"holdstate":  cmdHoldState,
			"waitfile":   cmdWaitFile,
			"twosignals": cmdTwoSignals,
			"notifysock": cmdNotifySock,
			"waitnotify": cmdWaitNotify,
			"bgsignal":   cmdBgSignal,
		},
	})
}

// fakes are the fake Confluence servers, one per running script.
var fakes stdsync.Map // *testscript.TestScript → *confluencetest.Server

// cmdFake drives the fake Confluence:
//
//	fake start [cloud|datacenter] [pages]  start and seed ENG and OPS
//	fake edit N | rename N | trash N       change the Nth page of ENG
//	fake latency DURATION                  slow every request down
//	fake revoke                            refuse the token from now on
func cmdFake(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: fake start|edit|rename|trash|latency|revoke")
	}
	if args[0] == "start" {
		fakeStart(ts, args[1:])
		return
	}
	v, ok := fakes.Load(ts)
	if !ok {
		ts.Fatalf("fake: not started")
	}
	srv := v.(*confluencetest.Server)
	ts.Check(fakeChange(srv, args))
}

func fakeStart(ts *testscript.TestScript, args []string) {
	opts := confluencetest.Options{Deployment: confluence.Cloud}
	pages := 40
	if len(args) > 0 && args[0] == "datacenter" {
		opts.Deployment = confluence.DataCenter
	}
	if len(args) > 1 {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		pages = n
	}
	srv := confluencetest.New(opts)
	ts.Defer(func() { fakes.Delete(ts); srv.Close() })
	fakes.Store(ts, srv)
	ts.Check(srv.Seed("ENG", pages, pages/4, 1))
	ts.Check(srv.Seed("OPS", 5, 1, 2))

	user, token := srv.Credentials()
	ts.Setenv("FAKE_URL", srv.URL())
	ts.Setenv("FAKE_USER", user)
	ts.Setenv("FAKE_TOKEN", token)
	ts.Setenv("FAKE_DEPLOYMENT", string(opts.Deployment))
}

func fakeChange(srv *confluencetest.Server, args []string) error {
	if args[0] == "revoke" {
		srv.RevokeToken()
		return nil
	}
	if len(args) != 2 {
		return fmt.Errorf("fake %s: want one argument", args[0])
	}
	if args[0] == "latency" {
		d, err := time.ParseDuration(args[1])
		srv.SetLatency(d)
		return err
	}
	n, err := strconv.Atoi(args[1])
	ids := srv.PageIDs("ENG")
	if err != nil || n < 1 || n >= len(ids) {
		return fmt.Errorf("fake %s: bad page number %q", args[0], args[1])
	}
	id := ids[n]
	info, _ := srv.PageInfo(id)
	switch args[0] {
	case "edit":
		return srv.EditPage(id, info.Body+"<p>edited</p>")
	case "rename":
		return srv.RenamePage(id, info.Title+" renamed")
	case "trash":
		return srv.TrashPage(id)
	}
	return fmt.Errorf("fake: unknown command %s", args[0])
}

// cmdRetry runs a command until its standard output matches a pattern:
//
//	retry PATTERN program [args...]
func cmdRetry(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: retry PATTERN program [args...]")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_ = ts.Exec(args[1], args[2:]...)
		if re.MatchString(ts.ReadFile("stdout")) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("retry: %q never matched; last output:\n%s\n%s",
				args[0], ts.ReadFile("stdout"), ts.ReadFile("stderr"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdSignal sends a signal to the daemon answering on a control socket:
//
//	signal TERM|INT|HUP SOCKET
func cmdSignal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: signal TERM|INT|HUP SOCKET")
	}
	sigs := map[string]syscall.Signal{"TERM": syscall.SIGTERM,
		"INT": syscall.SIGINT, "HUP": syscall.SIGHUP}
	sig, ok := sigs[args[0]]
	if !ok {
		ts.Fatalf("signal: unknown signal %s", args[0])
	}
	c := daemon.NewClient(ts.MkAbs(args[1]))
	st, err := c.Status(context.Background())
	ts.Check(err)
	ts.Check(syscall.Kill(st.PID, sig))
}

// cmdExitCode runs a command and checks its exit code:
//
//	exitcode N program [args...]
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", got,
			want, ts.ReadFile("stdout"), ts.ReadFile("stderr"))
	}
}

// cmdHoldState holds a state file open in the test process, as another
// cfmirror process would, until the script ends:
//
//	holdstate PATH
func cmdHoldState(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdstate PATH")
	}
	st, err := openState(ts.MkAbs(args[0]), time.Second)
	ts.Check(err)
	ts.Defer(func() { st.Close() })
}

// cmdWaitFile waits for a file to appear:
//
//	waitfile PATH
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile PATH")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitfile: %s never appeared", args[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// cmdTwoSignals sends SIGINT and then SIGTERM to every background
// process while it is stopped, so both arrive together however fast the
// first would have been handled:
//
//	twosignals
func cmdTwoSignals(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: twosignals")
	}
	for _, cmd := range ts.BackgroundCmds() {
		pid := cmd.Process.Pid
		for _, sig := range []syscall.Signal{syscall.SIGSTOP,
			syscall.SIGINT, syscall.SIGTERM, syscall.SIGCONT} {
			ts.Check(syscall.Kill(pid, sig))
		}
	}
}

// notifySocks are the fake systemd notify sockets, one per script.
var notifySocks stdsync.Map // *testscript.TestScript → *net.UnixConn

// cmdNotifySock listens as systemd would for sd_notify messages and
// points NOTIFY_SOCKET at the listener:
//
//	notifysock
func cmdNotifySock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: notifysock")
	}
	// A short path: the work folder may pass the socket path limit.
	dir, err := os.MkdirTemp("", "sd")
	ts.Check(err)
	path := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram",
		&net.UnixAddr{Name: path, Net: "unixgram"})
	ts.Check(err)
	ts.Defer(func() {
		notifySocks.Delete(ts)
		conn.Close()
		os.RemoveAll(dir)
	})
	notifySocks.Store(ts, conn)
	ts.Setenv("NOTIFY_SOCKET", path)
}

// cmdWaitNotify waits for a notify message matching a pattern:
//
//	waitnotify PATTERN
func cmdWaitNotify(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitnotify PATTERN")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	v, ok := notifySocks.Load(ts)
	if !ok {
		ts.Fatalf("waitnotify: no notifysock")
	}
	conn := v.(*net.UnixConn)
	ts.Check(conn.SetReadDeadline(time.Now().Add(30 * time.Second)))
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			ts.Fatalf("waitnotify: %q never came: %v", args[0], err)
		}
		ts.Logf("notify: %q", buf[:n])
		if re.Match(buf[:n]) {
			return
		}
	}
}

// cmdBgSignal sends a signal to every background process:
//
//	bgsignal TERM|INT
func cmdBgSignal(ts *testscript.TestScript, neg bool, args []string) {
	sigs := map[string]syscall.Signal{"TERM": syscall.SIGTERM,
		"INT": syscall.SIGINT}
	if neg || len(args) != 1 || sigs[args[0]] == 0 {
		ts.Fatalf("usage: bgsignal TERM|INT")
	}
	for _, cmd := range ts.BackgroundCmds() {
		ts.Check(cmd.Process.Signal(sigs[args[0]]))
	}
}
