// Package sync is cfmirror's engine: it compares a space in Confluence with
// the mirror's state, fetches only what is stale and leaves the Markdown
// tree exactly as Confluence is now.
package sync
