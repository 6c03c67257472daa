package sync

import (
	"crypto/rand"
	"encoding/hex"
)

// randomName returns 16 random hex characters for a temporary name.
func randomName() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
