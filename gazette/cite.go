package gazette

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Citation is one reference found in a text, with its span.
type Citation struct {
	Surface   string   `json:"surface"`
	Start     int      `json:"start"` // byte offsets into the NFC text
	End       int      `json:"end"`
	RuneStart int      `json:"rune_start"`
	RuneEnd   int      `json:"rune_end"`
	Number    string   `json:"number,omitempty"` // canonical; "" for a law by name or the document itself
	Type      string   `json:"type,omitempty"`   // type code
	TypeName  string   `json:"type_name,omitempty"`
	Name      string   `json:"name,omitempty"` // "Đất đai" of "Luật Đất đai"
	Year      int      `json:"year,omitempty"` // "Bộ luật Hình sự 2015"
	Date      Date     `json:"date"`
	Pinpoint  string   `json:"pinpoint,omitempty"` // "điểm a khoản 2 Điều 5"
	Relation  string   `json:"relation,omitempty"`
	Self      bool     `json:"self,omitempty"`      // "Nghị định này"
	Inferred  bool     `json:"inferred,omitempty"`  // the issuer was inferred ("Nghị định 43/2011")
	Malformed string   `json:"malformed,omitempty"` // looks like a number but is not a valid one: why
	Warnings  []string `json:"warnings,omitempty"`
}

// CitingDocument is a published document that cites another one.
type CitingDocument struct {
	DocumentID int64  `json:"document_id"`
	Number     string `json:"number"`
	TypeName   string `json:"type_name"`
	Title      string `json:"title"`
	Relation   string `json:"relation"`
	Pinpoint   string `json:"pinpoint,omitempty"`
}

// Relations named in a sentence, strongest first (NUMBERS.md §5.9).
const (
	RelBasis     = "căn cứ"
	RelAmends    = "sửa đổi, bổ sung"
	RelReplaces  = "thay thế"
	RelRepeals   = "bãi bỏ"
	RelExpires   = "hết hiệu lực"
	RelGuides    = "hướng dẫn"
	RelReference = "dẫn chiếu"
)

var relationRules = []struct {
	re  *regexp.Regexp
	rel string
}{
	{regexp.MustCompile(`^\s*(?:\d+\.\s*)?[Cc]ăn\s+cứ(?:\s|$)`), RelBasis}, // Go's \b is ASCII-only: it fails after "ứ"
	{regexp.MustCompile(`[Hh]ết\s+hiệu\s+lực`), RelExpires},
	{regexp.MustCompile(`[Bb]ãi\s+bỏ`), RelRepeals},
	{regexp.MustCompile(`[Tt]hay\s+thế`), RelReplaces},
	{regexp.MustCompile(`[Ss]ửa\s+đổi`), RelAmends},
	{regexp.MustCompile(`[Hh]ướng\s+dẫn|[Qq]uy\s+định\s+chi\s+tiết`), RelGuides},
}

var (
	// the first letter may be either case ("các nghị định"); (?i) would also
	// make \p{Lu} match lower case, so it is not used
	typeWordsRe = `(?:[Bb]ộ\s+luật|[Ll]uật|[Pp]háp\s+lệnh|[Nn]ghị\s+định|[Nn]ghị\s+quyết(?:\s+liên\s+tịch)?|[Qq]uyết\s+định|[Tt]hông\s+tư(?:\s+liên\s+tịch)?|[Cc]hỉ\s+thị|[Ll]ệnh|[Hh]iến\s+pháp|[Vv]ăn\s+bản\s+hợp\s+nhất|[Cc]ông\s+văn|[Cc]ông\s+điện|[Tt]ờ\s+trình|[Kk]ế\s+hoạch|[Tt]hông\s+báo)`
	// the type words, "số" and ":" right before a number
	typeWordRe = regexp.MustCompile(typeWordsRe)
	nameGapRe  = regexp.MustCompile(`^(?:\s+[^\s,;.()]+){0,8}?\s+(?:[Ss]ố\s*:?\s*)?$|^\s+$`)
	soRe       = regexp.MustCompile(`(?:^|[\s(,;])([Ss]ố)\s*:?\s*$`)
	// one or more units ("điểm a khoản 2 Điều 5", "khoản 1, khoản 2 Điều 7",
	// "Điều 10, Điều 11", "Chương V") right before the citation
	pinUnit    = `(?:(?:các\s+)?(?:[Đđ]iểm|[Tt]iết)\s+[a-zđ]\d*(?:\s*,\s*[a-zđ]\d*)*|(?:các\s+)?[Kk]hoản\s+\d+[a-zđ]?(?:\s*,\s*\d+[a-zđ]?)*|[Đđ]iều\s+\d+[a-zđ]?|[Cc]hương\s+[IVXLCDM]+|[Mm]ục\s+\d+)`
	pinpointRe = regexp.MustCompile(`(` + pinUnit + `(?:(?:\s*,\s*|\s+và\s+|\s+)` + pinUnit + `)*)(?:\s+của)?\s+$`)
	dateAfter  = regexp.MustCompile(`^[\s,]*(?:ban\s+hành\s+)?ngày\s+(\d{1,2})\s*(?:tháng\s*|[/.-]\s*)(\d{1,2})\s*(?:năm\s*|[/.-]\s*)(\d{4})`)
	selfRe     = regexp.MustCompile(`(` + typeWordsRe + `)\s+(này|nêu\s+trên|nói\s+trên|trên)\b`)
	// a law by name ends at its number or date, a verb, or punctuation; a
	// name may hold commas ("Luật Phòng, chống ma túy"). Go's \b is
	// ASCII-only, so the stop words end with a space or the text's end.
	namedLawRe = regexp.MustCompile(`(Bộ\s+luật|Luật|Pháp\s+lệnh)\s+(\p{Lu}[\p{Ll}\p{Lu}]*(?:(?:\s+|,\s+)[\p{L}]+){0,9}?)(?:\s+(?:năm\s+)?(\d{4}))?(?:,?\s+(?:số|ngày|được|đã|và|của|hết|có|thì|tại|về|như|nhưng|do|để|là)(?:\s|$)|[;.:)\n…]|,\s*$|$)`)
)

