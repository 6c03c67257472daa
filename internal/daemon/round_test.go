package daemon

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

func TestHint(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("sync ENG: %w", err) }
	tests := []struct {
		name string
		err  error
		want []string // substrings of the hint
	}{
		{"token refused", wrap(confluence.ErrUnauthorized),
			[]string{"renew", "reload", "LoadCredential=", "restart"}},
		{"forbidden", wrap(confluence.ErrForbidden),
			[]string{"permission"}},
		{"breaker", wrap(confluence.ErrCircuitOpen),
			[]string{"previous mirror stays"}},
		{"deletions", wrap(sync.ErrTooManyDeletions),
			[]string{"max-delete"}},
		{"locked", wrap(store.ErrLocked), []string{"state file"}},
		{"other", fmt.Errorf("boom"), []string{"previous mirror stays"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hint(tt.err)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("hint = %q, want it to contain %q", got, w)
				}
			}
		})
	}
}
