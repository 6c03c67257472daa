//go:build race

package markdown

// raceEnabled reports a -race build, which runs byte-level loops some
// twenty times slower; size-driven tests shrink under it.
const raceEnabled = true
