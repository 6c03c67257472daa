package confluencetest

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// errUnknown marks an id or key the fake does not hold.
var errUnknown = errors.New("unknown to the fake")

// AddSpace creates a space and its home page, and returns the home page id.
func (s *Server) AddSpace(key, name string) (homeID string, err error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()

	if key == "" || strings.ContainsAny(key, " \"/?&") {
		return "", fmt.Errorf("add space %q: invalid key", key)
	}
	if _, ok := st.spaces[key]; ok {
		return "", fmt.Errorf("add space %s: already exists", key)
	}
	sp := &space{id: st.newID(), key: key, name: name, created: st.tick()}
	st.spaces[key] = sp

	home := st.insert(sp.key, "", name+" Home", "<p>Welcome.</p>", false)
	sp.homeID = home.id
	return home.id, nil
}

// insert adds a page or folder under parentID; the caller holds st.mu.
func (st *store) insert(key, parentID, title, body string, folder bool) *page {
	now := st.tick()
	p := &page{
		id:       st.newID(),
		space:    key,
		folder:   folder,
		title:    title,
		parentID: parentID,
		position: len(st.children(parentID)),
		version:  1,
		modified: now,
		created:  now,
		status:   statusCurrent,
		body:     body,
	}
	st.pages[p.id] = p
	st.order = append(st.order, p)
	return p
}

// AddPage adds a current page under parentID ("" for a root page) and
// returns its id. Titles must be unique in a space, as in Confluence.
func (s *Server) AddPage(spaceKey, parentID, title, body string) (id string, err error) {
	p, err := s.add(spaceKey, parentID, title, body, false)
	if err != nil {
		return "", fmt.Errorf("add page %q: %w", title, err)
	}
	return p.id, nil
}

// AddFolder adds a Cloud folder under parentID and returns its id. Folders
// have no body and do not appear in page listings. Data Center has none.
func (s *Server) AddFolder(spaceKey, parentID, title string) (id string, err error) {
	if s.opts.Deployment == confluence.DataCenter {
		return "", fmt.Errorf("add folder %q: Data Center has no folders", title)
	}
	p, err := s.add(spaceKey, parentID, title, "", true)
	if err != nil {
		return "", fmt.Errorf("add folder %q: %w", title, err)
	}
	return p.id, nil
}

func (s *Server) add(key, parentID, title, body string, folder bool) (*page, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()

	if _, ok := st.spaces[key]; !ok {
		return nil, fmt.Errorf("space %s: %w", key, errUnknown)
	}
	if title == "" {
		return nil, errors.New("empty title")
	}
	if parentID != "" {
		parent, err := st.livePage(parentID)
		if err != nil {
			return nil, err
		}
		if parent.space != key {
			return nil, fmt.Errorf("parent %s is in space %s", parentID, parent.space)
		}
	}
	for _, p := range st.order {
		if p.space == key && p.title == title {
			return nil, fmt.Errorf("title already used by %s", p.id)
		}
	}
	return st.insert(key, parentID, title, body, folder), nil
}

// change runs fn on a live page under the lock.
func (s *Server) change(id string, fn func(st *store, p *page) error) error {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()

	p, err := st.livePage(id)
	if err != nil {
		return err
	}
	return fn(st, p)
}

// bump records a new version of p.
func (st *store) bump(p *page) {
	p.version++
	p.modified = st.tick()
}

// EditPage replaces a page's body and bumps its version.
func (s *Server) EditPage(id, body string) error {
	return s.change(id, func(st *store, p *page) error {
		p.body = body
		st.bump(p)
		return nil
	})
}

// RenamePage changes a page's title and bumps its version. As
// Confluence does, it rewrites links by title to the page in every
// other page's body, without a new version of those pages.
func (s *Server) RenamePage(id, title string) error {
	return s.change(id, func(st *store, p *page) error {
		st.relinkRenamed(p, p.title, title)
		p.title = title
		st.bump(p)
		return nil
	})
}

// MovePage moves a page under parentID ("" for the space root) at the
// given position among its siblings. The version does not change.
func (s *Server) MovePage(id, parentID string, position int) error {
	return s.change(id, func(st *store, p *page) error {
		if parentID == id {
			return fmt.Errorf("move page %s under itself", id)
		}
		if parentID != "" {
			if _, err := st.livePage(parentID); err != nil {
				return fmt.Errorf("move page %s: %w", id, err)
			}
		}
		p.parentID = parentID
		p.position = position
		return nil
	})
}

