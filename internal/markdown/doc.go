// Package markdown converts Confluence storage format to GitHub-flavoured
// Markdown with YAML front matter, deterministically.
//
// A conversion runs in four steps:
//
//  1. parse.go reads the body with encoding/xml into a small node tree.
//     The body is a fragment with undeclared ac:/ri: prefixes, HTML
//     entities and CDATA, so it is wrapped in a root element and read
//     token by token; a body that is not well-formed is read again
//     leniently, and what even that cannot read is kept as text. Element
//     nesting is capped (maxDepth) so hostile input cannot exhaust the
//     stack of the recursive steps that follow.
//  2. translate.go and its neighbours (links, macros, panels, tables,
//     tasks, tree, embeds, images, code) turn that tree into an HTML
//     node tree: Confluence elements become plain HTML where HTML can
//     say it, and placeholder elements (hnode.go) where Markdown needs
//     a form HTML has no name for: alerts, <details>, fenced code,
//     HTML tables with spans. Links are resolved here through the
//     caller's Resolver, and dependencies are recorded.
//  3. engine.go hands that tree to html-to-markdown, which does the
//     escaping, lists, emphasis and GFM tables, with custom renderers
//     for the placeholders. Code bodies travel through the engine with
//     their newlines masked, so no whitespace clean-up touches them.
//  4. normalize.go tidies blank lines and trailing spaces, and
//     frontmatter.go writes the YAML header, every string quoted.
//
// Nothing depends on time, map order or the environment: the same body,
// metadata, resolver answers and options give byte-identical output.
package markdown
