package read

import (
	"fmt"
	"strings"

	"congbao/gazette"
)

// Every field the reading sets names the line it was read from and the
// rule that read it, with that rule's confidence (docs/provenance.md). A
// field read by a rule that guesses (a place without its date, a number
// found at the end of a text that is not consolidated) raises a check for
// the clerk: the value is shown, not trusted.

// Rule confidences: how often the rule gives the right value on the
// verified manifests, rounded down; a rule that only guesses is below
// unsureBelow.
const (
	confHeaderLine  = 0.98 // a line of the header in its place: "Số: …", "Hà Nội, ngày …", "NGHỊ ĐỊNH"
	confHeaderBody  = 0.95 // the issuing body from the left column
	confParentBody  = 0.9  // a body read under its parent (locality or ministry taken from it)
	confLaxNumber   = 0.85 // a number parsed only leniently, or joined from two lines
	confFromNumber  = 0.75 // a type or issuer named by the number's codes alone
	confTitle       = 0.85 // the trích yếu after the type line
	confSignature   = 0.9  // the signer after the position lines
	confSignerTitle = 0.85 // the positions, joined
	confEndDate     = 0.9  // "thông qua ngày …", the authentication block's date
	confEndLine     = 0.85 // a place and date line at the end
	confEffectDate  = 0.95 // "có hiệu lực từ ngày 01 tháng 7 năm 2026"
	confEffectRel   = 0.9  // "… kể từ ngày ký", "sau 45 ngày kể từ ngày ký"
	confPlaceOnly   = 0.5  // a place whose date is illegible: a guess
	confSigned      = 0.7  // the day the issuing body signed the file, the header's day being illegible
	confEndNumber   = 0.5  // a number at the end of a text that is not consolidated: a guess
	unsureBelow     = 0.6
)

// sourceText is how much of a line a source keeps.
const sourceText = 160

// from records that field was read from line (an index into the
// document's lines) by rule, replacing what an earlier rule said.
func (m *Metadata) from(field string, line int, rule string, conf float64) {
	s := gazette.FieldSource{Field: field, Line: line, Rule: rule, Confidence: conf}
	for i := range m.Sources {
		if m.Sources[i].Field == field {
			m.Sources[i] = s
			return
		}
	}
	m.Sources = append(m.Sources, s)
}

// finishSources keeps the sources of the fields that ended set, with the
// lines they name (1-based, text clipped), and raises a check on each one
// read by a guessing rule.
func (m *Metadata) finishSources(lines []string) {
	set := map[string]bool{"number": m.Number != "", "type_name": m.TypeName != "", "issuer_name": m.IssuerName != "",
		"title": m.Title != "", "place": m.Place != "", "issue_date": !m.IssueDate.IsZero(), "signer": m.Signer != "",
		"signer_title": m.SignerTitle != "", "effective_date": !m.EffectiveDate.IsZero()}
	kept := m.Sources[:0]
	for _, s := range m.Sources {
		if !set[s.Field] || s.Line < 0 || s.Line >= len(lines) {
			continue
		}
		s.Text = clip(strings.Join(strings.Fields(lines[s.Line]), " "), sourceText)
		s.Line++
		kept = append(kept, s)
		if s.Confidence < unsureBelow && !m.checked(s.Field) {
			m.Checks = append(m.Checks, newCheck("unsure", s.Field,
				fmt.Sprintf("%s read by a rule that guesses (%s, confidence %.2f) from line %d: %q; verify it", s.Field, s.Rule, s.Confidence, s.Line, s.Text),
				fmt.Sprintf("%s được đọc theo quy tắc phỏng đoán (%s, độ tin cậy %.2f) ở dòng %d: “%s”; cần kiểm tra", fieldVI[s.Field], s.Rule, s.Confidence, s.Line, s.Text)))
		}
	}
	m.Sources = kept
}

// fieldVI names the fields as the review form does.
var fieldVI = map[string]string{"number": "Số, ký hiệu", "type_name": "Loại văn bản", "issuer_name": "Cơ quan ban hành",
	"title": "Trích yếu", "place": "Nơi ban hành", "issue_date": "Ngày ban hành", "signer": "Người ký",
	"signer_title": "Chức vụ người ký", "effective_date": "Ngày hiệu lực"}

// checked says whether a check already names field.
func (m *Metadata) checked(field string) bool {
	for _, c := range m.Checks {
		if c.Field == field {
			return true
		}
	}
	return false
}

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// lineOf is the index of the first line of lines[from:to] that holds s; def when none.
func lineOf(lines []string, s string, from, to, def int) int {
	s = strings.TrimSpace(s)
	for i := max(0, from); i < min(len(lines), to) && s != ""; i++ {
		if strings.Contains(strings.Join(strings.Fields(lines[i]), " "), s) {
			return i
		}
	}
	return def
}

// locate turns the lines of sources, counted in the text joined from
// parts, into PDF pages and lines on them, and lowers the confidence of a
// field read from a page read by OCR by the reader's confidence in it.
func locate(sources []gazette.FieldSource, parts []gazette.DocPart) []gazette.FieldSource {
	if len(parts) == 0 {
		return sources
	}
	starts := make([]int, len(parts)) // 1-based line of the joined text where each part starts
	at := 1
	for i, p := range parts {
		starts[i] = at
		at += strings.Count(p.Text, "\n") + 1
	}
	out := make([]gazette.FieldSource, len(sources))
	for i, s := range sources {
		k := len(parts) - 1
		for k > 0 && starts[k] > s.Line {
			k--
		}
		p, local := parts[k], s.Line-starts[k] // 0-based in the part
		switch {
		case len(p.PageLines) > 0:
			j := len(p.PageLines) - 1
			for j > 0 && p.PageLines[j] > local {
				j--
			}
			s.Page, s.Line = p.PDFFirstPage+j, local-p.PageLines[j]+1
		case p.PDFFirstPage > 0 && p.PDFFirstPage == p.PDFLastPage:
			s.Page, s.Line = p.PDFFirstPage, local+1
		}
		for _, o := range p.OCR {
			if s.Page > 0 && o.Page == s.Page {
				s.OCR, s.Confidence = true, roundConf(s.Confidence*o.Confidence)
			}
		}
		out[i] = s
	}
	return out
}

func roundConf(c float64) float64 { return float64(int(c*100+0.5)) / 100 }
