package confluencetest

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
)

// epoch is the fake clock's first reading. Every change to the fake moves
// the clock one minute on, so versions and times are deterministic.
var epoch = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// The statuses a fake page can have.
const (
	statusCurrent = "current"
	statusTrashed = "trashed"
)

type space struct {
	id      string
	key     string
	name    string
	homeID  string
	created time.Time
}

// page is a page or a Cloud folder.
type page struct {
	id       string
	space    string // key
	folder   bool
	title    string
	parentID string
	position int
	version  int
	modified time.Time
	created  time.Time
	status   string
	body     string
	labels   []string
}

type attachment struct {
	id        string
	pageID    string
	title     string
	mediaType string
	comment   string
	versions  [][]byte
	times     []time.Time
}

func (a *attachment) version() int { return len(a.versions) }

// store is the fake's in-memory content. All access holds mu.
type store struct {
	mu       sync.Mutex
	now      time.Time
	nextID   int64
	spaces   map[string]*space // by key
	pages    map[string]*page  // pages and folders by id
	order    []*page           // creation order, purged removed
	atts     map[string]*attachment
	attOrder []*attachment
	users    map[string]string // id -> display name
}

func newStore() *store {
	return &store{
		now:    epoch,
		nextID: 65536,
		spaces: map[string]*space{},
		pages:  map[string]*page{},
		atts:   map[string]*attachment{},
		users:  map[string]string{},
	}
}

// tick advances the fake clock and returns the new time.
func (st *store) tick() time.Time {
	st.now = st.now.Add(time.Minute)
	return st.now
}

func (st *store) newID() string {
	st.nextID += 17
	return strconv.FormatInt(st.nextID, 10)
}

func (st *store) spaceByID(id string) *space {
	for _, sp := range st.spaces {
		if sp.id == id {
			return sp
		}
	}
	return nil
}

// livePage returns a page or folder that is not purged.
func (st *store) livePage(id string) (*page, error) {
	p, ok := st.pages[id]
	if !ok {
		return nil, fmt.Errorf("page %s: %w", id, errUnknown)
	}
	return p, nil
}

// children returns the live children of parentID in creation order.
func (st *store) children(parentID string) []*page {
	var out []*page
	for _, p := range st.order {
		if p.parentID == parentID {
			out = append(out, p)
		}
	}
	return out
}

// spacePages returns the pages (not folders) of a space in listing order.
func (st *store) spacePages(key string, statuses []string) []*page {
	var out []*page
	for _, p := range st.order {
		if p.space != key || p.folder {
			continue
		}
		if slices.Contains(statuses, p.status) {
			out = append(out, p)
		}
	}
	return out
}

// ancestors returns the chain from the space root down to p's parent.
func (st *store) ancestors(p *page) []*page {
	var chain []*page
	for id := p.parentID; id != ""; {
		a, ok := st.pages[id]
		if !ok || len(chain) > 1000 {
			break
		}
		chain = append(chain, a)
		id = a.parentID
	}
	slices.Reverse(chain)
	return chain
}

func (st *store) pageAttachments(pageID string) []*attachment {
	var out []*attachment
	for _, a := range st.attOrder {
		if a.pageID == pageID {
			out = append(out, a)
		}
	}
	return out
}
