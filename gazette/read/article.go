package read

import (
	"regexp"
	"strconv"
	"strings"

	"congbao/gazette"
)

var (
	// Ð (U+00D0) for Đ occurs in real gazette PDFs ("Ðiều 317" in the Criminal Code)
	articleRe = regexp.MustCompile(`^[ĐÐ]iều\s+(\d{1,4})([a-zđ]?)\s*[.:]?\s*(.*)$`)
	chapterRe = regexp.MustCompile(`^Chương\s+([IVXLCDM]+[A-Z]?)\b`)
	sectionHd = regexp.MustCompile(`^Mục\s+(\d+[a-z]?)\b`)
	partHdRe  = regexp.MustCompile(`^(?:Phần|PHẦN)\s+(?:thứ|THỨ)\s+\S+`)
)

// Articles finds the articles of a text in order. A line counts as an
// article heading only when its number follows the previous one (a
// wrapped reference "... tại\nĐiều 76 của Bộ luật" does not restart the
// count), and headings inside quotes (amending texts) start with a quote
// mark, so they are not matched.
func Articles(text string) []gazette.Article {
	var out []gazette.Article
	var part, chapter, section string
	last := 0
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		l := strings.TrimSpace(line)
		switch {
		case partHdRe.MatchString(l):
			part, chapter, section = l, "", ""
		case chapterRe.MatchString(l):
			chapter, section = chapterRe.FindString(l), ""
		case sectionHd.MatchString(l) && len(l) < 12:
			section = sectionHd.FindString(l)
		default:
			m := articleRe.FindStringSubmatch(l)
			if m == nil {
				break
			}
			n, _ := strconv.Atoi(m[1])
			if !(n == last+1 || n == last && m[2] != "" || last == 0 && n <= 3) {
				break
			}
			if len(out) > 0 {
				out[len(out)-1].End = off
			}
			out = append(out, gazette.Article{Number: m[1] + m[2], Title: strings.TrimSpace(m[3]), Part: part, Chapter: chapter, Section: section, Start: off})
			last = n
		}
		off += len(line)
	}
	if len(out) > 0 {
		out[len(out)-1].End = len(text)
	}
	return out
}
