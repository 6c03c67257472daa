package main

import (
	"context"
	"os"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/demo"
)

// demoCmd mirrors a generated space from an in-process fake Confluence.
type demoCmd struct {
	Dir   string `arg:"" optional:"" type:"path" default:"cfmirror-demo" help:"Folder for the demo mirror."`
	Pages int    `default:"300" help:"Pages in the generated space."`
}

// Run needs no configuration and no network.
func (c *demoCmd) Run() error {
	log, _ := daemon.NewLogger(os.Stderr, demoLog)
	ctx, stop := daemon.ShutdownContext(context.Background(), log, os.Exit)
	defer stop()
	return demo.Run(ctx, demo.Options{
		Dir:    c.Dir,
		Pages:  c.Pages,
		Out:    os.Stdout,
		Logger: log,
	})
}

// demoLog shows only warnings and errors: the demo prints its own report.
var demoLog = config.Log{Level: "warn", Format: "text"}
