package confluencetest

import (
	"net/http"
	"slices"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// routesDC registers the Data Center endpoints under the context path.
func (s *Server) routesDC(mux *http.ServeMux) {
	cp := s.opts.ContextPath
	route := func(pattern string, kind kindFunc, h handlerFunc) {
		mux.Handle("GET "+cp+pattern, s.wrap(kind, h))
	}
	fixed := kindFixed

	route("/rest/api/space", fixed(confluence.ReqSpace), s.dcSpaces)
	route("/rest/api/space/{key}", fixed(confluence.ReqSpace), s.dcSpace)
	route("/rest/api/content", fixed(confluence.ReqList), s.dcContent)
	route("/rest/api/content/search", searchKind, s.search)
	route("/rest/api/content/{id}", fixed(confluence.ReqState), s.dcPage)
	route("/rest/api/content/{id}/child/attachment",
		fixed(confluence.ReqAttachments), s.v1ChildAttachments)
	route("/rest/api/user", fixed(confluence.ReqUser), s.user)
	route("/download/attachments/{page}/{name}",
		fixed(confluence.ReqDownload), s.download)
}

// dcSpaceOf renders a space, with its home page when expanded; the caller
// holds st.mu.
func (s *Server) dcSpaceOf(sp *space, ex map[string]bool) *v1Space {
	out := s.v1SpaceOf(sp.key)
	out.Expand = map[string]string{
		"homepage": "/rest/api/content/" + sp.homeID,
	}
	if home, ok := s.st.pages[sp.homeID]; ok && ex["homepage"] {
		hp := s.v1Page(home, nil)
		out.Homepage = &hp
		delete(out.Expand, "homepage")
	}
	return out
}

func (s *Server) dcSpaces(w http.ResponseWriter, r *http.Request) {
	limit, err := s.limit(r, 25)
	if err != nil {
		s.writeV1BadRequest(w, err)
		return
	}
	s.st.mu.Lock()
	var keys []string
	for k := range s.st.spaces {
		keys = append(keys, k)
	}
	ex := expandSet(r)
	out := []v1Space{}
	for _, k := range slices.Sorted(slices.Values(keys))[:min(limit, len(keys))] {
		out = append(out, *s.dcSpaceOf(s.st.spaces[k], ex))
	}
	s.st.mu.Unlock()

	writeJSON(w, http.StatusOK, map[string]any{
		"results": out, "start": 0, "limit": limit, "size": len(out),
		"_links": s.v1Links(r, ""),
	})
}

func (s *Server) dcSpace(w http.ResponseWriter, r *http.Request) {
	s.st.mu.Lock()
	sp, ok := s.st.spaces[r.PathValue("key")]
	var out *v1Space
	if ok {
		out = s.dcSpaceOf(sp, expandSet(r))
	}
	s.st.mu.Unlock()

	if !ok {
		writeV1Error(w, http.StatusNotFound,
			"No space found with key : "+r.PathValue("key"))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// dcContent lists a space's pages with start/limit.
func (s *Server) dcContent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, from, ok := s.v1Window(w, r, 25)
	if !ok {
		return
	}
	if t := q.Get("type"); t != "" && t != "page" {
		s.writeV1List(w, r, nil, from, limit, false)
		return
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	key := q.Get("spaceKey")
	if _, ok := s.st.spaces[key]; !ok {
		writeV1Error(w, http.StatusNotFound, "No space with key : "+key)
		return
	}
	pages := s.st.spacePages(key, statuses(q.Get("status"), statusCurrent))
	lo, hi, more := window(len(pages), from, limit)
	ex := expandSet(r)
	out := make([]v1Content, 0, hi-lo)
	for _, p := range pages[lo:hi] {
		out = append(out, s.v1Page(p, ex))
	}
	s.writeV1List(w, r, out, lo, limit, more)
}

// dcPage serves one page by id. Without status=any (or trashed) a trashed
// page answers 404, as Data Center does.
func (s *Server) dcPage(w http.ResponseWriter, r *http.Request) {
	want := statuses(r.URL.Query().Get("status"), statusCurrent)

	s.st.mu.Lock()
	p, ok := s.st.pages[r.PathValue("id")]
	var out v1Content
	if ok {
		ok = slices.Contains(want, p.status)
		out = s.v1Page(p, expandSet(r))
	}
	s.st.mu.Unlock()

	if !ok {
		writeV1Error(w, http.StatusNotFound,
			"No content found with id: ContentId{id="+r.PathValue("id")+"}")
		return
	}
	writeJSON(w, http.StatusOK, out)
}
