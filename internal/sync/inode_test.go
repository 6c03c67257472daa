//go:build unix

package sync

import (
	"fmt"
	"os"
	"syscall"
)

// inode returns a file's inode number where the platform has one.
func inode(info os.FileInfo) string {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprint(st.Ino)
	}
	return ""
}
