package markdown

import (
	"strings"

	"golang.org/x/net/html"
)

// taskList translates <ac:task-list> into a GFM task list; nested task
// lists stay nested and due dates (<time>) stay in the text.
func (s *state) taskList(n *node) []*html.Node {
	ul := elem("ul")
	for _, t := range n.children("ac:task") {
		ul.AppendChild(s.task(t))
	}
	if ul.FirstChild == nil {
		return nil
	}
	return []*html.Node{ul}
}

func (s *state) task(t *node) *html.Node {
	box := "[ ] "
	status := t.child("ac:task-status")
	if status != nil && strings.TrimSpace(status.rawText()) == "complete" {
		box = "[x] "
	}

	li := elem("li", raw(box))
	if b := t.child("ac:task-body"); b != nil {
		appendKids(li, s.convertKids(b))
	}
	for _, sub := range t.children("ac:task-list") {
		appendKids(li, s.taskList(sub))
	}
	return li
}
