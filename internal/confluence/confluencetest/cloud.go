package confluencetest

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// routesCloud registers the Cloud endpoints (v2, v1 search, downloads).
func (s *Server) routesCloud(mux *http.ServeMux) {
	route := func(pattern string, kind kindFunc, h handlerFunc) {
		mux.Handle("GET "+pattern, s.wrap(kind, h))
	}
	fixed := kindFixed

	route("/wiki/api/v2/spaces", fixed(confluence.ReqSpace), s.v2Spaces)
	route("/wiki/api/v2/spaces/{id}", fixed(confluence.ReqSpace), s.v2Space)
	route("/wiki/api/v2/spaces/{id}/pages", fixed(confluence.ReqList), s.v2SpacePages)
	route("/wiki/api/v2/pages", fixed(confluence.ReqBodies), s.v2Pages)
	route("/wiki/api/v2/pages/{id}", fixed(confluence.ReqState), s.v2Page)
	route("/wiki/api/v2/pages/{id}/attachments",
		fixed(confluence.ReqAttachments), s.v2PageAttachments)
	route("/wiki/api/v2/folders/{id}", fixed(confluence.ReqFolder), s.v2Folder)
	route("/wiki/rest/api/content/search", searchKind, s.search)
	route("/wiki/rest/api/content/{id}/child/attachment",
		fixed(confluence.ReqAttachments), s.v1ChildAttachments)
	route("/wiki/rest/api/user", fixed(confluence.ReqUser), s.user)
	route("/wiki/download/attachments/{page}/{name}",
		fixed(confluence.ReqDownload), s.download)
}

// v2Space is a Cloud v2 space.
type v2SpaceJSON struct {
	ID          string            `json:"id"`
	Key         string            `json:"key"`
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Status      string            `json:"status"`
	AuthorID    string            `json:"authorId"`
	CreatedAt   string            `json:"createdAt"`
	HomepageID  string            `json:"homepageId"`
	Description any               `json:"description"`
	Icon        any               `json:"icon"`
	Links       map[string]string `json:"_links"`
}

// v2List is a Cloud v2 page of results.
type v2List[T any] struct {
	Results []T               `json:"results"`
	Links   map[string]string `json:"_links"`
}

type v2Version struct {
	Number    int    `json:"number"`
	Message   string `json:"message"`
	MinorEdit bool   `json:"minorEdit"`
	AuthorID  string `json:"authorId"`
	CreatedAt string `json:"createdAt"`
}

// v2PageJSON is a Cloud v2 page or folder.
type v2PageJSON struct {
	ID         string            `json:"id"`
	Type       string            `json:"type,omitempty"`
	Status     string            `json:"status"`
	Title      string            `json:"title"`
	SpaceID    string            `json:"spaceId"`
	ParentID   *string           `json:"parentId"`
	ParentType *string           `json:"parentType"`
	Position   int               `json:"position"`
	AuthorID   string            `json:"authorId"`
	OwnerID    string            `json:"ownerId"`
	CreatedAt  string            `json:"createdAt"`
	Version    v2Version         `json:"version"`
	Body       map[string]any    `json:"body,omitempty"`
	Links      map[string]string `json:"_links"`
}

func (s *Server) v2SpaceOf(sp *space) v2SpaceJSON {
	return v2SpaceJSON{
		ID: sp.id, Key: sp.key, Name: sp.name,
		Type: "global", Status: "current",
		AuthorID: authorID, CreatedAt: s.stamp(sp.created),
		HomepageID: sp.homeID,
		Links:      map[string]string{"webui": "/spaces/" + sp.key},
	}
}

func (s *Server) v2Spaces(w http.ResponseWriter, r *http.Request) {
	limit, err := s.limit(r, 25)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	keys := splitList(r.URL.Query().Get("keys"))

	s.st.mu.Lock()
	var all []v2SpaceJSON
	for _, sp := range s.st.spaces {
		if len(keys) == 0 || slices.Contains(keys, sp.key) {
			all = append(all, s.v2SpaceOf(sp))
		}
	}
	s.st.mu.Unlock()

	slices.SortFunc(all, func(a, b v2SpaceJSON) int {
		return compareIDs(a.ID, b.ID)
	})
	all = all[:min(limit, len(all))]
	writeJSON(w, http.StatusOK, v2List[v2SpaceJSON]{
		Results: append([]v2SpaceJSON{}, all...),
		Links:   map[string]string{"base": s.baseURL(r)},
	})
}

