// Package sync is cfmirror's engine: it compares a space in Confluence with
// the mirror's state, fetches only what is stale and leaves the Markdown
// tree exactly as Confluence is now.
//
// One Engine.Sync of one space runs these steps:
//
//  1. List the page tree (one inventory, no bodies). An incomplete
//     listing still writes stale pages but moves and deletes nothing.
//  2. Confirm every vanished page with the server; refuse the run when
//     the deletions exceed Options.MaxDelete of the space.
//  3. Lay the tree out (package layout) and rename page folders that
//     moved: every moved or deleted folder is first lifted into a
//     staging folder, deepest first, then placed, shallowest first, so
//     swaps and chains of renames cannot collide.
//  4. List the space's attachments once; rename, remove and download
//     (streamed, size-checked, fsynced, renamed into place) as needed.
//  5. Fetch stale bodies in batches through a bounded worker pool and
//     keep them in the store, so later renders need no request.
//  6. Render every page that is stale, whose file on disk differs from
//     the state, or whose dependencies answer differently: while a page
//     is converted, the resolver records each question (links, included
//     pages, listed trees, attachments) and a hash of the answers; asking
//     again on the next run and comparing hashes finds the pages a
//     rename, move, edit or new page elsewhere affects, across spaces too.
//  7. Write navigation files, then sweep the space folder of anything the
//     mirror does not hold, and record the outcome in the store.
//
// Every write goes through an os.Root on {Output}/{KEY} and is atomic
// (temporary file, fsync, rename). A page's record is committed only
// after its file is durable, so an interrupted run leaves state that the
// next run repairs: leftover temporary files are removed at start, and
// missing or edited files are rewritten from stored bodies.
package sync
