package confluence

import (
	"context"
	"errors"
	"io"
	"time"
)

// Deployment names the flavour of Confluence a client talks to.
type Deployment string

// The two deployments cfmirror supports.
const (
	// Cloud is Atlassian's hosted Confluence: v2 API plus v1 CQL search.
	Cloud Deployment = "cloud"
	// DataCenter is self-hosted Confluence (Data Center or Server): v1 only.
	DataCenter Deployment = "datacenter"
)

// Errors a caller can meet. Test them with errors.Is; the returned errors
// wrap these with the operation and object that failed.
var (
	// ErrUnauthorized means the server refused the credential (HTTP 401).
	// It is final for the run: the message names the credential refused.
	ErrUnauthorized = errors.New("credential refused")
	// ErrForbidden means the credential is valid but lacks permission
	// (HTTP 403). It is final for the run.
	ErrForbidden = errors.New("permission denied")
	// ErrNotFound means the object does not exist or is not visible.
	ErrNotFound = errors.New("not found")
	// ErrCircuitOpen means the per-site circuit breaker is open after
	// sustained failures; requests fail fast until it half-opens.
	ErrCircuitOpen = errors.New("circuit breaker open")
	// ErrBadResponse means the server answered with something that is not
	// the expected JSON (HTML error page, truncated or malformed body).
	ErrBadResponse = errors.New("bad response")
	// ErrIncomplete means a listing stopped before its end: a repeated
	// next link, a page shorter than it claims, or a page with no items
	// that still points to a next one.
	ErrIncomplete = errors.New("incomplete listing")
)

// Space is one Confluence space.
type Space struct {
	ID         string // numeric id as a string (Cloud v2); DC: the v1 id
	Key        string
	Name       string
	HomepageID string
}

// NodeKind says what a tree node in a space is.
type NodeKind string

// Node kinds found in a space's page tree.
const (
	KindPage   NodeKind = "page"
	KindFolder NodeKind = "folder" // Cloud folders: no body, only a title
)

// PageInfo is one entry of a space's inventory: everything but the body.
type PageInfo struct {
	ID          string
	Kind        NodeKind // KindPage, or KindFolder for Cloud folders
	Title       string
	ParentID    string // "" for a root page
	Position    int    // order among siblings; lower first
	Version     int
	VersionTime time.Time // UTC
	Status      string    // "current", "archived", ...
}

// Inventory is a listing of a space's page tree.
//
// Complete is false when the listing ended early (an error, a repeated
// next link, a truncated page); Err then says why. An incomplete inventory
// must never drive deletions.
type Inventory struct {
	Pages    []PageInfo // pages and folders, in listing order
	Complete bool
	Err      error
}

// Page is a page with its storage-format body.
type Page struct {
	PageInfo
	SpaceID string
	Body    string   // storage format, exactly as the server sent it
	Labels  []string // sorted; nil when the API gave none
	WebURL  string   // absolute URL of the page in the Confluence UI
}

// Attachment is one file attached to a page.
type Attachment struct {
	ID        string
	PageID    string // owning page
	Title     string // file name as uploaded (unsanitised)
	Version   int
	Size      int64
	MediaType string
	Comment   string
	// Download is the path to download this version, relative to the
	// client's base URL (e.g. "/download/attachments/1/a.png?version=2").
	Download string
}

// AttachmentList is a listing of attachments, with the same completeness
// contract as Inventory.
type AttachmentList struct {
	Attachments []Attachment
	Complete    bool
	Err         error
}

// PageState is what the server says about a page that vanished from a
// listing.
type PageState string

// Page states returned by Client.PageState.
const (
	StateCurrent PageState = "current" // still there: listing missed it
	StateTrashed PageState = "trashed" // in the space's trash
	StatePurged  PageState = "purged"  // gone for good (404)
	StateMoved   PageState = "moved"   // current, but now in another space
	StateOther   PageState = "other"   // archived, draft or unknown status
)

// Client is everything cfmirror asks of Confluence. Implementations are safe
// for concurrent use; retries, rate limiting and circuit breaking happen
// inside, so callers never sleep or retry. Every method that does I/O stops
// when ctx is cancelled.
type Client interface {
	// Deployment says which API family the client speaks.
	Deployment() Deployment
	// BaseURL is the absolute URL that page and attachment paths are
	// relative to: "https://site/wiki" on Cloud, the DC base with context.
	BaseURL() string

	// Space resolves a space key to its id, name and home page.
	Space(ctx context.Context, key string) (Space, error)
	// Pages lists the whole page tree of a space without bodies,
	// following pagination to the end. A listing error is reported in the
	// Inventory (Complete=false); the error return is for failures that
	// stop the run (auth, cancellation, open breaker before any page).
	Pages(ctx context.Context, space Space) (Inventory, error)
	// Bodies fetches the storage bodies of the given pages, batched as the
	// API allows (Cloud: 250 ids a request). Pages that no longer exist
	// are missing from the result, not errors.
	Bodies(ctx context.Context, space Space, ids []string) ([]Page, error)
	// SpaceAttachments lists every attachment of a space in few requests.
	SpaceAttachments(ctx context.Context, space Space) (AttachmentList, error)
	// PageAttachments lists the attachments of one page.
	PageAttachments(ctx context.Context, pageID string) ([]Attachment, error)
	// Download streams an attachment to w and returns the bytes written.
	// It never holds the whole file in memory.
	Download(ctx context.Context, a Attachment, w io.Writer) (int64, error)
	// PageState confirms the state of a page that vanished from a listing.
	PageState(ctx context.Context, space Space, id string) (PageState, error)
	// UserName returns a user's display name (Cloud account id, DC user
	// key or username); results are cached.
	UserName(ctx context.Context, id string) (string, error)

	// Requests returns the number of requests made so far, by endpoint
	// kind (see the Req constants).
	Requests() map[string]int64
	// Stats returns a snapshot of the client's counters and its circuit
	// breaker's state since the client was created.
	Stats() Stats
}

// Stats is a snapshot of what a client has done since it was created.
// The maps are copies the caller may keep or change; kinds with no
// count are absent. Counters only grow.
type Stats struct {
	// Requests counts attempts sent to the server, by endpoint kind
	// (see the Req constants); a retried request counts each attempt.
	Requests map[string]int64
	// Retries counts attempts after the first, by endpoint kind.
	Retries map[string]int64
	// Throttled counts 429 Too Many Requests responses.
	Throttled int64
	// Breaker is the state of the site's circuit breaker now.
	Breaker BreakerState
}

// BreakerState is the state of a circuit breaker.
type BreakerState string

// Circuit breaker states reported in Stats.
const (
	// BreakerClosed lets requests through: the normal state.
	BreakerClosed BreakerState = "closed"
	// BreakerOpen fails requests fast after sustained failures.
	BreakerOpen BreakerState = "open"
	// BreakerHalfOpen lets probe requests through to test the site.
	BreakerHalfOpen BreakerState = "half-open"
)

// BreakerStates lists every BreakerState, for callers that report one
// series per state.
var BreakerStates = []BreakerState{BreakerClosed, BreakerOpen, BreakerHalfOpen}

// Request kinds counted by Client.Requests.
const (
	ReqSpace       = "space"
	ReqList        = "list"        // page inventory pages
	ReqBodies      = "bodies"      // body batches
	ReqAttachments = "attachments" // attachment listings
	ReqDownload    = "download"
	ReqState       = "state" // vanished-page confirmation
	ReqUser        = "user"
	ReqFolder      = "folder"
	ReqOther       = "other"
)
