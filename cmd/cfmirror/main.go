// Command cfmirror keeps a local Markdown mirror of Confluence spaces.
//
// This package only parses flags and wires the internal packages together.
//
// Exit codes: 0 success; 1 a sync or check failed; 2 bad command line or
// configuration; 3 the state file is held by another process and no
// daemon answers on the control socket.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes; see the package comment.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitLocked  = 3
	defaultPath = "/etc/cfmirror/cfmirror.yml"
)

// cli is the command tree.
type cli struct {
	Run     runCmd     `cmd:"" help:"Run the daemon: sync on the schedule until stopped."`
	Sync    syncCmd    `cmd:"" help:"Sync now, through the daemon when one runs, and exit."`
	Status  statusCmd  `cmd:"" help:"Show each space's last sync and the next scheduled run."`
	Config  configCmd  `cmd:"" help:"Work with the configuration file."`
	Demo    demoCmd    `cmd:"" help:"Mirror a generated space from a built-in fake Confluence."`
	Render  renderCmd  `cmd:"" help:"Convert one storage-format document to Markdown."`
	Version versionCmd `cmd:"" help:"Print the version."`
}

// configFlag is the --config flag every command that reads the file has.
type configFlag struct {
	Config string `short:"c" type:"path" env:"CFMIRROR_CONFIG" default:"/etc/cfmirror/cfmirror.yml" placeholder:"FILE" help:"Configuration file."`
}

type versionCmd struct{}

func (versionCmd) Run() error {
	fmt.Println("cfmirror", version)
	return nil
}

func main() {
	os.Exit(cfmirror(os.Args[1:], os.Stdout, os.Stderr))
}

// cfmirror runs one command line and returns the exit code.
func cfmirror(args []string, stdout, stderr io.Writer) int {
	var c cli
	exit := -1
	parser, err := kong.New(&c,
		kong.Name("cfmirror"),
		kong.Description("Keep a local Markdown mirror of Confluence spaces."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exit = code }),
	)
	if err != nil {
		fmt.Fprintln(stderr, "cfmirror:", err)
		return exitFailed
	}
	kctx, err := parser.Parse(args)
	if exit >= 0 {
		return exit // --help
	}
	if err != nil {
		fmt.Fprintln(stderr, "cfmirror:", err)
		return exitUsage
	}
	if err := kctx.Run(); err != nil {
		fmt.Fprintln(stderr, "cfmirror:", err)
		return exitCode(err)
	}
	return exitOK
}

// exitError carries the exit code of a failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return exitFailed
}
