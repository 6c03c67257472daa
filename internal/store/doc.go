// Package store keeps cfmirror's state in one bbolt file: per space, what
// was mirrored, where it was written, and what it depends on.
//
// Layout of the file, all keys and values as bytes:
//
//	meta/schema                  schema version, decimal
//	spaces/{KEY}/info            SpaceRecord as JSON
//	spaces/{KEY}/pages/{id}      Page as JSON (no body)
//	spaces/{KEY}/bodies/{id}     Body as JSON (storage body and version)
//	spaces/{KEY}/attachments/{id} Attachment as JSON
//
// Bodies live in their own bucket so that listing a space's pages never
// reads them. A Store is safe for concurrent use by several goroutines of
// one process; bbolt's file lock keeps other processes out while it is
// open.
package store
