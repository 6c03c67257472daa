package confluencetest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// get fetches a path relative to the server URL as the default user.
func get(t *testing.T, s *Server, path string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	user, token := s.Credentials()
	req.SetBasicAuth(user, token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp, body
}

func newSpace(t *testing.T, opts Options, pages int) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	home, err := s.AddSpace("ENG", "Engineering")
	if err != nil {
		t.Fatal(err)
	}
	for i := range pages {
		title := "Page " + string(rune('A'+i))
		if _, err := s.AddPage("ENG", home, title, "<p>x</p>"); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestServer_listingPaginates(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		first string
		wiki  string
	}{
		{"cloud", Options{PageSize: 2}, "", "/wiki"},
		{"datacenter", Options{
			Deployment: confluence.DataCenter, ContextPath: "/confluence",
			PageSize: 2,
		}, "/rest/api/content?spaceKey=ENG&type=page&limit=50", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSpace(t, tt.opts, 4)
			path := tt.first
			if path == "" {
				_, sp := get(t, s, "/wiki/api/v2/spaces?keys=ENG")
				id := sp["results"].([]any)[0].(map[string]any)["id"].(string)
				path = "/wiki/api/v2/spaces/" + id + "/pages?limit=50"
			}

			var seen int
			for range 10 {
				resp, body := get(t, s, path)
				if resp.StatusCode != 200 {
					t.Fatalf("GET %s: %s", path, resp.Status)
				}
				seen += len(body["results"].([]any))
				next, _ := body["_links"].(map[string]any)["next"].(string)
				if next == "" {
					break
				}
				path = tt.wiki + strings.TrimPrefix(next, "/wiki")
			}
			if seen != 5 {
				t.Errorf("listed %d pages, want 5", seen)
			}
			if got := s.Requests()[confluence.ReqList]; got != 3 {
				t.Errorf("list requests = %d, want 3", got)
			}
		})
	}
}

func TestServer_auth(t *testing.T) {
	s := newSpace(t, Options{}, 0)
	req, _ := http.NewRequest("GET", s.URL()+"/wiki/api/v2/spaces", nil)
	req.SetBasicAuth(DefaultUser, "wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("wrong token: %s, want 401", resp.Status)
	}

	s.RevokeToken()
	if resp, _ := get(t, s, "/wiki/api/v2/spaces"); resp.StatusCode != 401 {
		t.Errorf("revoked: %s, want 401", resp.Status)
	}
}