// FindCitations finds every reference in text in order: numbers (with the
// type words, date and pinpoint around them), lists that share a type
// ("các Luật số 43/2024/QH15, số 47/2024/QH15"), short citations whose
// issuer is inferred, laws by name, the document itself ("Nghị định
// này"), and short forms ("Nghị định nêu trên") resolved to their
// antecedent. Dates, money, standards, court judgments and gazette issue
// references are not citations.
func FindCitations(text string) []Citation {
	text = NFC(text)
	var out []Citation
	covered := func(s, e int) bool {
		for _, c := range out {
			if s < c.End && e > c.Start {
				return true
			}
		}
		return false
	}
	var prevType string
	prevEnd := -1
	for _, c := range scanCandidates(text, true) {
		if contextReason(text, c) != "" || namespaceReasonAt(text, c.Start) {
			continue
		}
		cit := Citation{Start: c.Start, End: c.End}
		before := text[max(0, c.Start-120):c.Start]
		title := titleBefore(text, c.Start)
		if at, typed := leadStart(before); at >= 0 {
			cit.Start = c.Start - (len(before) - at)
			if !typed && prevType != "" && prevEnd >= 0 && listJoin(text[prevEnd:cit.Start]) {
				title = prevType // "…, số 47/2024/QH15 và số 58/2024/QH15"
			}
		}
		n, why := parseCandidate(c, title, Lenient)
		if why != "" {
			if !strings.Contains(c.Text, "/") || looksLikeDate(c.Text) {
				continue
			}
			cit.Malformed = why
		} else {
			cit.Number, cit.Type, cit.TypeName, cit.Inferred = n.String(), n.Type, n.TypeName(), n.Inferred
			if title != "" && title != n.Type {
				if tc, ok := TypeCode(title); ok && title != "QH_ACT" {
					cit.Type, cit.TypeName = tc.Code, tc.Name
				}
			}
			for _, w := range n.Warnings {
				cit.Warnings = append(cit.Warnings, w.Message)
			}
		}
		if dm := dateAfter.FindStringSubmatchIndex(text[c.End:min(len(text), c.End+60)]); dm != nil {
			cit.Date, _ = dateFromParts(text[c.End+dm[6]:c.End+dm[7]], text[c.End+dm[4]:c.End+dm[5]], text[c.End+dm[2]:c.End+dm[3]])
		}
		attachPinpoint(text, &cit)
		cit.Relation = relationBefore(text, cit.Start, c.End)
		prevType, prevEnd = title, c.End
		if cit.Type != "" {
			prevType = cit.Type
		}
		out = append(out, cit)
	}
	out = append(out, selfCitations(text, covered)...)
	out = append(out, namedLaws(text, covered)...)
	sortCitations(out)
	resolveShortForms(out)
	for i := range out {
		c := &out[i]
		for c.Start < c.End && strings.ContainsRune(" \t\n,;(", rune(text[c.Start])) {
			c.Start++
		}
		c.Surface = text[c.Start:c.End]
		c.RuneStart = utf8.RuneCountInString(text[:c.Start])
		c.RuneEnd = c.RuneStart + utf8.RuneCountInString(c.Surface)
	}
	return out
}

