// Package sync is cfmirror's engine: it compares a space in Confluence with
// the mirror's state, fetches only what is stale and leaves the Markdown
// tree exactly as Confluence is now.
//
// One Engine.Sync of one space runs in two phases. The first, gather,
// asks the server everything the run needs and changes nothing in the
// tree; the second, apply, changes the tree and makes no request that
// can fail the run. A sync that fails while gathering (an outage, an
// open breaker, lost credentials, cancellation) leaves the mirror byte
// for byte as it was.
//
// Gather:
//
//  1. List the page tree (one inventory, no bodies). An incomplete
//     listing still writes stale pages but moves and deletes nothing.
//  2. Confirm every vanished page with the server; refuse the run when
//     the deletions exceed Options.MaxDelete of the space.
//  3. Lay the tree out (package layout) and plan the folder renames of
//     pages that moved. A page whose last rendering named another page
//     by a title it has since lost is fetched again: Confluence
//     rewrote the link in its body without a new version.
//  4. List the space's attachments once and decide which to download.
//  5. Fetch stale bodies in batches through a bounded worker pool and
//     keep them in the store, so later renders need no request.
//  6. Download new and changed attachments (streamed, size-checked,
//     fsynced) into a staging folder inside the space folder.
//  7. Decide which pages to render: those that are stale, whose file on
//     disk differs from the state, or whose dependencies answer
//     differently. While a page is converted, the resolver records each
//     question (links, included pages, listed trees, attachments) and a
//     hash of the answers; asking again and comparing hashes finds the
//     pages a rename, move, edit or new page elsewhere affects, across
//     spaces too.
//  8. Look up the users those pages mention, so that rendering finds
//     every name in the client's cache.
//
// Apply:
//
//  1. Rename page folders that moved: every moved or deleted folder is
//     first lifted into the staging folder, deepest first, then placed,
//     shallowest first, so swaps and chains of renames cannot collide.
//  2. Rename and remove attachment files, and move the downloaded ones
//     from staging into place.
//  3. Render the chosen pages from the stored bodies.
//  4. Write navigation files, then sweep the space folder of anything the
//     mirror does not hold, and record the outcome in the store.
//
// Every write goes through an os.Root on {Output}/{KEY} and is atomic
// (temporary file, fsync, rename). A record is committed only after its
// file is durable, so an interrupted run leaves state that the next run
// repairs: the staging folder and leftover temporary files are removed
// at start, and missing or edited files are rewritten from stored
// bodies.
package sync
