// Package markdown converts Confluence storage format to GitHub-flavoured
// Markdown with YAML front matter, deterministically.
package markdown
