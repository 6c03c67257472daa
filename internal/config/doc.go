// Package config reads and validates cfmirror's YAML configuration.
//
// Every file starts from Default, the one place where defaults live; Parse
// decodes YAML over it (unknown keys are errors), expands ${VAR}
// references from the environment, reads the token from token-file or the
// systemd credential directory, and calls Validate, whose errors name the
// offending key. Load does the same for a file and resolves relative paths
// against the file's directory.
//
// The token never leaves a Config in readable form through fmt or slog:
// Config and Confluence redact it in String, GoString and LogValue.
package config
