package confluencetest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// authorID is the author of every fake page: a Cloud account id, and on
// Data Center the user key.
const authorID = "557058:0f1e2d3c-fake-4b5a-9c8d-author000001"

// dcZone is the offset Data Center answers timestamps in.
var dcZone = time.FixedZone("CET", 3600)

// v1Content is a v1 content object (page or attachment).
type v1Content struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Status     string            `json:"status"`
	Title      string            `json:"title"`
	Space      *v1Space          `json:"space,omitempty"`
	Version    *v1Version        `json:"version,omitempty"`
	Ancestors  *[]v1Content      `json:"ancestors,omitempty"`
	Container  *v1Content        `json:"container,omitempty"`
	Body       *v1Body           `json:"body,omitempty"`
	Metadata   *v1Metadata       `json:"metadata,omitempty"`
	Extensions map[string]any    `json:"extensions,omitempty"`
	Links      map[string]string `json:"_links"`
	Expandable map[string]string `json:"_expandable,omitempty"`
}

type v1Space struct {
	ID       int64             `json:"id"`
	Key      string            `json:"key"`
	Name     string            `json:"name"`
	Type     string            `json:"type"`
	Status   string            `json:"status"`
	Homepage *v1Content        `json:"homepage,omitempty"`
	Links    map[string]string `json:"_links"`
	Expand   map[string]string `json:"_expandable,omitempty"`
}

type v1Version struct {
	By        v1User `json:"by"`
	When      string `json:"when"`
	Message   string `json:"message"`
	Number    int    `json:"number"`
	MinorEdit bool   `json:"minorEdit"`
}

// v1User is a v1 user; Cloud fills AccountID, Data Center the others.
type v1User struct {
	Type        string            `json:"type"`
	AccountID   string            `json:"accountId,omitempty"`
	AccountType string            `json:"accountType,omitempty"`
	Username    string            `json:"username,omitempty"`
	UserKey     string            `json:"userKey,omitempty"`
	DisplayName string            `json:"displayName"`
	PublicName  string            `json:"publicName,omitempty"`
	Links       map[string]string `json:"_links,omitempty"`
}

type v1Body struct {
	Storage v1Storage `json:"storage"`
}

type v1Storage struct {
	Value          string `json:"value"`
	Representation string `json:"representation"`
}

type v1Metadata struct {
	MediaType string    `json:"mediaType,omitempty"`
	Labels    *v1Labels `json:"labels,omitempty"`
}

type v1Labels struct {
	Results []v1Label `json:"results"`
	Start   int       `json:"start"`
	Limit   int       `json:"limit"`
	Size    int       `json:"size"`
}

type v1Label struct {
	Prefix string `json:"prefix"`
	Name   string `json:"name"`
	ID     string `json:"id"`
	Label  string `json:"label"`
}

// v1List is a v1 page of results.
type v1List struct {
	Results []v1Content       `json:"results"`
	Start   int               `json:"start"`
	Limit   int               `json:"limit"`
	Size    int               `json:"size"`
	Links   map[string]string `json:"_links"`
}

// expandSet reads the expand parameter.
func expandSet(r *http.Request) map[string]bool {
	set := map[string]bool{}
	for _, e := range splitList(r.URL.Query().Get("expand")) {
		set[e] = true
		// Expanding a nested field implies its parents.
		for i := strings.Index(e, "."); i > 0; {
			set[e[:i]] = true
			j := strings.Index(e[i+1:], ".")
			if j < 0 {
				break
			}
			i += j + 1
		}
	}
	return set
}

// stamp formats a time as the deployment does.
func (s *Server) stamp(t time.Time) string {
	if s.opts.Deployment == confluence.DataCenter {
		t = t.In(dcZone)
	}
	return t.Format("2006-01-02T15:04:05.000Z07:00")
}

func (s *Server) v1Author() v1User {
	if s.opts.Deployment == confluence.DataCenter {
		return v1User{
			Type: "known", Username: "fakeauthor",
			UserKey: authorID, DisplayName: "Fake Author",
		}
	}
	return v1User{
		Type: "known", AccountID: authorID, AccountType: "atlassian",
		DisplayName: "Fake Author", PublicName: "Fake Author",
	}
}

// webui is the UI path of a page, relative to the base URL.
func (s *Server) webui(p *page) string {
	t := url.QueryEscape(p.title)
	if s.opts.Deployment == confluence.DataCenter {
		return "/display/" + p.space + "/" + t
	}
	return "/spaces/" + p.space + "/pages/" + p.id + "/" + t
}

