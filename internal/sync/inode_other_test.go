//go:build !unix

package sync

import "os"

// inode returns "" where the platform has no inode numbers.
func inode(info os.FileInfo) string { return "" }
