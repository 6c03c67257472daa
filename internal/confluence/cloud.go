package confluence

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// cloud is the Client for Confluence Cloud: v2 API plus v1 CQL search.
type cloud struct {
	*site
}

// Cloud v2 response shapes; unknown fields are ignored.
type (
	v2Links struct {
		Next   string `json:"next"`
		WebUI  string `json:"webui"`
		TinyUI string `json:"tinyui"`
	}
	v2Space struct {
		ID         string `json:"id"`
		Key        string `json:"key"`
		Name       string `json:"name"`
		HomepageID string `json:"homepageId"`
	}
	v2Version struct {
		Number    int       `json:"number"`
		CreatedAt time.Time `json:"createdAt"`
	}
	v2Page struct {
		ID         string    `json:"id"`
		Status     string    `json:"status"`
		Title      string    `json:"title"`
		SpaceID    string    `json:"spaceId"`
		ParentID   *string   `json:"parentId"`
		ParentType *string   `json:"parentType"`
		Position   *int      `json:"position"`
		Version    v2Version `json:"version"`
		Body       struct {
			Storage struct {
				Value string `json:"value"`
			} `json:"storage"`
		} `json:"body"`
		Links v2Links `json:"_links"`
	}
	v2List[T any] struct {
		Results []T     `json:"results"`
		Links   v2Links `json:"_links"`
	}
)

// info converts a v2 page or folder to a PageInfo.
func (p v2Page) info(kind NodeKind) PageInfo {
	info := PageInfo{
		ID: p.ID, Kind: kind, Title: p.Title,
		Version:     p.Version.Number,
		VersionTime: p.Version.CreatedAt.UTC(),
		Status:      p.Status,
	}
	if p.ParentID != nil {
		info.ParentID = *p.ParentID
	}
	if p.Position != nil {
		info.Position = *p.Position
	}
	return info
}

func (p v2Page) parentIsFolder() bool {
	return p.ParentType != nil && *p.ParentType == "folder" &&
		p.ParentID != nil
}

func (c *cloud) v2(format string, args ...any) string {
	return c.root + "/wiki/api/v2" + fmt.Sprintf(format, args...)
}

// Space resolves a key with GET /wiki/api/v2/spaces?keys=KEY.
func (c *cloud) Space(ctx context.Context, key string) (Space, error) {
	if err := checkKey(key); err != nil {
		return Space{}, err
	}
	var list v2List[v2Space]
	u := c.v2("/spaces?keys=%s&limit=1", url.QueryEscape(key))
	if _, err := c.getJSON(ctx, ReqSpace, u, &list); err != nil {
		return Space{}, fmt.Errorf("get space %s: %w", key, err)
	}
	for _, sp := range list.Results {
		if sp.Key == key {
			return Space(sp), nil
		}
	}
	return Space{}, fmt.Errorf("get space %s: %w", key, ErrNotFound)
}

// Pages lists the space's current pages in ⌈N/250⌉ requests, then fetches
// each folder the pages hang under (folders are not in the listing).
func (c *cloud) Pages(ctx context.Context, space Space) (Inventory, error) {
	what := "list pages of space " + space.Key
	if !numeric(space.ID) {
		return Inventory{}, fmt.Errorf("%s: space id %q is not numeric", what, space.ID)
	}

	var inv Inventory
	var folders []string
	p := c.pager(c.root)
	u := c.v2("/spaces/%s/pages?limit=250&status=current", space.ID)
	for u != "" {
		var list v2List[v2Page]
		h, err := c.getJSON(ctx, ReqList, u, &list)
		if err == nil {
			err = checkItems(list.Results, list.Links.Next)
		}
		var fresh []bool
		if err == nil {
			fresh, err = p.fresh(v2IDs(list.Results))
		}
		if err != nil {
			return incomplete(ctx, inv, what, err)
		}
		for i, pg := range list.Results {
			if !fresh[i] {
				continue // listed twice while the space changed
			}
			inv.Pages = append(inv.Pages, pg.info(KindPage))
			if pg.parentIsFolder() {
				folders = append(folders, *pg.ParentID)
			}
		}
		if u, err = p.next(nextLink(list.Links.Next, h)); err != nil {
			return incomplete(ctx, inv, what, err)
		}
	}

	if err := c.addFolders(ctx, &inv, folders); err != nil {
		return incomplete(ctx, inv, what, err)
	}
	inv.Complete = true
	return inv, nil
}

// addFolders fetches the folders pages hang under, and their folder
// ancestors, once each.
func (c *cloud) addFolders(ctx context.Context, inv *Inventory, queue []string) error {
	known := make(map[string]bool, len(inv.Pages))
	for _, p := range inv.Pages {
		known[p.ID] = true
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if known[id] {
			continue
		}
		known[id] = true

		var f v2Page
		if !numeric(id) {
			return fmt.Errorf("%w: folder id %q", ErrBadResponse, id)
		}
		if _, err := c.getJSON(ctx, ReqFolder, c.v2("/folders/%s", id), &f); err != nil {
			return fmt.Errorf("get folder %s: %w", id, err)
		}
		inv.Pages = append(inv.Pages, f.info(KindFolder))
		if f.parentIsFolder() {
			queue = append(queue, *f.ParentID)
		}
	}
	return nil
}

