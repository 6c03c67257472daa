package main

import (
	"fmt"
	"io"
	"os"

	"github.com/cfmirror/cfmirror/internal/markdown"
)

// renderCmd converts one storage-format document to Markdown, for
// seeing why a page looks wrong and for scripted conversions. It knows
// nothing about the mirror: links to pages and attachments become
// absolute Confluence URLs built from --base-url.
type renderCmd struct {
	File          string `arg:"" optional:"" type:"path" help:"Storage-format file (default: stdin)."`
	Title         string `help:"Page title for the front matter."`
	ID            string `name:"id" help:"Page id for the front matter."`
	Space         string `help:"Space key of the page; the default space of its links."`
	BaseURL       string `name:"base-url" placeholder:"URL" help:"Confluence base URL for links."`
	JiraURL       string `name:"jira-url" placeholder:"URL" help:"Jira base URL for jira macros."`
	NoFrontMatter bool   `help:"Leave out the YAML front matter."`
}

// Run converts the file, or standard input, to standard output.
func (c *renderCmd) Run() error {
	return c.run(os.Stdin, os.Stdout)
}

func (c *renderCmd) run(stdin io.Reader, stdout io.Writer) error {
	body, err := c.read(stdin)
	if err != nil {
		return err
	}

	meta := markdown.Meta{ID: c.ID, Title: c.Title, SpaceKey: c.Space}
	opts := markdown.Options{
		BaseURL:     c.BaseURL,
		JiraURL:     c.JiraURL,
		FrontMatter: markdown.FrontMatter{Disabled: c.NoFrontMatter},
	}
	res, err := markdown.Convert(string(body), meta, nil, opts)
	if err != nil {
		return fmt.Errorf("render %s: %w", c.source(), err)
	}
	if _, err := stdout.Write(res.Markdown); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

// read returns the document from the named file or from stdin.
func (c *renderCmd) read(stdin io.Reader) ([]byte, error) {
	if c.File == "" || c.File == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(c.File)
	if err != nil {
		return nil, fmt.Errorf("read storage document: %w", err)
	}
	return b, nil
}

// source names where the document came from, for error messages.
func (c *renderCmd) source() string {
	if c.File == "" || c.File == "-" {
		return "standard input"
	}
	return c.File
}
