package confluence

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"unicode"
)

// incomplete ends a listing early: fatal errors are returned, anything
// else marks the inventory incomplete with the reason.
func incomplete(ctx context.Context, inv Inventory, what string, err error) (Inventory, error) {
	err = fmt.Errorf("%s: %w", what, err)
	if fatal(ctx, err) ||
		errors.Is(err, ErrCircuitOpen) && len(inv.Pages) == 0 {
		return Inventory{}, err
	}
	inv.Complete, inv.Err = false, err
	return inv, nil
}

// checkItems guards one page of a listing: every item has an id, and a
// page with no items must not point to a next one (it would never end).
func checkItems[T any](items []T, next string) error {
	if len(items) == 0 && next != "" {
		return fmt.Errorf("%w: empty page with a next link", ErrIncomplete)
	}
	for _, it := range items {
		if id := itemID(it); id == "" {
			return fmt.Errorf("%w: item without an id", ErrBadResponse)
		}
	}
	return nil
}

// itemID returns the id of any listed item type.
func itemID(v any) string {
	switch it := v.(type) {
	case v2Page:
		return it.ID
	case v2Attachment:
		return it.ID
	case v1Content:
		return it.ID
	}
	return "?"
}

// checkKey refuses space keys that could not be quoted safely in a URL
// or a CQL string.
func checkKey(key string) error {
	if key == "" {
		return errors.New("space key is empty")
	}
	for _, r := range key {
		if unicode.IsSpace(r) || unicode.IsControl(r) ||
			strings.ContainsRune(`"\,'()`, r) {
			return fmt.Errorf("space key %q: invalid character %q", key, r)
		}
	}
	return nil
}

// checkIDs refuses ids that are not numeric: they go into paths and CQL.
func checkIDs(ids []string) error {
	for _, id := range ids {
		if !numeric(id) {
			return fmt.Errorf("page id %q is not numeric", id)
		}
	}
	return nil
}

func numeric(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// batches yields ids in slices of at most n.
func batches(ids []string, n int) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for len(ids) > 0 {
			k := min(n, len(ids))
			if !yield(ids[:k]) {
				return
			}
			ids = ids[k:]
		}
	}
}

// pageState maps a page's status to a PageState.
func pageState(status string, otherSpace bool) PageState {
	switch {
	case status == "trashed":
		return StateTrashed
	case status == "current" && otherSpace:
		return StateMoved
	case status == "current":
		return StateCurrent
	}
	return StateOther
}