// Bodies fetches bodies with GET /wiki/api/v2/pages?id=…, 250 ids a
// request.
func (c *cloud) Bodies(ctx context.Context, space Space, ids []string) ([]Page, error) {
	var out []Page
	for batch := range batches(ids, 250) {
		if err := checkIDs(batch); err != nil {
			return nil, err
		}
		u := c.v2("/pages?id=%s&body-format=storage&limit=250",
			strings.Join(batch, ","))
		p := c.pager(c.root)
		for u != "" {
			var list v2List[v2Page]
			h, err := c.getJSON(ctx, ReqBodies, u, &list)
			if err == nil {
				err = checkItems(list.Results, list.Links.Next)
			}
			if err == nil {
				u, err = p.next(nextLink(list.Links.Next, h))
			}
			if err != nil {
				return nil, fmt.Errorf("get bodies: %w", err)
			}
			for _, pg := range list.Results {
				out = append(out, c.page(pg))
			}
		}
	}
	return out, nil
}

// page converts a v2 page with body. Labels need a request per page on
// Cloud, so they stay nil.
//
// TODO(labels): fetch Cloud labels in bulk once cfmirror needs them
// (v1 CQL search with expand=metadata.labels would do it).
func (c *cloud) page(pg v2Page) Page {
	return Page{
		PageInfo: pg.info(KindPage),
		SpaceID:  pg.SpaceID,
		Body:     pg.Body.Storage.Value,
		WebURL:   c.webURL(pg.Links.WebUI),
	}
}

func (c *cloud) webURL(webui string) string {
	if webui == "" || !strings.HasPrefix(webui, "/") {
		return ""
	}
	return c.base + webui
}

// SpaceAttachments lists attachments with v1 CQL search, 100 a request.
func (c *cloud) SpaceAttachments(ctx context.Context, space Space) (AttachmentList, error) {
	if err := checkKey(space.Key); err != nil {
		return AttachmentList{}, err
	}
	return c.searchAttachments(ctx, space.Key, false)
}

// PageAttachments lists one page's attachments with the v2 API.
func (c *cloud) PageAttachments(ctx context.Context, pageID string) ([]Attachment, error) {
	if err := checkIDs([]string{pageID}); err != nil {
		return nil, err
	}
	var out []Attachment
	p := c.pager(c.root)
	u := c.v2("/pages/%s/attachments?limit=250", pageID)
	for u != "" {
		var list v2List[v2Attachment]
		h, err := c.getJSON(ctx, ReqAttachments, u, &list)
		if err == nil {
			err = checkItems(list.Results, list.Links.Next)
		}
		if err == nil {
			u, err = p.next(nextLink(list.Links.Next, h))
		}
		if err != nil {
			return nil, fmt.Errorf("list attachments of page %s: %w", pageID, err)
		}
		for _, a := range list.Results {
			out = append(out, a.attachment())
		}
	}
	return out, nil
}

// v2Attachment is a Cloud v2 attachment.
type v2Attachment struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	PageID       string    `json:"pageId"`
	MediaType    string    `json:"mediaType"`
	Comment      string    `json:"comment"`
	FileSize     int64     `json:"fileSize"`
	DownloadLink string    `json:"downloadLink"`
	Version      v2Version `json:"version"`
}

func (a v2Attachment) attachment() Attachment {
	return Attachment{
		ID: a.ID, PageID: a.PageID, Title: a.Title,
		Version: a.Version.Number, Size: a.FileSize,
		MediaType: a.MediaType, Comment: a.Comment,
		Download: a.DownloadLink,
	}
}

// PageState asks GET /wiki/api/v2/pages/{id}: 404 means purged.
func (c *cloud) PageState(ctx context.Context, space Space, id string) (PageState, error) {
	if err := checkIDs([]string{id}); err != nil {
		return "", err
	}
	var pg v2Page
	_, err := c.getJSON(ctx, ReqState, c.v2("/pages/%s", id), &pg)
	switch {
	case errors.Is(err, ErrNotFound):
		return StatePurged, nil
	case err != nil:
		return "", fmt.Errorf("get state of page %s: %w", id, err)
	}
	return pageState(pg.Status, pg.SpaceID != space.ID), nil
}

// UserName looks up GET /wiki/rest/api/user?accountId=…
func (c *cloud) UserName(ctx context.Context, id string) (string, error) {
	return c.userName(ctx, id, func() []string {
		return []string{c.base + "/rest/api/user?accountId=" + url.QueryEscape(id)}
	})
}

// nextLink prefers the body's next link and falls back to a Link header.
func nextLink(fromBody string, h http.Header) string {
	if fromBody != "" {
		return fromBody
	}
	for _, v := range h.Values("Link") {
		for part := range strings.SplitSeq(v, ",") {
			link, params, ok := strings.Cut(part, ";")
			if ok && strings.Contains(params, `rel="next"`) {
				return strings.Trim(strings.TrimSpace(link), "<>")
			}
		}
	}
	return ""
}