// leadStart finds where the words leading to a number begin in before:
// the last type words ("Bộ luật hình sự số ", "Luật Đất đai số ",
// "Nghị định ") with at most eight words of name between them and the
// number, none of them "này", or else a bare "số". typed says which.
func leadStart(before string) (at int, typed bool) {
	if all := typeWordRe.FindAllStringIndex(before, -1); len(all) > 0 {
		last := all[len(all)-1]
		gap := before[last[1]:]
		if nameGapRe.MatchString(gap) && !strings.Contains(gap, " này") {
			return last[0], true
		}
	}
	if m := soRe.FindStringSubmatchIndex(before); m != nil {
		return m[2], false
	}
	return -1, false
}

// attachPinpoint takes the articles, clauses or points right before a
// citation ("điểm a khoản 2 Điều 5 …") into it.
func attachPinpoint(text string, c *Citation) {
	base := max(0, c.Start-200)
	if pm := pinpointRe.FindStringSubmatchIndex(text[base:c.Start]); pm != nil {
		c.Pinpoint = strings.Join(strings.Fields(text[base+pm[2]:base+pm[3]]), " ")
		c.Start = base + pm[0]
	}
}

// eachWord calls fn with the byte offset of every occurrence of word in
// text: a literal search first, patterns after, on small windows only.
func eachWord(text, word string, fn func(at int)) {
	for off := 0; ; {
		k := strings.Index(text[off:], word)
		if k < 0 {
			return
		}
		fn(off + k)
		off += k + len(word)
	}
}

func looksLikeDate(s string) bool { return dateRe.MatchString(s) }

// namespaceReasonAt rejects a candidate inside a standard or a gazette
// reference just before it ("QCVN 06:2022/BXD", "Công báo số 449 + 450").
func namespaceReasonAt(text string, at int) bool {
	before := tail(text[:at], 24)
	return standardRe.MatchString(before+"0") || gazetteRe.MatchString(before)
}

// listJoin reports whether the text between two numbers joins a list.
func listJoin(between string) bool {
	b := strings.TrimSpace(between)
	b = strings.TrimSpace(strings.TrimPrefix(b, ","))
	b = strings.TrimSpace(strings.TrimPrefix(b, "và"))
	b = strings.TrimSpace(strings.TrimPrefix(b, "hoặc"))
	return b == "" || b == "số" || b == "số:"
}

// sentenceBounds returns the sentence around byte i: clauses end at ";",
// "." followed by a space, and line ends.
func sentenceBounds(text string, i int) (int, int) {
	start := 0
	for j := i - 1; j >= 0; j-- {
		if text[j] == '\n' || text[j] == ';' || text[j] == '.' && j+1 < len(text) && text[j+1] == ' ' {
			start = j + 1
			break
		}
	}
	end := len(text)
	for j := i; j < len(text); j++ {
		if text[j] == '\n' || text[j] == ';' || text[j] == '.' && (j+1 == len(text) || text[j+1] == ' ' || text[j+1] == '\n') {
			end = j
			break
		}
	}
	return start, end
}

// relationBefore names the relation of a numbered citation: the verb
// stands before it in its sentence ("Bãi bỏ … Thông tư số X", "thay thế
// Nghị định số X", "Căn cứ …"), except "hết hiệu lực", which may follow
// ("Luật số X hết hiệu lực"). A verb after the citation belongs to the cited
// document's own title ("Nghị định số X … quy định chi tiết …").
func relationBefore(text string, start, end int) string {
	s, e := sentenceBounds(text, start)
	if relationRules[0].re.MatchString(text[s:min(start, s+32)]) {
		return RelBasis // "Căn cứ" opens the sentence, however long its list
	}
	// the verb governs what follows it closely: look at the 300 bytes before
	prefix, suffix := text[max(s, start-300):start], text[end:min(max(end, e), end+300)]
	for _, r := range relationRules[1:] {
		if r.rel == RelExpires && r.re.MatchString(suffix) || activeMatch(r.re, prefix, r.rel) {
			return r.rel
		}
	}
	return RelReference
}

var passiveRe = regexp.MustCompile(`(?:đã|được)\s+$`)

