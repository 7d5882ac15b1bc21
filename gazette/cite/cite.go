package cite

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// relationRules hold each relation's verb; needles are literal parts of it,
// tested first because most sentences hold none of the verbs.
var relationRules = []struct {
	re      *regexp.Regexp
	rel     string
	needles []string
}{
	{regexp.MustCompile(`^\s*(?:\d+\.\s*)?[Cc]ăn\s+cứ(?:\s|$)`), gazette.RelBasis, []string{"ăn"}}, // Go's \b is ASCII-only: it fails after "ứ"
	{regexp.MustCompile(`[Hh]ết\s+hiệu\s+lực`), gazette.RelExpires, []string{"hiệu"}},
	{regexp.MustCompile(`[Bb]ãi\s+bỏ`), gazette.RelRepeals, []string{"ãi"}},
	{regexp.MustCompile(`[Tt]hay\s+thế`), gazette.RelReplaces, []string{"hay"}},
	{regexp.MustCompile(`[Ss]ửa\s+đổi`), gazette.RelAmends, []string{"ửa"}},
	{regexp.MustCompile(`[Hh]ướng\s+dẫn|[Qq]uy\s+định\s+chi\s+tiết`), gazette.RelGuides, []string{"ướng", "chi"}},
}

// endsRel reports whether rel ends the document cited: a citation after
// "đã được sửa đổi, bổ sung … theo" in such a sentence tells the ended
// document's history and does not share its relation.
func endsRel(rel string) bool {
	return rel == gazette.RelExpires || rel == gazette.RelRepeals || rel == gazette.RelReplaces
}

