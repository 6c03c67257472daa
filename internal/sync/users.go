package sync

import (
	"cmp"
	"context"
	"errors"
	"html"
	"regexp"
	"strings"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// The converter shows a mentioned user by display name, which costs a
// request per user. Those requests are made while gathering, so that
// rendering finds every name in the client's cache and an outage
// cannot leave pages written with ids where names belong.

var (
	// userTag matches an ri:user element's start tag.
	userTag = regexp.MustCompile(`<ri:user\s[^>]*>`)
	// userAttr matches one of its id attributes, quoted either way.
	userAttr = regexp.MustCompile(
		`ri:(account-id|userkey|username)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
)

// TODO(users): users mentioned only in a page that another page
// includes are looked up while rendering, where a failure shows the id.

// userIDs adds to ids every user a storage body mentions, by the id
// the converter asks for: account id, else user key, else user name.
func userIDs(body string, ids map[string]bool) {
	if !strings.Contains(body, "ri:user") {
		return
	}
	for _, tag := range userTag.FindAllString(body, -1) {
		attrs := make(map[string]string, 3)
		for _, m := range userAttr.FindAllStringSubmatch(tag, -1) {
			attrs[m[1]] = html.UnescapeString(m[2] + m[3])
		}
		id := cmp.Or(attrs["account-id"], attrs["userkey"],
			attrs["username"])
		if id != "" {
			ids[id] = true
		}
	}
}

// lookUpUsers asks for the names of the users that the pages to render
// mention. An unknown user is no error; any other failure stops the
// run, so that no page is written with an id where a name belongs.
func (r *run) lookUpUsers(ctx context.Context) error {
	ids := sortedKeys(r.users)
	return forEach(ctx, r.e.opts.Workers, ids,
		func(ctx context.Context, id string) error {
			_, err := r.e.client.UserName(ctx, id)
			if err == nil || errors.Is(err, confluence.ErrNotFound) {
				return nil
			}
			return err
		})
}
