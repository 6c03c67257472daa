// Package confluencetest is a fake Confluence, Cloud or Data Center, over
// real HTTP on 127.0.0.1.
//
// It serves the endpoints and response shapes cfmirror's client uses:
// Cloud v2 spaces, page listings with opaque cursors, batched bodies,
// folders and attachments, v1 CQL search and users; Data Center v1 spaces,
// content with start/limit, search, users and downloads. It holds an
// in-memory set of spaces that tests change between syncs (edit, rename,
// move, trash, purge, attach), enforces credentials, counts requests by
// kind, and injects latency, 429s with Retry-After, 5xx bursts,
// connection resets, server-side rate limits and full outages.
//
// Time in the fake is a counter, not the wall clock: every change moves
// it one minute on from a fixed epoch, so the same sequence of changes
// yields byte-identical answers. Seed generates a realistic space from
// templates built into the package, so it works without any files.
package confluencetest
