package confluence

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// dataCenter is the Client for Confluence Data Center and Server (v1).
type dataCenter struct {
	*site
}

// dcBodyBatch is the number of ids per CQL body request: Data Center
// caps search results with expanded bodies well below 250.
const dcBodyBatch = 50

func (c *dataCenter) v1(path string, q url.Values) string {
	return c.base + "/rest/api" + path + "?" + q.Encode()
}

// Space resolves a key with GET /rest/api/space/{key}?expand=homepage.
func (c *dataCenter) Space(ctx context.Context, key string) (Space, error) {
	if err := checkKey(key); err != nil {
		return Space{}, err
	}
	var sp v1Space
	u := c.v1("/space/"+url.PathEscape(key), url.Values{"expand": {"homepage"}})
	if _, err := c.getJSON(ctx, ReqSpace, u, &sp); err != nil {
		return Space{}, fmt.Errorf("get space %s: %w", key, err)
	}
	out := Space{ID: sp.ID.String(), Key: sp.Key, Name: sp.Name}
	if sp.Homepage != nil {
		out.HomepageID = sp.Homepage.ID
	}
	return out, nil
}

// Pages lists the space's current pages with start/limit, 200 a request.
func (c *dataCenter) Pages(ctx context.Context, space Space) (Inventory, error) {
	what := "list pages of space " + space.Key
	if err := checkKey(space.Key); err != nil {
		return Inventory{}, fmt.Errorf("%s: %w", what, err)
	}
	first := c.v1("/content", url.Values{
		"spaceKey": {space.Key}, "type": {"page"},
		"status": {"current"}, "expand": {"version,ancestors"},
		"start": {"0"}, "limit": {"200"},
	})

	var inv Inventory
	err := c.v1Walk(ctx, ReqList, first, c.base, true, func(p v1Content) {
		inv.Pages = append(inv.Pages, p.info())
	})
	if err != nil {
		return incomplete(ctx, inv, what, err)
	}
	inv.Complete = true
	return inv, nil
}

// Bodies fetches bodies with CQL `type=page and id in (…)` searches,
// dcBodyBatch ids a request; labels come with them.
func (c *dataCenter) Bodies(ctx context.Context, space Space, ids []string) ([]Page, error) {
	var out []Page
	for batch := range batches(ids, dcBodyBatch) {
		if err := checkIDs(batch); err != nil {
			return nil, err
		}
		first := c.v1("/content/search", url.Values{
			"cql": {"type=page and id in (" + strings.Join(batch, ",") + ")"},
			"expand": {"body.storage,version,ancestors,space," +
				"metadata.labels"},
			"start": {"0"},
			"limit": {fmt.Sprint(dcBodyBatch)},
		})
		err := c.v1Walk(ctx, ReqBodies, first, c.base, true, func(p v1Content) {
			out = append(out, c.page(p))
		})
		if err != nil {
			return nil, fmt.Errorf("get bodies: %w", err)
		}
	}
	return out, nil
}

func (c *dataCenter) page(p v1Content) Page {
	pg := Page{
		PageInfo: p.info(),
		Body:     p.Body.Storage.Value,
		Labels:   p.labels(),
	}
	if p.Space != nil {
		pg.SpaceID = p.Space.ID.String()
	}
	if strings.HasPrefix(p.Links.WebUI, "/") {
		pg.WebURL = c.base + p.Links.WebUI
	}
	return pg
}

// SpaceAttachments lists attachments with CQL search, 100 a request.
func (c *dataCenter) SpaceAttachments(ctx context.Context, space Space) (AttachmentList, error) {
	if err := checkKey(space.Key); err != nil {
		return AttachmentList{}, err
	}
	return c.searchAttachments(ctx, space.Key, true)
}

// PageAttachments lists GET /rest/api/content/{id}/child/attachment.
func (c *dataCenter) PageAttachments(ctx context.Context, pageID string) ([]Attachment, error) {
	if err := checkIDs([]string{pageID}); err != nil {
		return nil, err
	}
	first := c.v1("/content/"+pageID+"/child/attachment", url.Values{
		"expand": {"version,container"}, "start": {"0"}, "limit": {"100"},
	})
	var out []Attachment
	err := c.v1Walk(ctx, ReqAttachments, first, c.base, true, func(a v1Content) {
		att := a.attachment()
		if att.PageID == "" {
			att.PageID = pageID
		}
		out = append(out, att)
	})
	if err != nil {
		return nil, fmt.Errorf("list attachments of page %s: %w", pageID, err)
	}
	return out, nil
}

// PageState asks GET /rest/api/content/{id}?status=any: 404 is purged.
func (c *dataCenter) PageState(ctx context.Context, space Space, id string) (PageState, error) {
	if err := checkIDs([]string{id}); err != nil {
		return "", err
	}
	var p v1Content
	u := c.v1("/content/"+id, url.Values{
		"status": {"any"}, "expand": {"space"},
	})
	_, err := c.getJSON(ctx, ReqState, u, &p)
	switch {
	case errors.Is(err, ErrNotFound):
		return StatePurged, nil
	case err != nil:
		return "", fmt.Errorf("get state of page %s: %w", id, err)
	}
	other := p.Space != nil && p.Space.Key != space.Key
	return pageState(p.Status, other), nil
}

// UserName looks a user up by key, then by username.
func (c *dataCenter) UserName(ctx context.Context, id string) (string, error) {
	return c.userName(ctx, id, func() []string {
		return []string{
			c.v1("/user", url.Values{"key": {id}}),
			c.v1("/user", url.Values{"username": {id}}),
		}
	})
}