// mayHold reports whether s holds one of needles.
func mayHold(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

var (
	// the first letter may be either case ("các nghị định"); (?i) would also
	// make \p{Lu} match lower case, so it is not used
	typeWordsRe = typeWordsPattern()
	// the type words, "số" and ":" right before a number
	typeWordRe = regexp.MustCompile(typeWordsRe)
	nameGapRe  = regexp.MustCompile(`^(?:\s+[^\s,;.()]+){0,8}?\s+(?:[Ss]ố\s*:?\s*)?$|^\s+$`)
	soRe       = regexp.MustCompile(`(?:^|[\s(,;])([Ss]ố)\s*:?\s*$`)
	// one or more units ("điểm a khoản 2 Điều 5", "khoản 1, khoản 2 Điều 7",
	// "Điều 10, Điều 11", "Chương V") right before the citation
	pinUnit    = `(?:(?:các\s+)?(?:[Đđ]iểm|[Tt]iết)\s+[a-zđ]\d*(?:\s*,\s*[a-zđ]\d*)*(?:\s+và\s+[a-zđ]\d*)?|(?:các\s+)?[Kk]hoản\s+\d+[a-zđ]?(?:\s*,\s*\d+[a-zđ]?)*|[Đđ]iều\s+\d+[a-zđ]?|[Cc]hương\s+[IVXLCDM]+|[Mm]ục\s+\d+)`
	pinpointRe = regexp.MustCompile(`(` + pinUnit + `(?:(?:\s*,\s*|\s+và\s+|\s+)` + pinUnit + `)*)(?:\s+của)?\s+$`)
	dateAfter  = regexp.MustCompile(`^[\s,]*(?:ban\s+hành\s+)?ngày\s+(\d{1,2})\s*(?:tháng\s*|[/.-]\s*)(\d{1,2})\s*(?:năm\s*|[/.-]\s*)(\d{4})`)
	selfRe     = regexp.MustCompile(`(` + typeWordsRe + `)\s+(này|nêu\s+trên|nói\s+trên|trên)\b`)
	// a law by name ends at its number or date, a verb, or punctuation; a
	// name may hold commas ("Luật Phòng, chống ma túy"). Go's \b is
	// ASCII-only, so the stop words end with a space or the text's end.
	// a year right after the name ends it, whatever follows ("Luật Lưu trữ
	// năm 2024, cụ thể như sau")
	namedLawYearRe = regexp.MustCompile(`(Bộ\s+luật|Luật|Pháp\s+lệnh)\s+(\p{Lu}[\p{Ll}\p{Lu}]*(?:(?:\s+|,\s+)[\p{L}]+){0,9}?)\s+(?:năm\s+)?(\d{4})(?:\D|$)`)
	// an amending law cited by its title: "Luật sửa đổi, bổ sung một số điều
	// của 15 Luật trong lĩnh vực nông nghiệp và môi trường"
	amendingLawRe = regexp.MustCompile(`(Luật)\s+(sửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?[^;.:()\n]{3,160}?)(?:\s+(?:năm\s+)?(\d{4}))?(?:,?\s+(?:số|ngày|được|đã|có|hết|thì|tại)(?:\s|$)|[;.:)\n…]|$)`)
	// where a second law starts inside a matched name: "Luật Ngân sách nhà
	// nước, Luật Đầu tư công"
	// between two citations of a list: "…, Nghị định số Y", "… và Thông tư số Y"
	typedListRe = regexp.MustCompile(`^\s*(?:,|và|hoặc|,\s*và)\s*` + typeWordsRe + `\s+(?:số\s*)?$`)
	// a cited document's history: "… số X được sửa đổi, bổ sung một số điều bởi các Luật số Y"
	chainRe = regexp.MustCompile(`(?:đã|được)\s+(?:được\s+)?(?:sửa\s+đổi,?\s+)?(?:bổ\s+sung\s+)?(?:một\s+số\s+điều\s+)?(?:bởi|theo|tại)\s+(?:các\s+)?(?:(?:` + pinUnit + `)\s+(?:của\s+)?)*` + typeWordsRe + `?\s*(?:số\s*)?$`)
	// "(sau đây gọi là Luật Đất đai)" names the citation before it, briefly
	aliasRe = regexp.MustCompile(`sau\s+đây\s+(?:gọi|viết)\s+(?:chung\s+|tắt\s+)?(?:là\s*)?$`)
	// a coordinated object after the previous citation's own words: "… của Bộ trưởng … và Thông tư số Y", "… và Điều 1 Quyết định số Y"
	coordRe    = regexp.MustCompile(`(?:,|:|\svà|\shoặc)\s*(?:(?:` + pinUnit + `)(?:(?:\s*,\s*|\s+và\s+|\s+)(?:` + pinUnit + `))*\s+(?:của\s+)?)?` + typeWordsRe + `?\s*(?:số\s*)?$`)
	nextLawRe  = regexp.MustCompile(`(?:,\s*|\s+(?:và|hoặc)\s+)(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s`)
	namedLawRe = regexp.MustCompile(`(Bộ\s+luật|Luật|Pháp\s+lệnh)\s+(\p{Lu}[\p{Ll}\p{Lu}]*(?:(?:\s+|,\s+)[\p{L}]+){0,9}?)(?:\s+(?:năm\s+)?(\d{4}))?(?:,?\s+(?:số|ngày|được|đã|và|của|hết|có|thì|tại|về|như|nhưng|do|để|là)(?:\s|$)|[;.:)\n…]|,\s*$|$)`)
)

// FindCitations finds every reference in text in order: numbers (with the
// type words, date and pinpoint around them), lists that share a type
// ("các Luật số 43/2024/QH15, số 47/2024/QH15"), short citations whose
// issuer is inferred, laws by name, the document itself ("Nghị định
// này"), and short forms ("Nghị định nêu trên") resolved to their
// antecedent. Dates, money, standards, court judgments and gazette issue
// references are not citations.
func FindCitations(text string) []gazette.Citation {
	text = vntext.NFC(text)
	var out []gazette.Citation
	var spans spanSet
	covered := func(s, e int) bool { return spans.overlaps(s, e) }
	var prevType, prevRel string
	prevEnd := -1
	cands := number.ScanCandidates(text, true)
	if len(cands) > maxCandidates {
		cands = cands[:maxCandidates]
	}
	for _, c := range cands {
		if number.ContextReason(text, c) != "" || number.InNamespace(text, c.Start) {
			continue
		}
		cit := gazette.Citation{Start: c.Start, End: c.End}
		before := text[max(0, c.Start-120):c.Start]
		title := number.TypeBefore(text, c.Start)
		if at, typed := leadStart(before); at >= 0 {
			cit.Start = c.Start - (len(before) - at)
			if !typed && prevType != "" && prevEnd >= 0 && listJoin(text[prevEnd:cit.Start]) {
				title = prevType // "…, số 47/2024/QH15 và số 58/2024/QH15"
			}
		}
		// this citation continues the previous one's list or history in the
		// same sentence: it shares its relation
		joined, inherit := false, false
		if prevEnd >= 0 && prevEnd <= cit.Start {
			if s0, _ := sentenceBounds(text, cit.Start); s0 <= prevEnd {
				between := text[prevEnd:cit.Start]
				alias := aliasRe.MatchString(vntext.Tail(between, 40))
				joined = listJoin(between) || typedListRe.MatchString(between) || chainRe.MatchString(between) ||
					coordRe.MatchString(between) || alias
				// an alias names a document cited earlier, which may not be
				// the one just before it ("Luật X số A đã được sửa đổi …
				// theo Luật số B (sau đây gọi là Luật X số A) hết hiệu lực");
				// the history of an ended document is not ended with it
				inherit = joined && prevRel != "" && !alias && !(endsRel(prevRel) && historyRe.MatchString(between))
			}
		}
		n, why := number.ParseCandidate(c, title, number.Lenient)
		if why != "" {
			if !strings.Contains(c.Text, "/") || number.IsDate(c.Text) {
				continue
			}
			cit.Malformed = why
		} else {
			cit.Number, cit.Type, cit.TypeName, cit.Inferred = n.String(), n.Type, n.TypeName(), n.Inferred
			if title != "" && title != n.Type {
				if tc, ok := number.TypeCode(title); ok && title != "QH_ACT" {
					cit.Type, cit.TypeName = tc.Code, tc.Name
				}
			}
			for _, w := range n.Warnings {
				cit.Warnings = append(cit.Warnings, w.Message)
			}
		}
		if dm := dateAfter.FindStringSubmatchIndex(text[c.End:min(len(text), c.End+60)]); dm != nil {
			cit.Date, _ = gazette.DateOfParts(text[c.End+dm[6]:c.End+dm[7]], text[c.End+dm[4]:c.End+dm[5]], text[c.End+dm[2]:c.End+dm[3]])
		}
		attachPinpoint(text, &cit)
		if inherit {
			cit.Relation = prevRel
		} else {
			cit.Relation = relationBefore(text, cit.Start, c.End, prevEnd, joined)
		}
		prevType, prevEnd, prevRel = title, c.End, cit.Relation
		if cit.Type != "" {
			prevType = cit.Type
		}
		out = append(out, cit)
	}
	spans = newSpanSet(out) // what the numbered citations cover, for the unnumbered ones
	out = append(out, selfCitations(text, covered)...)
	spans = newSpanSet(out)
	out = append(out, namedLaws(text, covered)...)
	sortCitations(out)
	out = resolveShortForms(out)
	byteAt, runeAt := 0, 0 // rune offsets counted on from the last citation, not from 0
	for i := range out {
		c := &out[i]
		for c.Start < c.End && strings.ContainsRune(" \t\n,;(", rune(text[c.Start])) {
			c.Start++
		}
		c.Surface = text[c.Start:c.End]
		if c.Start < byteAt {
			byteAt, runeAt = 0, 0
		}
		runeAt += utf8.RuneCountInString(text[byteAt:c.Start])
		byteAt = c.Start
		c.RuneStart = runeAt
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
func attachPinpoint(text string, c *gazette.Citation) {
	if !pinpointTail(text[:c.Start]) {
		return
	}
	// most pinpoints are short: try 80 bytes, and 200 when the match fills them
	for _, width := range []int{80, 200} {
		base := max(0, c.Start-width)
		pm := pinpointRe.FindStringSubmatchIndex(text[base:c.Start])
		if pm == nil {
			return
		}
		if pm[0] > 8 || base == 0 || width == 200 {
			c.Pinpoint = strings.Join(strings.Fields(text[base+pm[2]:base+pm[3]]), " ")
			c.Start = base + pm[0]
			return
		}
	}
}

// pinpointTail is a quick test that before may end in a unit: its last
// word (before "của") is a number, a Roman numeral or a point letter.
func pinpointTail(before string) bool {
	before = strings.TrimRight(before, " \t\n")
	before = strings.TrimRight(strings.TrimSuffix(before, "của"), " \t\n")
	if before == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return r >= '0' && r <= '9' || strings.ContainsRune("IVXLCDMabcdeđghiklmnopqrstuvxy", r)
}

// eachWord calls fn with the byte offset of every occurrence of word in
// text: a literal search first, patterns after, on small windows only.
// eachWord calls fn at each occurrence of word, the first maxCandidates.
func eachWord(text, word string, fn func(at int)) {
	for off, n := 0, 0; n < maxCandidates; n++ {
		k := strings.Index(text[off:], word)
		if k < 0 {
			return
		}
		fn(off + k)
		off += k + len(word)
	}
}

// maxCandidates bounds the places a text is examined for citations of one
// kind (numbers; names after "Luật ", ...): of the 1,027 bundled texts the
// most has 508 law names and 375 numbers, and a hostile text of a million
// made the work grow, not the answer (1 MiB of "Luật " took 21 s). Past it
// the rest of the text is not read for that kind.
const maxCandidates = 5_000

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
	// a sentence is looked for within maxSentence bytes each way: a text
	// without sentence ends (hostile, or a table) was scanned whole for
	// every citation in it
	start := max(0, i-maxSentence)
	for j := i - 1; j >= start; j-- {
		if text[j] == '\n' || text[j] == ';' || text[j] == '.' && j+1 < len(text) && text[j+1] == ' ' {
			start = j + 1
			break
		}
	}
	end := min(len(text), i+maxSentence)
	for j := i; j < end; j++ {
		if text[j] == '\n' || text[j] == ';' || text[j] == '.' && (j+1 == len(text) || text[j+1] == ' ' || text[j+1] == '\n') {
			end = j
			break
		}
	}
	return start, end
}

// maxSentence bounds how far a sentence reaches from a citation, each way.
const maxSentence = 8 << 10

// relationBefore names the relation of a citation: the verb stands before
// it in its sentence ("Bãi bỏ … Thông tư số X", "thay thế Nghị định số X",
// "Căn cứ …"), except "hết hiệu lực", which may follow ("Luật số X hết
// hiệu lực"). A verb after the citation belongs to the cited document's own
// title ("Nghị định số X … quy định chi tiết …"). prev is the end of the
// citation found before this one (-1 if none) and joined says whether this
// one continues its list ("…, số 47/2024/QH15"): a verb before an earlier
// citation that this one does not continue governs that one only ("Bãi bỏ
// Quyết định số X … về việc đính chính Thông tư số Y"), and a verb after it
// is part of its title unless it opens a coordinate clause ("… và thay thế
// Nghị định số Y").
func relationBefore(text string, start, end, prev int, joined bool) string {
	s, e := sentenceBounds(text, start)
	if relationRules[0].re.MatchString(text[s:min(start, s+32)]) {
		return gazette.RelBasis // "Căn cứ" opens the sentence, however long its list
	}
	from := max(s, start-300)
	coordinate := false
	if prev > from && prev <= start && !joined {
		from, coordinate = prev, true
	}
	prefix, suffix := text[from:start], text[end:min(max(end, e), end+1000)] // "Luật số X đã được sửa đổi … theo Luật số A, Luật số B, … hết hiệu lực"
	// "… hết hiệu lực" after the citation ends the head of the sentence's
	// subject: not a later citation that is not in its list, nor one in
	// its history ("… đã được sửa đổi, bổ sung theo Luật số B")
	modifier := prev >= s && prev <= start && (!joined || historyRe.MatchString(text[prev:start]))
	for _, r := range relationRules[1:] {
		if r.rel == gazette.RelExpires && !modifier && mayHold(suffix, r.needles) && r.re.MatchString(suffix) {
			return r.rel
		}
		if !mayHold(prefix, r.needles) {
			continue
		}
		at := activeIndex(r.re, prefix, r.rel)
		if at < 0 || coordinate && !coordinateRe.MatchString(prefix[:at]) {
			continue
		}
		if r.rel == gazette.RelReplaces && replacedPartRe.MatchString(prefix[at:]) {
			return gazette.RelAmends // "Thay thế Mẫu số 04 tại Phụ lục I … Thông tư số X": a part of it
		}
		return r.rel
	}
	if !coordinate && supplementRe.MatchString(text[s:start]) {
		return gazette.RelAmends // "Điều 2. Bổ sung chỉ tiêu … Thông tư số X"
	}
	return gazette.RelReference
}

var (
	// "Luật X số A đã được sửa đổi, bổ sung một số điều theo Luật số B và
	// Luật số C hết hiệu lực": B and C tell A's history; the sentence ends A
	// (61/2020/QH14, Luật Đầu tư, is not ended by 72/2020/QH14 ending the
	// Luật Bảo vệ môi trường it once amended)
	historyRe = regexp.MustCompile(`được\s+sửa\s+đổi(?:,?\s+bổ\s+sung)?(?:\s+một\s+số\s+điều)?\s+(?:theo|bởi|tại)\s`)
	passiveRe = regexp.MustCompile(`(?:đã|được)\s+$`)
	// "các văn bản hướng dẫn thi hành" names other documents, it guides nothing
	nounGuideRe = regexp.MustCompile(`văn\s+bản\s+$`)
	// a verb after an earlier citation opens a clause of its own
	coordinateRe = regexp.MustCompile(`(?:,|;|\svà)\s*$`)
	// what "thay thế" replaces when it is a part, not the whole document
	replacedPartRe = regexp.MustCompile(`(?i)^thay\s+thế\s+(?:các\s+|một\s+số\s+)?(?:cụm\s+từ|mẫu|biểu\s+mẫu|phụ\s+lục|danh\s+mục|bảng|từ\s+ngữ)`)
	// "Bổ sung …" opening a clause supplements the document it names
	supplementRe = regexp.MustCompile(`^\s*(?:\d+\.\s*|[a-zđ]\)\s*)?Bổ\s+sung\s`)
)

// activeIndex finds where the relation verb stands in s, or -1; an amending
// verb counts only in the active voice: "đã được sửa đổi, bổ sung bởi …"
// tells the cited document's history, the citing one amends nothing; and
// "văn bản hướng dẫn" is a noun.
func activeIndex(re *regexp.Regexp, s, rel string) int {
	for _, m := range re.FindAllStringIndex(s, -1) {
		switch {
		case rel == gazette.RelAmends && passiveRe.MatchString(s[:m[0]]):
		case rel == gazette.RelGuides && nounGuideRe.MatchString(s[:m[0]]):
		default:
			return m[0]
		}
	}
	return -1
}

// relationOf names the relation the sentence around i states (for the
// document itself: "Nghị định này thay thế …").
func relationOf(text string, i int) string {
	s, e := sentenceBounds(text, i)
	sentence := text[s:e]
	if relationRules[0].re.MatchString(sentence) {
		return gazette.RelBasis
	}
	for _, r := range relationRules[1:] {
		if mayHold(sentence, r.needles) && activeIndex(r.re, sentence, r.rel) >= 0 {
			return r.rel
		}
	}
	return gazette.RelReference
}

// selfTailRe is the type words right before " này" / " nêu trên" ….
var selfTailRe = regexp.MustCompile(`(` + typeWordsRe + `)\s+$`)

func selfCitations(text string, covered func(int, int) bool) []gazette.Citation {
	var out []gazette.Citation
	for _, word := range []string{"này", "nêu trên", "nói trên"} {
		eachWord(text, word, func(at int) {
			end := at + len(word)
			if end < len(text) && isLetterAt(text, end) {
				return // part of a longer word
			}
			if !typeWordTail(text[max(0, at-12):at]) {
				return
			}
			win := max(0, at-40)
			m := selfTailRe.FindStringSubmatchIndex(text[win:at])
			if m == nil || covered(win+m[0], end) {
				return
			}
			typ := number.TypeOfName(text[win+m[2] : win+m[3]])
			c := gazette.Citation{Start: win + m[0], End: end, Type: typ, Relation: relationOf(text, win+m[0]), Self: word == "này"}
			if tc, ok := number.TypeCode(typ); ok {
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

// typeWordTail is a quick test that before ends in the last syllable of a
// type word ("… Nghị định ", "… Luật ").
func typeWordTail(before string) bool {
	before = strings.TrimRight(before, " \t\n")
	w := before[strings.LastIndexAny(before, " \t\n")+1:]
	switch strings.ToLower(w) {
	case "luật", "lệnh", "định", "quyết", "tư", "tịch", "thị", "pháp", "nhất", "văn", "điện", "trình", "hoạch", "báo":
		return true
	}
	return false
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// namedLaws finds laws cited by name without a number ("Luật Đất đai",
// "Bộ luật Hình sự 2015", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015").
func namedLaws(text string, covered func(int, int) bool) []gazette.Citation {
	var out []gazette.Citation
	var matches [][]int
	for _, lead := range []string{"Luật ", "Bộ luật ", "Pháp lệnh "} {
		eachWord(text, lead, func(at int) {
			if lead == "Luật " && strings.HasSuffix(text[:at], "Bộ ") {
				return // "Bộ luật" is matched as such
			}
			window := text[at:min(len(text), at+240)]
			m := namedLawYearRe.FindStringSubmatchIndex(window)
			if m == nil || m[0] != 0 {
				m = namedLawRe.FindStringSubmatchIndex(window)
			}
			if lead == "Luật " {
				if am := amendingLawRe.FindStringSubmatchIndex(window); am != nil && am[0] == 0 {
					m = am
				}
			}
			if m != nil && m[0] == 0 {
				for i := range m {
					if m[i] >= 0 {
						m[i] += at
					}
				}
				matches = append(matches, m)
			}
		})
	}
	var spans [][2]int
	for _, m := range matches {
		end := m[5]
		if m[6] >= 0 {
			end = m[7]
		}
		if k := nextLawRe.FindStringIndex(text[m[4]:m[5]]); k != nil {
			m[5], m[6], m[7] = m[4]+k[0], -1, -1 // the list's next law is matched on its own
			end = m[5]
		}
		name := strings.TrimRight(text[m[4]:m[5]], " ,")
		if covered(m[0], end) || strings.HasSuffix(name, " này") || name == "" || inside(spans, m[0], end) ||
			aliasRe.MatchString(text[max(0, m[0]-40):m[0]]) {
			continue
		}
		spans = append(spans, [2]int{m[0], end})
		// a number right after the name belongs to a citation already found
		if rest := strings.TrimSpace(text[end:min(len(text), end+12)]); strings.HasPrefix(rest, "số") && covered(end, min(len(text), end+40)) {
			continue
		}
		typ := number.TypeOfName(text[m[2]:m[3]])
		c := gazette.Citation{Start: m[0], End: end, Type: typ, Name: name, Relation: relationBefore(text, m[0], end, -1, false)}
		if tc, ok := number.TypeCode(typ); ok {
			c.TypeName = tc.Name
		}
		c.TypeName = strings.Join(strings.Fields(text[m[2]:m[3]]), " ")
		if m[6] >= 0 {
			c.Year = atoi(text[m[6]:m[7]])
		}
		if dm := dateAfter.FindStringSubmatchIndex(text[end:min(len(text), end+60)]); dm != nil {
			c.Date, _ = gazette.DateOfParts(text[end+dm[6]:end+dm[7]], text[end+dm[4]:end+dm[5]], text[end+dm[2]:end+dm[3]])
		}
		attachPinpoint(text, &c)
		out = append(out, c)
	}
	return out
}

// spanSet answers whether a span overlaps any of a set of citations in
// O(log n): the spans sorted by start, with the furthest end reached by
// each prefix. (A scan of every citation made a text of many citations
// quadratic: 1 MiB of "43/2011/NĐ-CP, " took 47 s.)
type spanSet struct {
	starts, maxEnd []int
}

func newSpanSet(cs []gazette.Citation) spanSet {
	sorted := slices.Clone(cs)
	slices.SortFunc(sorted, func(a, b gazette.Citation) int { return a.Start - b.Start })
	set := spanSet{starts: make([]int, len(sorted)), maxEnd: make([]int, len(sorted))}
	for i, c := range sorted {
		set.starts[i], set.maxEnd[i] = c.Start, c.End
		if i > 0 {
			set.maxEnd[i] = max(set.maxEnd[i], set.maxEnd[i-1])
		}
	}
	return set
}

// overlaps reports whether [s, e) overlaps a span of the set: of the
// spans starting before e, one ends after s.
func (set spanSet) overlaps(s, e int) bool {
	k, _ := slices.BinarySearch(set.starts, e) // spans [0, k) start before e
	return k > 0 && set.maxEnd[k-1] > s
}

// inside reports whether [s, e) lies within one of spans (a law named
// inside an amending law's title).
func inside(spans [][2]int, s, e int) bool {
	for _, sp := range spans {
		if s >= sp[0] && e <= sp[1] {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func sortCitations(cs []gazette.Citation) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Start < cs[j-1].Start; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// resolveShortForms gives "Nghị định nêu trên" the number of the last
// citation of the same type before it, and drops a short form with no such
// antecedent: "chuyển Quyết định nêu trên" after "ra Quyết định khởi tố vụ
// án" names no legal document.
func resolveShortForms(cs []gazette.Citation) []gazette.Citation {
	out := make([]gazette.Citation, 0, len(cs))
	for i := range cs {
		if cs[i].Self || cs[i].Number != "" || cs[i].Name != "" || len(cs[i].Warnings) == 0 {
			out = append(out, cs[i])
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if cs[j].Number != "" && cs[j].Type == cs[i].Type {
				cs[i].Number, cs[i].Date = cs[j].Number, cs[j].Date
				break
			}
		}
		if cs[i].Number != "" {
			out = append(out, cs[i])
		}
	}
	return out
}

// typeWordsPattern matches the type words of a citation (codes/typewords.tsv,
// use c), longest first, the first letter in either case: "Nghị định",
// "nghị định", "Thông tư liên tịch".
func typeWordsPattern() string {
	var alts []string
	for _, w := range number.TypeWords('c') {
		r, size := utf8.DecodeRuneInString(w.Word)
		first := "[" + string(unicode.ToUpper(r)) + string(unicode.ToLower(r)) + "]"
		alts = append(alts, first+strings.Join(strings.Fields(regexp.QuoteMeta(w.Word[size:])), `\s+`))
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}
