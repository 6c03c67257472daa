package confluence_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// BenchmarkClient_Pages10k lists a seeded 10,000-page space.
func BenchmarkClient_Pages10k(b *testing.B) {
	for _, d := range deployments {
		b.Run(string(d), func(b *testing.B) {
			e := newEnv(b, d, nil, nil)
			if err := e.srv.Seed("ENG", 10000, 0, 1); err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				inv, err := e.client.Pages(ctx, e.space)
				if err != nil || !inv.Complete || len(inv.Pages) != 10001 {
					b.Fatalf("Pages: %v, %v, %d", err, inv.Err, len(inv.Pages))
				}
			}
		})
	}
}

// TestClient_secrets drives every failure path and checks that neither
// the token nor the encoded Authorization value reaches errors or logs.
func TestClient_secrets(t *testing.T) {
	for _, d := range deployments {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, func(o *confluencetest.Options) {
				o.PageSize = 2
			}, func(c *confluence.Config) {
				c.Retry.MaxAttempts = 2
			})
			e.addPages(t, 5)
			ctx := context.Background()
			var errs []error

			e.srv.FailNext(1, 429, "99999")
			_, err := e.client.Space(ctx, "ENG")
			errs = append(errs, err)
			e.srv.ResetNext(2)
			inv, err := e.client.Pages(ctx, e.space)
			errs = append(errs, err, inv.Err)
			e.srv.FailNext(2, 503, "")
			_, err = e.client.Bodies(ctx, e.space, []string{e.home})
			errs = append(errs, err)
			e.srv.RevokeToken()
			_, err = e.client.Space(ctx, "ENG")
			errs = append(errs, err)
			if !errors.Is(err, confluence.ErrUnauthorized) {
				t.Fatalf("revoked: %v", err)
			}

			user, token := e.srv.Credentials()
			basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + token))
			text := e.logs.String()
			for _, err := range errs {
				if err != nil {
					text += err.Error()
				}
			}
			for _, secret := range []string{token, basic} {
				if strings.Contains(text, secret) {
					t.Errorf("secret %q leaked:\n%s", secret, text)
				}
			}
		})
	}
}