// v1Page renders a page as v1 content with the requested expansions; the
// caller holds st.mu.
func (s *Server) v1Page(p *page, ex map[string]bool) v1Content {
	c := v1Content{
		ID: p.id, Type: "page", Status: p.status, Title: p.title,
		Extensions: map[string]any{"position": v1Position(p.position)},
		Links: map[string]string{
			"webui":  s.webui(p),
			"tinyui": "/x/" + p.id,
		},
		Expandable: map[string]string{
			"children": "/rest/api/content/" + p.id + "/child",
		},
	}
	if ex["space"] {
		c.Space = s.v1SpaceOf(p.space)
	}
	if ex["version"] {
		c.Version = &v1Version{
			By: s.v1Author(), When: s.stamp(p.modified),
			Number: p.version,
		}
	}
	if ex["ancestors"] {
		anc := []v1Content{}
		for _, a := range s.st.ancestors(p) {
			anc = append(anc, s.v1Page(a, nil))
		}
		c.Ancestors = &anc
	}
	if ex["body"] {
		c.Body = &v1Body{Storage: v1Storage{
			Value: p.body, Representation: "storage",
		}}
	}
	if ex["metadata"] {
		c.Metadata = &v1Metadata{Labels: v1LabelsOf(p.labels)}
	}
	return c
}

// v1Position renders a position as Data Center does: "none" when unset.
func v1Position(pos int) any {
	if pos == 0 {
		return "none"
	}
	return pos
}

func v1LabelsOf(labels []string) *v1Labels {
	out := &v1Labels{Results: []v1Label{}, Limit: 200}
	for i, l := range labels {
		out.Results = append(out.Results, v1Label{
			Prefix: "global", Name: l, Label: l,
			ID: strconv.Itoa(1000 + i),
		})
	}
	out.Size = len(out.Results)
	return out
}

func (s *Server) v1SpaceOf(key string) *v1Space {
	sp, ok := s.st.spaces[key]
	if !ok {
		return nil
	}
	id, _ := strconv.ParseInt(sp.id, 10, 64)
	return &v1Space{
		ID: id, Key: sp.key, Name: sp.name,
		Type: "global", Status: "current",
		Links: map[string]string{"webui": "/spaces/" + sp.key},
	}
}

// v1Attachment renders an attachment as v1 content; the caller holds
// st.mu.
func (s *Server) v1Attachment(a *attachment, ex map[string]bool) v1Content {
	n := a.version()
	c := v1Content{
		ID: a.id, Type: "attachment", Status: "current", Title: a.title,
		Metadata: &v1Metadata{MediaType: a.mediaType},
		Extensions: map[string]any{
			"mediaType": a.mediaType,
			"fileSize":  len(a.versions[n-1]),
			"comment":   a.comment,
		},
		Links: map[string]string{
			"download": downloadPath(a, n),
			"webui": "/pages/viewpageattachments.action?pageId=" +
				a.pageID,
		},
	}
	if ex["version"] {
		c.Version = &v1Version{
			By: s.v1Author(), When: s.stamp(a.times[n-1]), Number: n,
		}
	}
	if ex["container"] {
		if p, ok := s.st.pages[a.pageID]; ok {
			pc := s.v1Page(p, nil)
			c.Container = &pc
		}
	}
	return c
}

// downloadPath is the download link of an attachment version, relative to
// the base URL (Cloud: relative to /wiki).
func downloadPath(a *attachment, version int) string {
	mod := a.times[version-1].UnixMilli()
	return fmt.Sprintf(
		"/download/attachments/%s/%s?version=%d&modificationDate=%d&api=v2",
		a.pageID, url.PathEscape(a.title), version, mod)
}

// baseURL is the absolute base of this server as the client sees it.
func (s *Server) baseURL(r *http.Request) string {
	ctx := s.opts.ContextPath
	if s.opts.Deployment == confluence.Cloud {
		ctx = "/wiki"
	}
	return "http://" + r.Host + ctx
}

// v1Links builds the _links of a v1 list.
func (s *Server) v1Links(r *http.Request, next string) map[string]string {
	ctx := s.opts.ContextPath
	if s.opts.Deployment == confluence.Cloud {
		ctx = "/wiki"
	}
	links := map[string]string{
		"base":    s.baseURL(r),
		"context": ctx,
		"self":    "http://" + r.Host + r.URL.RequestURI(),
	}
	if next != "" {
		links["next"] = next
	}
	return links
}

// statuses reads a status filter; empty means def.
func statuses(v string, def ...string) []string {
	if v == "" || v == "any" {
		if v == "any" {
			return []string{statusCurrent, statusTrashed, "archived"}
		}
		return def
	}
	return slices.Collect(slices.Values(splitList(v)))
}
