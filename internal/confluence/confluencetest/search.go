package confluencetest

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// cqlQuery is the small part of CQL the fake understands: clauses joined
// by "and" on type, space and id.
type cqlQuery struct {
	typ   string
	space string
	ids   []string
}

var (
	cqlAnd    = regexp.MustCompile(`(?i)\s+and\s+`)
	cqlEquals = regexp.MustCompile(`^(?i)(type|space|space\.key|id)\s*=\s*"?([^"]*)"?$`)
	cqlIn     = regexp.MustCompile(`^(?i)(id)\s+in\s*\(([^)]*)\)$`)
)

// parseCQL parses a query; anything it does not know is an error, as a
// real server answers 400 to CQL it cannot parse.
func parseCQL(cql string) (cqlQuery, error) {
	var q cqlQuery
	cql = strings.TrimSpace(cql)
	if cql == "" {
		return q, errors.New("cql is required")
	}
	for _, clause := range cqlAnd.Split(cql, -1) {
		clause = strings.TrimSpace(clause)
		if m := cqlIn.FindStringSubmatch(clause); m != nil {
			for _, id := range splitList(m[2]) {
				q.ids = append(q.ids, strings.Trim(id, `"`))
			}
			continue
		}
		m := cqlEquals.FindStringSubmatch(clause)
		if m == nil {
			return q, fmt.Errorf("could not parse cql clause %q", clause)
		}
		switch strings.ToLower(m[1]) {
		case "type":
			q.typ = m[2]
		case "space", "space.key":
			q.space = m[2]
		case "id":
			q.ids = append(q.ids, m[2])
		}
	}
	return q, nil
}

// searchKind counts attachment searches as attachments and page searches
// by id as bodies.
func searchKind(r *http.Request) string {
	q, err := parseCQL(r.URL.Query().Get("cql"))
	switch {
	case err != nil:
		return confluence.ReqOther
	case q.typ == "attachment":
		return confluence.ReqAttachments
	case len(q.ids) > 0:
		return confluence.ReqBodies
	}
	return confluence.ReqList
}

// search serves GET …/rest/api/content/search: Cloud pages with a cursor
// (next=true&cursor=…), Data Center with start/limit.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q, err := parseCQL(r.URL.Query().Get("cql"))
	if err != nil {
		s.writeV1BadRequest(w, err)
		return
	}
	limit, from, ok := s.v1Window(w, r, 25)
	if !ok {
		return
	}

	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	if _, ok := s.st.spaces[q.space]; q.space != "" && !ok &&
		s.opts.Deployment == confluence.DataCenter {
		s.writeV1BadRequest(w, fmt.Errorf("space %q does not exist", q.space))
		return
	}
	results := s.match(q, expandSet(r))
	lo, hi, more := window(len(results), from, limit)
	s.writeV1List(w, r, results[lo:hi], lo, limit, more)
}

func (s *Server) writeV1BadRequest(w http.ResponseWriter, err error) {
	writeV1Error(w, http.StatusBadRequest, err.Error())
}

// from reads the position of a v1 listing: a cursor on Cloud searches,
// start elsewhere.
// v1Window reads a v1 listing's limit (default def) and start offset,
// answering 400 itself when either is bad.
func (s *Server) v1Window(w http.ResponseWriter, r *http.Request,
	def int) (limit, from int, ok bool) {
	limit, err := s.limit(r, def)
	if err == nil {
		from, err = s.from(r)
	}
	if err != nil {
		s.writeV1BadRequest(w, err)
		return 0, 0, false
	}
	return limit, from, true
}

func (s *Server) from(r *http.Request) (int, error) {
	q := r.URL.Query()
	if q.Get("cursor") != "" {
		return s.offset(r)
	}
	v := q.Get("start")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid start %q", v)
	}
	return n, nil
}

// match returns the current content a query selects; the caller holds
// st.mu.
func (s *Server) match(q cqlQuery, ex map[string]bool) []v1Content {
	var out []v1Content
	if q.typ == "attachment" {
		for _, a := range s.st.attOrder {
			p, ok := s.st.pages[a.pageID]
			if !ok || p.status != statusCurrent {
				continue
			}
			if q.space != "" && p.space != q.space {
				continue
			}
			if len(q.ids) == 0 || slices.Contains(q.ids, a.id) {
				out = append(out, s.v1Attachment(a, ex))
			}
		}
		return out
	}

	for _, p := range s.st.order {
		switch {
		case p.folder || p.status != statusCurrent:
		case q.typ != "" && q.typ != "page":
		case q.space != "" && p.space != q.space:
		case len(q.ids) > 0 && !slices.Contains(q.ids, p.id):
		default:
			out = append(out, s.v1Page(p, ex))
		}
	}
	return out
}

// writeV1List answers one page of v1 results with a next link in the
// deployment's style.
func (s *Server) writeV1List(w http.ResponseWriter, r *http.Request,
	results []v1Content, start, limit int, more bool,
) {
	next := ""
	if more {
		set := map[string]string{"limit": strconv.Itoa(limit)}
		if s.opts.Deployment == confluence.Cloud {
			set["next"] = "true"
			set["cursor"] = s.cursor(start + len(results))
			next = nextURL(r, "/wiki", set)
		} else {
			set["start"] = strconv.Itoa(start + len(results))
			next = nextURL(r, s.opts.ContextPath, set)
		}
	}
	writeJSON(w, http.StatusOK, v1List{
		Results: append([]v1Content{}, results...),
		Start:   start, Limit: limit, Size: len(results),
		Links: s.v1Links(r, next),
	})
}
