package read

import (
	"regexp"
	"strconv"
	"strings"

	"congbao/gazette"
)

var (
	// the document's own effect clause: "<Type> này có hiệu lực ..."
	// the subject right before "có hiệu lực", matched on a short window
	effSubjectRe = regexp.MustCompile(`(?:Luật|Bộ\s+luật|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định|Nghị\s+quyết(?:\s+liên\s+tịch)?|Pháp\s+lệnh|Chỉ\s+thị|Lệnh|Hiến\s+pháp|Văn\s+bản|Quy\s+chế|Quy\s+định)(?:\s+này)?\s+$`)
	effRestRe    = regexp.MustCompile(`^(?:\s+thi\s+hành)?\s+([^.;]{0,160})`)
	effFrom      = `^(?:kể\s+)?(?:từ\s+)?(?:ngày\s+)?`
	effDateRe    = regexp.MustCompile(effFrom + `(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
	effNumDateRe = regexp.MustCompile(effFrom + `(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`)
	effSignedRe  = regexp.MustCompile(effFrom + `(?:được\s+)?(?:ký|ban\s+hành|ký\s+ban\s+hành|thông\s+qua)`)
	effAfterRe   = regexp.MustCompile(`^(?:kể\s+)?(?:từ\s+ngày\s+)?sau\s+(\d+)\s+ngày,?\s+kể\s+từ\s+ngày\s+(ký|ban\s+hành|ký\s+ban\s+hành|đăng\s+Công\s+báo)`)
	effGazetteRe = regexp.MustCompile(effFrom + `đăng\s+(?:Công\s+báo|công\s+báo)`)
	enumTailRe   = regexp.MustCompile(`(?:^|\s)(?:\d{1,3}|[a-zđ])[.)]$`)
)

// clauseStart reports whether the clause at i opens a sentence, a line or
// an enumerated item: "... của Luật này có hiệu lực" is about part of the
// document, not the document.
func clauseStart(text string, i int) bool {
	pre := strings.TrimRight(text[max(0, i-16):i], " \t")
	if pre == "" || strings.HasSuffix(pre, "\n") {
		return true
	}
	last := pre[len(pre)-1]
	return last == '.' && !enumTailRe.MatchString(pre) || last == ';' || last == ':' || enumTailRe.MatchString(pre)
}

// effect reads the effective date from the document's own effect clause
// and records the clause as the basis. A date relative to signing needs the
// issue date; one relative to the gazette is left for the caller, who knows
// the gazette date.
func (m *Metadata) effect(text string) {
	flat := collapseSpaces(text)
	line := strings.ReplaceAll(flat, "\n", " ") // same offsets, one line
	const verb = "có hiệu lực"
	for off := 0; ; {
		k := strings.Index(line[off:], verb)
		if k < 0 {
			return
		}
		at := off + k
		off = at + len(verb)
		win := max(0, at-48)
		sm := effSubjectRe.FindStringIndex(line[win:at])
		if sm == nil || !clauseStart(flat, win+sm[0]) {
			continue
		}
		rm := effRestRe.FindStringSubmatchIndex(line[off:min(len(line), off+240)])
		if rm == nil {
			continue
		}
		clause := strings.Join(strings.Fields(line[win+sm[0]:off+rm[1]]), " ")
		rest := strings.Join(strings.Fields(line[off+rm[2]:off+rm[3]]), " ")
		clauseAt := strings.Count(flat[:win+sm[0]], "\n") // the clause's line
		if d, ok := matchDate(effDateRe, rest); ok {
			m.EffectiveDate, m.EffectiveBasis = d, clause
			m.from("effective_date", clauseAt, "effect", confEffectDate)
			return
		}
		if d, ok := matchDate(effNumDateRe, rest); ok {
			m.EffectiveDate, m.EffectiveBasis = d, clause
			m.from("effective_date", clauseAt, "effect", confEffectRel)
			return
		}
		if a := effAfterRe.FindStringSubmatch(rest); a != nil {
			n, _ := strconv.Atoi(a[1])
			m.EffectiveBasis = clause
			if !m.IssueDate.IsZero() && !strings.Contains(a[2], "Công") {
				m.EffectiveDate = gazette.Date{Time: m.IssueDate.AddDate(0, 0, n)}
				m.from("effective_date", clauseAt, "effect-after-signing", confEffectRel)
			}
			return
		}
		if effSignedRe.MatchString(rest) {
			m.EffectiveDate, m.EffectiveBasis = m.IssueDate, clause
			m.from("effective_date", clauseAt, "effect-on-signing", confEffectRel)
			return
		}
		if effGazetteRe.MatchString(rest) {
			m.EffectiveBasis = clause
			return
		}
	}
}

func matchDate(re *regexp.Regexp, s string) (gazette.Date, bool) {
	d := re.FindStringSubmatch(s)
	if d == nil {
		return gazette.Date{}, false
	}
	return gazette.DateOfParts(d[3], d[2], d[1])
}

// collapseSpaces turns runs of spaces and tabs into one space.
func collapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			if !prev {
				b.WriteByte(' ')
			}
			prev = true
			continue
		}
		prev = false
		b.WriteByte(c)
	}
	return b.String()
}
