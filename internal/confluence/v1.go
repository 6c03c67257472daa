package confluence

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// v1 response shapes (Data Center, and Cloud's v1 search).
type (
	v1Content struct {
		ID        string      `json:"id"`
		Type      string      `json:"type"`
		Status    string      `json:"status"`
		Title     string      `json:"title"`
		Space     *v1Space    `json:"space"`
		Version   *v1Version  `json:"version"`
		Ancestors []v1Content `json:"ancestors"`
		Container *v1Content  `json:"container"`
		Body      struct {
			Storage struct {
				Value string `json:"value"`
			} `json:"storage"`
		} `json:"body"`
		Metadata struct {
			MediaType string `json:"mediaType"`
			Labels    struct {
				Results []struct {
					Name string `json:"name"`
				} `json:"results"`
			} `json:"labels"`
		} `json:"metadata"`
		Extensions struct {
			Position  json.RawMessage `json:"position"`
			MediaType string          `json:"mediaType"`
			FileSize  int64           `json:"fileSize"`
			Comment   string          `json:"comment"`
		} `json:"extensions"`
		Links struct {
			WebUI    string `json:"webui"`
			Download string `json:"download"`
		} `json:"_links"`
	}
	v1Space struct {
		ID       json.Number `json:"id"`
		Key      string      `json:"key"`
		Name     string      `json:"name"`
		Homepage *v1Content  `json:"homepage"`
	}
	v1Version struct {
		Number int       `json:"number"`
		When   time.Time `json:"when"`
	}
	v1List struct {
		Results []v1Content `json:"results"`
		Start   int         `json:"start"`
		Size    *int        `json:"size"`
		Links   struct {
			Next string `json:"next"`
		} `json:"_links"`
	}
)

// info converts v1 page content to a PageInfo.
func (c v1Content) info() PageInfo {
	info := PageInfo{
		ID: c.ID, Kind: KindPage, Title: c.Title, Status: c.Status,
		Position: v1Position(c.Extensions.Position),
	}
	if c.Version != nil {
		info.Version = c.Version.Number
		info.VersionTime = c.Version.When.UTC()
	}
	if n := len(c.Ancestors); n > 0 {
		info.ParentID = c.Ancestors[n-1].ID
	}
	return info
}

// v1Position reads extensions.position: a number, or "none" for 0.
func v1Position(raw json.RawMessage) int {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n
	}
	return 0
}

func (c v1Content) labels() []string {
	var out []string
	for _, l := range c.Metadata.Labels.Results {
		out = append(out, l.Name)
	}
	slices.Sort(out)
	return out
}

func (c v1Content) attachment() Attachment {
	a := Attachment{
		ID: c.ID, Title: c.Title,
		Size:      c.Extensions.FileSize,
		MediaType: c.Extensions.MediaType,
		Comment:   c.Extensions.Comment,
		Download:  c.Links.Download,
	}
	if a.MediaType == "" {
		a.MediaType = c.Metadata.MediaType
	}
	if c.Version != nil {
		a.Version = c.Version.Number
	}
	if c.Container != nil {
		a.PageID = c.Container.ID
	}
	return a
}

// v1Walk runs fn on every item of a v1 listing. With startBased it
// advances start by the items received (servers may return fewer than
// the limit) and uses the next link only as "more follows"; otherwise it
// follows the next link (Cloud search cursors). relTo is what next links
// are relative to.
func (s *site) v1Walk(ctx context.Context, kind, first, relTo string,
	startBased bool, fn func(v1Content),
) error {
	p := s.pager(relTo)
	u, start := first, 0
	for u != "" {
		var list v1List
		if _, err := s.getJSON(ctx, kind, u, &list); err != nil {
			return err
		}
		if err := checkV1(list); err != nil {
			return err
		}
		fresh, err := p.fresh(v1IDs(list.Results))
		if err != nil {
			return err
		}
		for i, c := range list.Results {
			if fresh[i] {
				fn(c)
			}
		}

		next, err := p.next(list.Links.Next)
		if err != nil || next == "" || !startBased {
			u = next
			if err != nil {
				return err
			}
			continue
		}
		start += len(list.Results)
		u = withStart(first, start)
	}
	return nil
}

// checkV1 guards one v1 page: its size must match its items.
func checkV1(list v1List) error {
	if list.Size != nil && *list.Size != len(list.Results) {
		return fmt.Errorf("%w: page claims %d items, holds %d",
			ErrIncomplete, *list.Size, len(list.Results))
	}
	return checkItems(list.Results, list.Links.Next)
}

// withStart returns raw with its start parameter set.
func withStart(raw string, start int) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("start", strconv.Itoa(start))
	u.RawQuery = q.Encode()
	return u.String()
}

// searchAttachments lists a space's attachments with the CQL search
// `type=attachment and space="KEY"`, 100 a request, owner from container.
func (s *site) searchAttachments(ctx context.Context, key string, startBased bool) (AttachmentList, error) {
	q := url.Values{}
	q.Set("cql", fmt.Sprintf(`type=attachment and space="%s"`, key))
	q.Set("expand", "version,container")
	q.Set("limit", "100")
	if startBased {
		q.Set("start", "0")
	}
	first := s.base + "/rest/api/content/search?" + q.Encode()

	var list AttachmentList
	err := s.v1Walk(ctx, ReqAttachments, first, s.base, startBased, func(c v1Content) {
		list.Attachments = append(list.Attachments, c.attachment())
	})
	if err != nil {
		err = fmt.Errorf("list attachments of space %s: %w", key, err)
		if fatal(ctx, err) {
			return AttachmentList{}, err
		}
		list.Err = err
		return list, nil
	}
	list.Complete = true
	return list, nil
}
