// Package config reads and validates cfmirror's YAML configuration.
package config
