package daemon

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	stdsync "sync"
	"time"

	"github.com/cfmirror/cfmirror/internal/sync"
)

// The control protocol: the client sends one Request as a JSON line; the
// daemon answers with Message lines and closes the connection after the
// one whose Type is "done" or "error".

// Request is what a control client asks for.
type Request struct {
	// Op is "sync" or "status".
	Op string
	// Spaces limits a sync to these keys; empty means all configured.
	Spaces []string `json:",omitempty"`
	// Full re-fetches everything instead of trusting the state.
	Full bool `json:",omitempty"`
}

// Message is one line of a control answer.
type Message struct {
	// Type is "queued", "started", "progress", "result", "status",
	// "done" or "error".
	Type     string
	Progress *sync.Progress `json:",omitempty"`
	Result   *SpaceResult   `json:",omitempty"`
	Status   *Status        `json:",omitempty"`
	Error    string         `json:",omitempty"`
}

// listenControl listens on the unix socket at path, readable and
// writable by the owner only. A socket file left by a daemon that died is
// removed; one that answers means another daemon runs.
func listenControl(path string) (*net.UnixListener, error) {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return nil, fmt.Errorf("control socket %s: %w", path, ErrRunning)
	}
	if err := removeStale(path); err != nil {
		return nil, err
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("protect control socket: %w", err)
	}
	return l, nil
}

// removeStale removes a socket file nobody answers on. Anything else at
// path is left alone: a control-socket setting that names a file by
// mistake must not delete it.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("control socket %s: %w", path, err)
	}
	if fi.Mode().Type() != os.ModeSocket {
		return fmt.Errorf("control socket %s: exists and is not a socket",
			path)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove stale control socket: %w", err)
	}
	return nil
}

// serveControl answers control clients until ctx ends or l is closed,
// then waits for the open connections to finish.
func (d *Daemon) serveControl(ctx context.Context, l *net.UnixListener) {
	var wg stdsync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, net.ErrClosed) {
				d.log.Error("control socket accept", "error", err)
			}
			return
		}
		wg.Go(func() { d.handle(ctx, conn) })
	}
}

// handle answers one connection. The request it runs is cancelled when
// the client goes away or the daemon stops.
func (d *Daemon) handle(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	// A client that never sends its request must not hold up a stop.
	unwatch := context.AfterFunc(ctx, func() { conn.Close() })
	r := bufio.NewReader(io.LimitReader(conn, 64<<10))
	line, err := r.ReadBytes('\n')
	if !unwatch() {
		return // the daemon is stopping
	}
	var req Request
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	w := &encoder{enc: json.NewEncoder(conn)}
	if err != nil {
		w.send(Message{Type: "error", Error: "bad request: " + err.Error()})
		return
	}

	// The client sends nothing more: a read returns when it hangs up
	// (cancelling its request) or when conn is closed below.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hungUp := make(chan struct{})
	go func() {
		defer close(hungUp)
		io.Copy(io.Discard, r)
		cancel()
	}()
	defer func() { conn.Close(); <-hungUp }()

	switch req.Op {
	case "status":
		d.answerStatus(w)
	case "sync":
		d.answerSync(ctx, w, req)
	default:
		w.send(Message{Type: "error", Error: "unknown op " + req.Op})
	}
}

func (d *Daemon) answerStatus(w *encoder) {
	st, err := d.Status()
	if err != nil {
		w.send(Message{Type: "error", Error: err.Error()})
		return
	}
	w.send(Message{Type: "status", Status: &st})
}

// answerSync queues a round and streams its progress and results.
func (d *Daemon) answerSync(ctx context.Context, w *encoder, req Request) {
	if err := d.checkSpaces(req.Spaces); err != nil {
		w.send(Message{Type: "error", Error: err.Error()})
		return
	}
	w.send(Message{Type: "queued"})
	if !d.acquire(ctx) {
		w.send(Message{Type: "error", Error: "daemon stopping"})
		return
	}
	defer d.release()
	w.send(Message{Type: "started"})

	sink := func(p sync.Progress) {
		w.send(Message{Type: "progress", Progress: &p})
	}
	r := request{spaces: req.Spaces, full: req.Full, trigger: "socket"}
	for _, res := range d.locked(ctx, r, sink) {
		w.send(Message{Type: "result", Result: &res})
	}
	if ctx.Err() != nil {
		w.send(Message{Type: "error", Error: "sync cancelled"})
		return
	}
	w.send(Message{Type: "done"})
}

// checkSpaces refuses keys that are not configured.
func (d *Daemon) checkSpaces(keys []string) error {
	cfg := d.config()
	for _, k := range keys {
		if !containsKey(cfg.Spaces, k) {
			return fmt.Errorf("space %s is not in the configuration "+
				"(spaces: %v)", k, cfg.Spaces)
		}
	}
	return nil
}

func containsKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

// encoder writes messages from several goroutines (progress comes from
// engine workers) one whole line at a time.
type encoder struct {
	mu  stdsync.Mutex
	enc *json.Encoder
}

func (e *encoder) send(m Message) {
	e.mu.Lock()
	defer e.mu.Unlock()
	// A client that went away only misses the rest of the answer.
	_ = e.enc.Encode(m)
}
