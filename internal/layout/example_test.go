package layout

import "fmt"

func ExampleTree() {
	l, _ := Tree("1", []Node{
		{ID: "1", Title: "Home"},
		{ID: "2", Title: "Set-up guide", ParentID: "1"},
		{ID: "3", Title: "Set up guide!", ParentID: "1"},
	}, Options{})
	for _, id := range l.Order() {
		f, _ := l.File(id)
		fmt.Println(id, f)
	}
	// Output:
	// 1 index.md
	// 2 set-up-guide/index.md
	// 3 set-up-guide-3/index.md
}

func ExampleSlug() {
	fmt.Println(Slug("Release notes: v2.1 (draft)"))
	fmt.Println(Slug("Cafe\u0301 ☕"))
	fmt.Println(Slug("設定ガイド"))
	fmt.Println(Slug("CON"))
	fmt.Println(Slug("../.."))
	// Output:
	// release-notes-v2-1-draft
	// café
	// 設定ガイド
	// con_
	// page
}

func ExampleFileName() {
	fmt.Println(FileName("Screenshot 2024-05-01 at 10.22.png"))
	fmt.Println(FileName(`..\..\boot.ini`))
	fmt.Println(FileName("aux.tar.gz"))
	// Output:
	// Screenshot-2024-05-01-at-10.22.png
	// boot.ini
	// aux_.tar.gz
}

func ExampleRel() {
	fmt.Println(Rel("guide/install/index.md", "guide/index.md"))
	fmt.Println(Rel("index.md", "guide/My diagram (v2).png"))
	// Output:
	// ../index.md
	// ./guide/My%20diagram%20%28v2%29.png
}