// MoveToSpace moves a page to the root of another space, as when a user
// moves a page between spaces. The version does not change.
func (s *Server) MoveToSpace(id, spaceKey string) error {
	return s.change(id, func(st *store, p *page) error {
		sp, ok := st.spaces[spaceKey]
		if !ok {
			return fmt.Errorf("space %s: %w", spaceKey, errUnknown)
		}
		p.space = sp.key
		p.parentID = sp.homeID
		return nil
	})
}

// SetLabels replaces a page's labels.
func (s *Server) SetLabels(id string, labels ...string) error {
	return s.change(id, func(st *store, p *page) error {
		p.labels = slices.Sorted(slices.Values(labels))
		return nil
	})
}

// TrashPage moves a page to the trash: listings omit it, and fetching it
// by id answers status "trashed".
func (s *Server) TrashPage(id string) error {
	return s.change(id, func(st *store, p *page) error {
		p.status = statusTrashed
		return nil
	})
}

// RestorePage takes a trashed page out of the trash.
func (s *Server) RestorePage(id string) error {
	return s.change(id, func(st *store, p *page) error {
		p.status = statusCurrent
		return nil
	})
}

// PurgePage deletes a page for good, with its attachments: fetching it
// answers 404. Its children keep a parent id that no longer exists.
func (s *Server) PurgePage(id string) error {
	return s.change(id, func(st *store, p *page) error {
		delete(st.pages, id)
		st.order = slices.DeleteFunc(st.order, func(q *page) bool {
			return q.id == id
		})
		for _, a := range st.pageAttachments(id) {
			st.dropAttachment(a.id)
		}
		return nil
	})
}

// PutAttachment attaches data to a page under name: a new attachment, or
// a new version when the page already has one of that name. The page
// version does not change.
func (s *Server) PutAttachment(pageID, name string, data []byte) (id string, err error) {
	err = s.change(pageID, func(st *store, p *page) error {
		if name == "" {
			return errors.New("empty attachment name")
		}
		now := st.tick()
		for _, a := range st.pageAttachments(pageID) {
			if a.title == name {
				a.versions = append(a.versions, slices.Clone(data))
				a.times = append(a.times, now)
				id = a.id
				return nil
			}
		}
		a := &attachment{
			id:        "att" + st.newID(),
			pageID:    pageID,
			title:     name,
			mediaType: mediaType(name),
			versions:  [][]byte{slices.Clone(data)},
			times:     []time.Time{now},
		}
		st.atts[a.id] = a
		st.attOrder = append(st.attOrder, a)
		id = a.id
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("put attachment %q: %w", name, err)
	}
	return id, nil
}

// DeleteAttachment removes an attachment with all its versions.
func (s *Server) DeleteAttachment(id string) error {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()

	if _, ok := st.atts[id]; !ok {
		return fmt.Errorf("delete attachment %s: %w", id, errUnknown)
	}
	st.dropAttachment(id)
	return nil
}

func (st *store) dropAttachment(id string) {
	delete(st.atts, id)
	st.attOrder = slices.DeleteFunc(st.attOrder, func(a *attachment) bool {
		return a.id == id
	})
}

// AddUser registers a user: id is the Cloud account id, and on Data
// Center both the user key and the username.
func (s *Server) AddUser(id, displayName string) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.users[id] = displayName
}

// PageInfo is a snapshot of one fake page or folder.
type PageInfo struct {
	ID       string
	Space    string
	Title    string
	ParentID string
	Position int
	Version  int
	Status   string
	Folder   bool
	Body     string
}

// Page returns the title, parent and version of a page.
func (s *Server) Page(id string) (title, parentID string, version int, ok bool) {
	info, ok := s.PageInfo(id)
	return info.Title, info.ParentID, info.Version, ok
}

// PageInfo returns a snapshot of a page or folder; ok is false when purged
// or never created.
func (s *Server) PageInfo(id string) (PageInfo, bool) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	p, ok := s.st.pages[id]
	if !ok {
		return PageInfo{}, false
	}
	return PageInfo{
		ID: p.id, Space: p.space, Title: p.title,
		ParentID: p.parentID, Position: p.position,
		Version: p.version, Status: p.status,
		Folder: p.folder, Body: p.body,
	}, true
}

// PageIDs returns the ids of a space's current pages in listing order.
func (s *Server) PageIDs(spaceKey string) []string {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()

	var ids []string
	for _, p := range s.st.spacePages(spaceKey, []string{statusCurrent}) {
		ids = append(ids, p.id)
	}
	return ids
}

// mediaType guesses a media type from a file name with a fixed table, so
// answers do not depend on the host's MIME database.
func mediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".svg":
		return "image/svg+xml"
	case ".pdf":
		return "application/pdf"
	case ".txt":
		return "text/plain"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}
