package search

import "testing"

func TestTidySnippet(t *testing.T) {
	p, err := ParseQuery("sử dụng đất")
	if err != nil {
		t.Fatal(err)
	}
	typed := typedWords(p)
	for _, tt := range []struct {
		typed    map[string]string
		in, want string
	}{
		// typed with diacritics: only the exact words stay marked
		{typed, "quyền <mark>sử</mark> <mark>dụng</mark> <mark>đất</mark>, <mark>sự</mark> <mark>dựng</mark> xây",
			"quyền <mark>sử</mark> <mark>dụng</mark> <mark>đất</mark>, sự dựng xây"},
		{typed, "<mark>Sử</mark> <mark>DỤNG</mark> <mark>đạt</mark>", "<mark>Sử</mark> <mark>DỤNG</mark> đạt"},
		// typed without diacritics: every folded match counts
		{nil, "<mark>sự</mark> <mark>dựng</mark>", "<mark>sự</mark> <mark>dựng</mark>"},
		// words cut at the ends are dropped, marked ones kept
		{nil, "…i hình thức <mark>xử</mark> phạt vi phạm hành chí…", "… hình thức <mark>xử</mark> phạt vi phạm hành …"},
		{nil, "…<mark>đất</mark> đai là tài nguyê…", "… <mark>đất</mark> đai là tài …"},
		{nil, "Điều 1. Phạm vi", "Điều 1. Phạm vi"},
	} {
		if got := tidySnippet(tt.in, tt.typed); got != tt.want {
			t.Errorf("tidySnippet(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
