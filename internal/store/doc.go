// Package store keeps cfmirror's state in one bbolt file: per space, what
// was mirrored, where it was written, and what it depends on.
//
// Layout of the file, all keys and values as bytes:
//
//	meta/schema                  schema version, decimal
//	spaces/{KEY}/info            SpaceRecord as JSON
//	spaces/{KEY}/pages/{id}      Page as JSON (no body)
//	spaces/{KEY}/bodies/{id}     "{version}\n" and Body as JSON
//	spaces/{KEY}/versions/{id}   the stored body's version, decimal
//	spaces/{KEY}/attachments/{id} Attachment as JSON
//
// Bodies live in their own bucket so that listing a space's pages never
// reads them, and their versions in another so that a sync learns which
// bodies are stale without paging in megabytes of storage format.
// Schema 2 added the versions bucket; opening a schema 1 file read-write
// builds it from the bodies.
//
// A Store is safe for concurrent use by several goroutines of one
// process; bbolt's file lock keeps other processes out while it is
// open.
package store
