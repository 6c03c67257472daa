// Package store keeps cfmirror's state in one bbolt file: per space, what
// was mirrored, where it was written, and what it depends on.
package store