// activeMatch finds the relation verb in s; an amending verb counts only in
// the active voice: "đã được sửa đổi, bổ sung bởi …" tells the cited
// document's history, the citing one amends nothing.
func activeMatch(re *regexp.Regexp, s, rel string) bool {
	for _, m := range re.FindAllStringIndex(s, -1) {
		if rel != RelAmends || !passiveRe.MatchString(s[:m[0]]) {
			return true
		}
	}
	return false
}

// relationOf names the relation the sentence around i states.
func relationOf(text string, i int) string {
	s, e := sentenceBounds(text, i)
	sentence := text[s:e]
	for _, r := range relationRules {
		if r.re.MatchString(sentence) {
			return r.rel
		}
	}
	return RelReference
}

// selfTailRe is the type words right before " này" / " nêu trên" ….
var selfTailRe = regexp.MustCompile(`(` + typeWordsRe + `)\s+$`)

func selfCitations(text string, covered func(int, int) bool) []Citation {
	var out []Citation
	for _, word := range []string{"này", "nêu trên", "nói trên"} {
		eachWord(text, word, func(at int) {
			end := at + len(word)
			if end < len(text) && isLetterAt(text, end) {
				return // part of a longer word
			}
			win := max(0, at-40)
			m := selfTailRe.FindStringSubmatchIndex(text[win:at])
			if m == nil || covered(win+m[0], end) {
				return
			}
			typ := titleCode(text[win+m[2] : win+m[3]])
			c := Citation{Start: win + m[0], End: end, Type: typ, Relation: relationOf(text, win+m[0]), Self: word == "này"}
			if tc, ok := TypeCode(typ); ok {
				c.TypeName = tc.Name
			}
			if !c.Self {
				c.Warnings = append(c.Warnings, "short form \""+word+"\": refers to the last "+text[win+m[2]:win+m[3]]+" cited")
			}
			attachPinpoint(text, &c)
			out = append(out, c)
		})
	}
	return out
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// namedLaws finds laws cited by name without a number ("Luật Đất đai",
// "Bộ luật Hình sự 2015", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015").
func namedLaws(text string, covered func(int, int) bool) []Citation {
	var out []Citation
	var matches [][]int
	for _, lead := range []string{"Luật ", "Bộ luật ", "Pháp lệnh "} {
		eachWord(text, lead, func(at int) {
			if lead == "Luật " && strings.HasSuffix(text[:at], "Bộ ") {
				return // "Bộ luật" is matched as such
			}
			window := text[at:min(len(text), at+240)]
			if m := namedLawRe.FindStringSubmatchIndex(window); m != nil && m[0] == 0 {
				for i := range m {
					if m[i] >= 0 {
						m[i] += at
					}
				}
				matches = append(matches, m)
			}
		})
	}
	for _, m := range matches {
		end := m[5]
		if m[6] >= 0 {
			end = m[7]
		}
		name := strings.TrimRight(text[m[4]:m[5]], " ,")
		if covered(m[0], end) || strings.HasSuffix(name, " này") || name == "" {
			continue
		}
		// a number right after the name belongs to a citation already found
		if rest := strings.TrimSpace(text[end:min(len(text), end+12)]); strings.HasPrefix(rest, "số") && covered(end, min(len(text), end+40)) {
			continue
		}
		typ := titleCode(text[m[2]:m[3]])
		c := Citation{Start: m[0], End: end, Type: typ, Name: name, Relation: relationOf(text, m[0])}
		if tc, ok := TypeCode(typ); ok {
			c.TypeName = tc.Name
		}
		c.TypeName = strings.Join(strings.Fields(text[m[2]:m[3]]), " ")
		if m[6] >= 0 {
			c.Year = atoi(text[m[6]:m[7]])
		}
		if dm := dateAfter.FindStringSubmatchIndex(text[end:min(len(text), end+60)]); dm != nil {
			c.Date, _ = dateFromParts(text[end+dm[6]:end+dm[7]], text[end+dm[4]:end+dm[5]], text[end+dm[2]:end+dm[3]])
		}
		attachPinpoint(text, &c)
		out = append(out, c)
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func sortCitations(cs []Citation) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Start < cs[j-1].Start; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// resolveShortForms gives "Nghị định nêu trên" the number of the last
// citation of the same type before it.
func resolveShortForms(cs []Citation) {
	for i := range cs {
		if cs[i].Self || cs[i].Number != "" || cs[i].Name != "" || len(cs[i].Warnings) == 0 {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if cs[j].Number != "" && cs[j].Type == cs[i].Type {
				cs[i].Number, cs[i].Date = cs[j].Number, cs[j].Date
				break
			}
		}
	}
}
