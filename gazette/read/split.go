package read

import (
	"regexp"
	"strings"
	"unicode"

	"congbao/gazette"
	"congbao/gazette/number"
)

var (
	quocHieuRe      = regexp.MustCompile(`C[ỘÔO]NG\s+H(?:ÒA|OÀ|OA|ÓA|ÔA)\s+X[ÃA]\s+H[ỘÔO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆÊE]T(?:\s+NAM)?`) // OCR may drop a mark, or NAM at the column's edge
	tieuNguRe       = regexp.MustCompile(`Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc`)
	continuedFromRe = regexp.MustCompile(`^\((?:Tiếp\s+theo|Tiếp)\s+Công\s+báo\s+số\s+(\d+(?:\s*\+\s*\d+)*)\)$`)
	continuedInRe   = regexp.MustCompile(`^\(Xem\s+tiếp\s+Công\s+báo\s+số\s+(\d+(?:\s*\+\s*\d+)*)\)$`)
	sectionRe       = regexp.MustCompile(`^(?:PHẦN\s+VĂN\s+BẢN\s+QUY\s+PHẠM\s+PHÁP\s+LUẬT|VĂN\s+BẢN\s+QUY\s+PHẠM\s+PHÁP\s+LUẬT|VĂN\s+BẢN\s+PHÁP\s+LUẬT\s+KHÁC|MỤC\s+LỤC)$`)
	refLineRe       = regexp.MustCompile(`^(.*?)\s+số:?\s*(\S+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*(.*)$`)
	precedentRe     = regexp.MustCompile(`^(?:Án\s+lệ|ÁN\s+LỆ)\s+(?:số|SỐ)\s+\d+/\d{4}/AL`)
)

type lineRef struct {
	page int // index into Issue.Pages
	text string
}

// SplitIssue finds the documents in an issue: each starts at a header (the
// Quốc hiệu followed by the Tiêu ngữ, with the issuer and any "VĂN BẢN HỢP
// NHẤT" line before it), or is the continuation that opens the issue. Text
// before the first document (MỤC LỤC, section headings) belongs to none. A
// file with no header at all is one document.
func SplitIssue(is gazette.Issue) []gazette.Part {
	var lines []lineRef
	for i, p := range is.Pages {
		for _, l := range p.Lines {
			lines = append(lines, lineRef{i, l})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	starts := documentStarts(lines)
	var cont *gazette.Continuation
	contEnd := -1
	if c, end := findContinuation(lines); c != nil {
		cont, contEnd = c, end
		if len(starts) == 0 || starts[0] > end {
			starts = append([]int{end + 1}, starts...)
		}
	}
	if len(starts) == 0 {
		starts = []int{0}
	}
	var parts []gazette.Part
	for k, s := range starts {
		e := len(lines)
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		e = trimTrailingSections(lines, s, e)
		if s >= e {
			continue
		}
		p := makePart(is, lines[s:e])
		if k == 0 && cont != nil && s == contEnd+1 {
			p.Continues = cont
		}
		parts = append(parts, p)
	}
	return parts
}

// documentStarts returns the index of the first line of each document header.
func documentStarts(lines []lineRef) []int {
	var starts []int
	for i, l := range lines {
		if precedentRe.MatchString(l.text) && (i == 0 || len(starts) == 0) {
			starts = append(starts, i)
			continue
		}
		if !quocHieuRe.MatchString(l.text) || !isUpperLine(quocHieuRe.FindString(l.text)) {
			continue
		}
		ok := tieuNguRe.MatchString(l.text)
		for j := i + 1; j < len(lines) && j <= i+2 && !ok; j++ {
			ok = tieuNguRe.MatchString(lines[j].text)
		}
		if !ok {
			continue
		}
		s := i
		for j := i - 1; j >= 0 && j >= i-2; j-- {
			t := lines[j].text
			if sectionRe.MatchString(t) || !isUpperLine(t) || (len(starts) > 0 && j <= starts[len(starts)-1]) {
				break
			}
			s = j
		}
		starts = append(starts, s)
	}
	return starts
}

// findContinuation reads the reference block that opens a continued part.
func findContinuation(lines []lineRef) (*gazette.Continuation, int) {
	for i := 0; i < len(lines) && i < 12; i++ {
		m := continuedFromRe.FindStringSubmatch(lines[i].text)
		if m == nil {
			continue
		}
		c := &gazette.Continuation{FromIssue: normalizeIssueNumbers(m[1])}
		var title []string
		for j := 0; j < i; j++ {
			t := lines[j].text
			if sectionRe.MatchString(t) || (isUpperLine(t) && c.Number == "") {
				continue // section heading and issuer group ("CHỦ TỊCH NƯỚC - QUỐC HỘI")
			}
			if r := refLineRe.FindStringSubmatch(t); r != nil && c.Number == "" {
				if n, err := number.Parse(r[2]); err == nil {
					c.Number = n.String()
				}
				c.Date, _ = gazette.DateOfParts(r[5], r[4], r[3])
				if r[6] != "" {
					title = append(title, r[6])
				}
				continue
			}
			if c.Number == "" || isUpperLine(t) || partHdRe.MatchString(t) || chapterRe.MatchString(t) || sectionHd.MatchString(t) {
				break // the structure headings the gazette repeats are not the title
			}
			title = append(title, t)
		}
		c.Title = strings.Join(title, " ")
		return c, i
	}
	return nil, -1
}

// trimTrailingSections drops gazette section headings at the end of a part
// (they open the next document's section).
func trimTrailingSections(lines []lineRef, s, e int) int {
	for e > s && (sectionRe.MatchString(lines[e-1].text) || isUpperGroupHeading(lines[e-1].text)) {
		e--
	}
	return e
}

// isUpperGroupHeading matches the issuer groups of the gazette ("CHỦ TỊCH
// NƯỚC - QUỐC HỘI") that stand between documents.
func isUpperGroupHeading(s string) bool {
	return strings.Contains(s, " - ") && isUpperLine(s) && !strings.ContainsAny(s, "0123456789")
}

func makePart(is gazette.Issue, ls []lineRef) gazette.Part {
	p := gazette.Part{FirstPDFPage: is.Pages[ls[0].page].PDFPage, LastPDFPage: is.Pages[ls[len(ls)-1].page].PDFPage,
		FirstPage: is.Pages[ls[0].page].GazettePage, LastPage: is.Pages[ls[len(ls)-1].page].GazettePage}
	texts := make([]string, 0, len(ls))
	for i, l := range ls {
		for pdf := is.Pages[l.page].PDFPage; p.FirstPDFPage+len(p.PageLines) <= pdf; {
			p.PageLines = append(p.PageLines, i) // a page with no line of the part starts where the next one does
		}
		texts = append(texts, l.text)
	}
	if m := continuedInRe.FindStringSubmatch(texts[len(texts)-1]); m != nil {
		p.ContinuedIn = normalizeIssueNumbers(m[1])
		texts = texts[:len(texts)-1]
	}
	p.Text = strings.Join(texts, "\n")
	return p
}

// isUpperLine reports whether every letter of s is upper case (and there
// is at least one).
func isUpperLine(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || (r > 0x7f && unicode.IsLower(r)) {
			return false
		}
		if r >= 'A' && r <= 'Z' || r > 0x7f && unicode.IsUpper(r) {
			letters++
		}
	}
	return letters > 0
}
