// Package layout decides where a mirrored space lives on disk.
//
// Given a space's page tree (pages and folders with their parents and
// positions), Tree assigns every node a folder relative to the space
// folder. The home page's file is the space folder's index file; every
// other page gets a folder named by a slug of its title, nested like the
// page tree, holding its page file and its attachments. A move or rename
// of a page is then the rename of one folder.
//
// Names are safe on Linux, macOS and Windows: Slug and FileName document
// the exact rules. Siblings whose names would collide on a case-folding
// or normalising file system are told apart by their ids, the same way
// whatever order the input arrives in. Every path the package returns is
// local (filepath.IsLocal) and slash-separated; joining it below the
// space folder can never leave that folder.
//
// The package is pure: no I/O, no clock, no randomness. The same input
// gives the same paths and the same navigation file bytes.
package layout
