package confluence

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// userCache remembers user names for the life of a client, misses
// included, and makes concurrent look-ups of one id share a single
// request. The zero value is ready to use; it is safe for concurrent
// use.
type userCache struct {
	mu    sync.Mutex
	calls map[string]*userCall
}

// userCall is one look-up of a user. done is closed once name and err
// are set; they do not change after that.
type userCall struct {
	done chan struct{}
	name string
	err  error
}

// get returns the remembered outcome for id, or runs fetch once however
// many goroutines ask at the same moment; the others wait for its
// outcome. A name or ErrNotFound is kept; any other error is handed to
// those waiting but forgotten, so that a later call asks again. A
// caller stops waiting when its ctx ends.
func (c *userCache) get(ctx context.Context, id string,
	fetch func(context.Context) (string, error)) (string, error) {
	for {
		call, leader := c.join(id)
		if leader {
			call.name, call.err = fetch(ctx)
			c.settle(id, call)
		}
		select {
		case <-call.done:
		case <-ctx.Done():
			return "", fmt.Errorf("get user %s: %w", id, context.Cause(ctx))
		}

		// The goroutine that asked gave up because its own context
		// ended: this caller's context is alive, so it asks itself.
		if !leader && isContextErr(call.err) && ctx.Err() == nil {
			continue
		}
		return call.name, call.err
	}
}

// join returns the call for id, creating it when there is none; leader
// is true for the goroutine that must run it.
func (c *userCache) join(id string) (call *userCall, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if call, ok := c.calls[id]; ok {
		return call, false
	}
	if c.calls == nil {
		c.calls = make(map[string]*userCall)
	}
	call = &userCall{done: make(chan struct{})}
	c.calls[id] = call
	return call, true
}

// settle publishes a finished call and forgets it unless its outcome is
// worth keeping.
func (c *userCache) settle(id string, call *userCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if call.err != nil && !errors.Is(call.err, ErrNotFound) {
		delete(c.calls, id)
	}
	close(call.done)
}

// isContextErr reports an error caused by a cancelled or expired
// context.
func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded)
}

// userName looks a user up through the cache, trying each URL in turn
// until one answers.
func (s *site) userName(ctx context.Context, id string,
	urls func() []string) (string, error) {
	if id == "" {
		return "", errors.New("get user: empty id")
	}
	return s.users.get(ctx, id, func(ctx context.Context) (string, error) {
		return s.fetchUser(ctx, id, urls())
	})
}

// fetchUser asks the server for a user's display name.
func (s *site) fetchUser(ctx context.Context, id string,
	urls []string) (string, error) {
	var u struct {
		DisplayName string `json:"displayName"`
	}
	var err error
	for _, raw := range urls {
		_, err = s.getJSON(ctx, ReqUser, raw, &u)
		if !errors.Is(err, ErrNotFound) {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("get user %s: %w", id, err)
	}
	return u.DisplayName, nil
}
