package confluencetest

import (
	"net/http"
	"strconv"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// v2Attachment is a Cloud v2 attachment.
type v2Attachment struct {
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Title        string            `json:"title"`
	CreatedAt    string            `json:"createdAt"`
	PageID       string            `json:"pageId"`
	MediaType    string            `json:"mediaType"`
	Comment      string            `json:"comment"`
	FileSize     int               `json:"fileSize"`
	DownloadLink string            `json:"downloadLink"`
	Version      v2Version         `json:"version"`
	Links        map[string]string `json:"_links"`
}

func (s *Server) v2AttachmentOf(a *attachment) v2Attachment {
	n := a.version()
	dl := downloadPath(a, n)
	return v2Attachment{
		ID: a.id, Status: "current", Title: a.title,
		CreatedAt: s.stamp(a.times[0]), PageID: a.pageID,
		MediaType: a.mediaType, Comment: a.comment,
		FileSize: len(a.versions[n-1]), DownloadLink: dl,
		Version: v2Version{
			Number: n, AuthorID: authorID,
			CreatedAt: s.stamp(a.times[n-1]),
		},
		Links: map[string]string{"download": dl},
	}
}

// v2PageAttachments lists one page's attachments with a cursor.
func (s *Server) v2PageAttachments(w http.ResponseWriter, r *http.Request) {
	limit, err := s.limit(r, 50)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	from, err := s.offset(r)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}

	s.st.mu.Lock()
	p, ok := s.st.pages[r.PathValue("id")]
	var out []v2Attachment
	if ok {
		for _, a := range s.st.pageAttachments(p.id) {
			out = append(out, s.v2AttachmentOf(a))
		}
	}
	s.st.mu.Unlock()

	if !ok {
		s.writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	lo, hi, more := window(len(out), from, limit)
	links := map[string]string{"base": s.baseURL(r)}
	if more {
		links["next"] = nextURL(r, "", map[string]string{
			"cursor": s.cursor(hi), "limit": strconv.Itoa(limit),
		})
	}
	writeJSON(w, http.StatusOK, v2List[v2Attachment]{
		Results: append([]v2Attachment{}, out[lo:hi]...),
		Links:   links,
	})
}

// v1ChildAttachments lists one page's attachments with start/limit.
func (s *Server) v1ChildAttachments(w http.ResponseWriter, r *http.Request) {
	limit, from, ok := s.v1Window(w, r, 50)
	if !ok {
		return
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	p, ok := s.st.pages[r.PathValue("id")]
	if !ok {
		writeV1Error(w, http.StatusNotFound,
			"No content found with id: ContentId{id="+r.PathValue("id")+"}")
		return
	}
	ex := expandSet(r)
	var out []v1Content
	for _, a := range s.st.pageAttachments(p.id) {
		out = append(out, s.v1Attachment(a, ex))
	}
	lo, hi, more := window(len(out), from, limit)
	s.writeV1List(w, r, out[lo:hi], lo, limit, more)
}

// download streams one version of an attachment (latest by default).
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	pageID, name := r.PathValue("page"), r.PathValue("name")

	s.st.mu.Lock()
	var data []byte
	var found bool
	for _, a := range s.st.pageAttachments(pageID) {
		if a.title != name {
			continue
		}
		n := a.version()
		if v := r.URL.Query().Get("version"); v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 1 || n > a.version() {
				break
			}
		}
		data, found = a.versions[n-1], true
	}
	s.st.mu.Unlock()

	if !found {
		notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mediaType(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// user serves GET …/rest/api/user by account id (Cloud) or by key or
// username (Data Center).
func (s *Server) user(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := q.Get("accountId")
	if s.opts.Deployment == confluence.DataCenter {
		id = q.Get("key")
		if id == "" {
			id = q.Get("username")
		}
	}

	s.st.mu.Lock()
	name, ok := s.st.users[id]
	s.st.mu.Unlock()

	if id == "" {
		writeV1Error(w, http.StatusBadRequest, "a user identifier is required")
		return
	}
	if !ok {
		writeV1Error(w, http.StatusNotFound, "No user found with id "+id)
		return
	}
	u := v1User{
		Type: "known", AccountID: id, AccountType: "atlassian",
		DisplayName: name, PublicName: name,
	}
	if s.opts.Deployment == confluence.DataCenter {
		u = v1User{Type: "known", Username: id, UserKey: id, DisplayName: name}
	}
	writeJSON(w, http.StatusOK, u)
}
