package daemon

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
)

// Errors a control client or daemon start can meet; test with errors.Is.
var (
	// ErrNoDaemon means no daemon listens on the control socket.
	ErrNoDaemon = errors.New("no daemon running")
	// ErrRunning means another daemon already serves the socket.
	ErrRunning = errors.New("another daemon is running")
)

// Client talks to a running daemon over its control socket. Each call
// uses its own connection; a Client is safe for concurrent use.
type Client struct {
	path string
}

// NewClient returns a client for the socket at path. It does not
// connect; calls return an error wrapping ErrNoDaemon when nothing
// listens.
func NewClient(path string) *Client { return &Client{path: path} }

// Status asks the daemon for its status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var st Status
	err := c.call(ctx, Request{Op: "status"}, func(m Message) {
		if m.Status != nil {
			st = *m.Status
		}
	})
	return st, err
}

// Sync asks the daemon to run a sync round, waiting behind a running
// one, and calls onMessage for each message ("queued", "started",
// "progress", "result") as it arrives. It returns the results; the error
// is for the exchange itself, failed spaces are in the results.
// Cancelling ctx hangs up, which cancels the daemon's round.
func (c *Client) Sync(ctx context.Context, spaces []string, full bool,
	onMessage func(Message)) ([]SpaceResult, error) {
	var results []SpaceResult
	req := Request{Op: "sync", Spaces: spaces, Full: full}
	err := c.call(ctx, req, func(m Message) {
		if m.Result != nil {
			results = append(results, *m.Result)
		}
		if onMessage != nil {
			onMessage(m)
		}
	})
	return results, err
}

// call sends req and hands every answer line to fn until "done".
func (c *Client) call(ctx context.Context, req Request,
	fn func(Message)) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", c.path)
	if err != nil {
		if isAbsent(err) {
			return fmt.Errorf("control socket %s: %w", c.path, ErrNoDaemon)
		}
		return fmt.Errorf("connect to daemon: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return fmt.Errorf("send request: %w", err)
	}
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var m Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return fmt.Errorf("read answer: %w", err)
		}
		switch m.Type {
		case "error":
			return fmt.Errorf("daemon: %s", m.Error)
		case "done", "status":
			fn(m)
			return nil
		}
		fn(m)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	return errors.New("daemon closed the connection early")
}

// isAbsent reports whether a dial failed because nothing listens.
func isAbsent(err error) bool {
	return errors.Is(err, os.ErrNotExist) ||
		errors.Is(err, syscall.ENOENT) ||
		errors.Is(err, syscall.ECONNREFUSED)
}
