package confluence_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// TestClient_UserNameConcurrent looks the same users up from many
// goroutines at once, while each request is slow enough that all of
// them miss the cache: each user still costs one request per lookup
// path.
func TestClient_UserNameConcurrent(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil, nil)
			e.srv.AddUser("u-1", "Dana Whitfield")
			e.srv.SetLatency(30 * time.Millisecond)

			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					lookUp(t, e.client, "u-1", "Dana Whitfield", nil)
					lookUp(t, e.client, "ghost", "", confluence.ErrNotFound)
				})
			}
			wg.Wait()

			// Cloud asks once per user; Data Center tries a user key,
			// then a user name, for the unknown one.
			want := map[confluence.Deployment]int64{
				confluence.Cloud: 2, confluence.DataCenter: 3,
			}[d]
			if got := e.srv.Requests()[confluence.ReqUser]; got != want {
				t.Errorf("user requests = %d, want %d", got, want)
			}
		})
	}
}

// lookUp asks for a user's name and checks the outcome.
func lookUp(t *testing.T, c confluence.Client, id, want string, wantErr error) {
	t.Helper()
	got, err := c.UserName(context.Background(), id)
	if got != want || !errors.Is(err, wantErr) {
		t.Errorf("UserName(%s) = %q, %v; want %q, %v", id, got, err, want, wantErr)
	}
}
