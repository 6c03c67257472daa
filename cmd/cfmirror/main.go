// Command cfmirror keeps a local Markdown mirror of Confluence spaces.
//
// This package only parses flags and wires the internal packages together.
package main

import (
	"fmt"
	"os"

	"github.com/alecthomas/kong"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// cli is the command tree.
type cli struct {
	Render  renderCmd  `cmd:"" help:"Convert one storage-format document to Markdown."`
	Version versionCmd `cmd:"" help:"Print the version."`
}

type versionCmd struct{}

func (versionCmd) Run() error {
	fmt.Println("cfmirror", version)
	return nil
}

func main() {
	var c cli
	ctx := kong.Parse(&c,
		kong.Name("cfmirror"),
		kong.Description("Keep a local Markdown mirror of Confluence spaces."),
		kong.UsageOnError(),
	)
	if err := ctx.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "cfmirror:", err)
		os.Exit(1)
	}
}