func (s *Server) v2Space(w http.ResponseWriter, r *http.Request) {
	s.st.mu.Lock()
	sp := s.st.spaceByID(r.PathValue("id"))
	var out v2SpaceJSON
	if sp != nil {
		out = s.v2SpaceOf(sp)
	}
	s.st.mu.Unlock()

	if sp == nil {
		s.writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// v2PageOf renders a page or folder in the v2 shape; the caller holds
// st.mu.
func (s *Server) v2PageOf(p *page, withBody bool) v2PageJSON {
	sp := s.st.spaces[p.space]
	out := v2PageJSON{
		ID: p.id, Status: p.status, Title: p.title,
		SpaceID: sp.id, Position: p.position,
		AuthorID: authorID, OwnerID: authorID,
		CreatedAt: s.stamp(p.created),
		Version: v2Version{
			Number: p.version, AuthorID: authorID,
			CreatedAt: s.stamp(p.modified),
		},
		Links: map[string]string{
			"webui":  s.webui(p),
			"editui": "/pages/resumedraft.action?draftId=" + p.id,
			"tinyui": "/x/" + p.id,
		},
	}
	if p.folder {
		out.Type = "folder"
		out.Links = map[string]string{"webui": s.webui(p)}
	}
	if parent, ok := s.st.pages[p.parentID]; ok {
		kind := "page"
		if parent.folder {
			kind = "folder"
		}
		out.ParentID, out.ParentType = &parent.id, &kind
	}
	if withBody {
		out.Body = map[string]any{"storage": v1Storage{
			Value: p.body, Representation: "storage",
		}}
	}
	return out
}

// v2Page serves one page by id, trashed ones included.
func (s *Server) v2Page(w http.ResponseWriter, r *http.Request) {
	withBody := r.URL.Query().Get("body-format") == "storage"

	s.st.mu.Lock()
	p, ok := s.st.pages[r.PathValue("id")]
	var out v2PageJSON
	if ok && !p.folder {
		out = s.v2PageOf(p, withBody)
	}
	s.st.mu.Unlock()

	if !ok || p.folder {
		s.writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if !withBody {
		out.Body = map[string]any{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) v2Folder(w http.ResponseWriter, r *http.Request) {
	s.st.mu.Lock()
	p, ok := s.st.pages[r.PathValue("id")]
	var out v2PageJSON
	if ok && p.folder {
		out = s.v2PageOf(p, false)
	}
	s.st.mu.Unlock()

	if !ok || !p.folder {
		s.writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// v2SpacePages lists a space's pages with a cursor.
func (s *Server) v2SpacePages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st := statuses(q.Get("status"), statusCurrent, "archived")

	s.st.mu.Lock()
	sp := s.st.spaceByID(r.PathValue("id"))
	var pages []*page
	if sp != nil {
		pages = s.st.spacePages(sp.key, st)
	}
	s.st.mu.Unlock()

	if sp == nil {
		s.writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	s.v2PageList(w, r, pages)
}

// v2Pages serves GET /pages?id=…: the named pages that match the status
// filter, in the order they were named.
func (s *Server) v2Pages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st := statuses(q.Get("status"), statusCurrent, "archived")
	ids := splitList(q.Get("id"))
	if len(ids) > 250 {
		s.writeError(w, http.StatusBadRequest, "too many ids: at most 250")
		return
	}

	s.st.mu.Lock()
	var pages []*page
	for _, id := range ids {
		p, ok := s.st.pages[id]
		if ok && !p.folder && slices.Contains(st, p.status) {
			pages = append(pages, p)
		}
	}
	s.st.mu.Unlock()
	s.v2PageList(w, r, pages)
}

// v2PageList answers one cursor page of pages.
func (s *Server) v2PageList(w http.ResponseWriter, r *http.Request, pages []*page) {
	limit, err := s.limit(r, 25)
	if err == nil {
		var from int
		from, err = s.offset(r)
		if err == nil {
			s.v2Window(w, r, pages, from, limit)
			return
		}
	}
	s.writeError(w, http.StatusBadRequest, err.Error())
}

func (s *Server) v2Window(w http.ResponseWriter, r *http.Request, pages []*page, from, limit int) {
	withBody := r.URL.Query().Get("body-format") == "storage"
	lo, hi, more := window(len(pages), from, limit)

	s.st.mu.Lock()
	out := []v2PageJSON{}
	for _, p := range pages[lo:hi] {
		out = append(out, s.v2PageOf(p, withBody))
	}
	s.st.mu.Unlock()

	links := map[string]string{"base": s.baseURL(r)}
	if more {
		next := nextURL(r, "", map[string]string{
			"cursor": s.cursor(hi),
			"limit":  strconv.Itoa(limit),
		})
		links["next"] = next
		w.Header().Set("Link", "<"+next+`>; rel="next", <`+
			s.baseURL(r)+`>; rel="base"`)
	}
	writeJSON(w, http.StatusOK, v2List[v2PageJSON]{Results: out, Links: links})
}

// compareIDs orders numeric ids numerically.
func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
