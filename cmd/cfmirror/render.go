package main

import "errors"

// renderCmd converts one storage-format document to Markdown.
type renderCmd struct{}

func (renderCmd) Run() error { return errors.New("render: not built yet") }
