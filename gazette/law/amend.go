package law

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"congbao/gazette"
	"congbao/gazette/number"
)

var (
	// an amending instruction starts with its verb
	verbRe = regexp.MustCompile(`(?i)^(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|bỏ\s|thay\s+thế|thay\s|sửa\s+cụm|đình\s+chỉ|lùi\s+hiệu\s+lực|sửa\s)`)
	// an article whose heading says it amends another document
	amendHeadRe = regexp.MustCompile(`(?i)^(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế)`)
	numRe       = regexp.MustCompile(`số\s+(\d{1,5}/\d{4}/[\p{L}0-9]+(?:-[\p{L}0-9]+)*)`)
	ofNameRe    = regexp.MustCompile(`(?:của|đối với)\s+((?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư(?:\s+liên\s+tịch)?|Quyết\s+định)\s+[^,;:.]+?)(?:\s+số\s|\s+ngày\s|\s+như\s+sau|[,;:.]|$)`)
	quotedRe    = regexp.MustCompile(`“([^”]*)”`)
	phraseRe    = regexp.MustCompile(`(?i)^(thay\s+thế|thay|sửa)\s+(?:các\s+|một\s+số\s+)?cụm\s+từ\s+“([^”]*)”(.*?)(?:bằng|thành)\s+(?:cụm\s+từ\s+)?“([^”]*)”(.*)$`)
	deleteRe    = regexp.MustCompile(`(?i)^(?:bỏ|bãi\s+bỏ)\s+(?:các\s+)?cụm\s+từ\s+“([^”]*)”(.*)$`)
	insPhraseRe = regexp.MustCompile(`(?i)^bổ\s+sung\s+(?:các\s+)?cụm\s+từ\s+“([^”]*)”\s*(vào\s+sau|vào\s+trước|sau|trước)\s+(?:cụm\s+từ\s+)?“([^”]*)”(.*)$`)
	insertRe    = regexp.MustCompile(`(?i)^bổ\s+sung\s+(.*?)(?:\s+(?:vào\s+)?(?:sau|trước|vào)\s+(.*?))?\s*(?:như\s+sau)?\s*[:.;]?\s*$`)
	amendRe     = regexp.MustCompile(`(?i)^(?:sửa\s+đổi,\s*bổ\s+sung|sửa\s+đổi|bổ\s+sung,\s*sửa\s+đổi|sửa)\s+(.*?)\s*(?:như\s+sau\s*:(.*))?$`)
	repealRe    = regexp.MustCompile(`(?i)^bãi\s+bỏ\s*:?\s*(.*)$`)
	suspendRe   = regexp.MustCompile(`(?i)^đình\s+chỉ\s+(?:việc\s+)?(?:thi\s+hành\s+)?(.*)$`)
	labelRe     = regexp.MustCompile(`^(?:\d{1,3}[a-zđ]?\s*\.|[a-zđ][0-9]?\))\s*`)
	tailRe      = regexp.MustCompile(`[”"]\s*[.;,]?\s*[.;]?\s*$`)
	// a heading that names the target's article: "Sửa đổi, bổ sung Điều 5 Nghị định số …"
	headArticleRe = regexp.MustCompile(`^(?i:sửa\s+đổi(?:,\s*bổ\s+sung)?|bổ\s+sung|bãi\s+bỏ)\s+((?:(?:điểm|khoản)\s+\S+\s+)*Điều\s+\d+[a-zđ]?)\s+(?:của\s+)?\p{L}`)
	articleNumRe  = regexp.MustCompile(`(?i)điều\s+(\d{1,3}[a-zđ]?)`)
	// a rule inside a provision named by an effect exception ("quy định … tại khoản 8", "mục số 7 điểm a …")
	finerRuleRe = regexp.MustCompile(`(?i)quy\s+định\s+(?:[^,;]+?\s+)tại\s+[^,;]+|mục\s+số\s+\d+\s+[^,;]+`)
	someRe      = regexp.MustCompile(`(?i)một\s+số\s+(?:điểm|khoản|điều|mục|nội\s+dung|quy\s+định)|các\s+(?:điểm|khoản)\s+của`)
)

// scope is what a clause inherits from the clauses above it: the
// target document and the article of it they speak of.
type scope struct {
	target  string
	article string
}

// ParseAmendments reads the amendments that an amending document makes:
// its articles headed "Sửa đổi, bổ sung …" (the target named there or in
// the preamble), clause by clause and point by point, the parent clause
// giving the article ("Sửa đổi, bổ sung một số khoản của Điều 2 như sau:
// a) Bổ sung khoản 1a …"), and clauses in other articles that name their
// target themselves ("Sửa đổi … điểm đ khoản 1 Điều 24 của Luật … số
// 15/2012/QH13 như sau: …"). Each takes effect on the date its amender's
// effect clause gives it, or the document's own effective date. All are
// drafts for a clerk to confirm.
func ParseAmendments(d *gazette.Document) []gazette.Amendment {
	text := d.Text
	provs := Provisions(text)
	arts := articlesOf(provs)
	dates := effectDates(text, arts)
	var out []gazette.Amendment
	for _, a := range arts {
		head := a.Heading
		var ctx scope
		amending := amendHeadRe.MatchString(head)
		if amending {
			ctx.target = targetOf(head, text)
			if m := headArticleRe.FindStringSubmatch(head); m != nil {
				ctx.article = articleOf(m[1])
			}
		} else if isEffectArticle(head) {
			continue
		}
		for _, c := range a.Children {
			out = append(out, walk(text, c, ctx, amending)...)
		}
	}
	for i := range out {
		out[i].By, out[i].ByID, out[i].Review = d.Number, d.ID, gazette.ReviewDraft
		out[i].Effective = dateFor(dates, KeyOf(out[i].ByProvision), d.EffectiveDate)
	}
	return append(out, ParsePostponements(d)...)
}

// articlesOf lists the articles of a provision tree in order.
func articlesOf(ps []*gazette.Provision) []*gazette.Provision {
	var out []*gazette.Provision
	for _, p := range ps {
		if p.Kind == gazette.ProvArticle {
			out = append(out, p)
		} else {
			out = append(out, articlesOf(p.Children)...)
		}
	}
	return out
}

func isEffectArticle(head string) bool {
	h := strings.ToLower(head)
	return strings.Contains(h, "hiệu lực") || strings.Contains(h, "thi hành") && !strings.Contains(h, "sửa đổi")
}

// articleOf is the article number a pinpoint names.
func articleOf(pin string) string {
	if m := articleNumRe.FindStringSubmatch(pin); m != nil {
		return m[1]
	}
	return ""
}

// targetOf finds the document an amending sentence speaks of: the number
// it gives, or the name it gives and the number the text gives that name
// elsewhere (the preamble: "… Luật Giá số 16/2023/QH15"), or the name.
func targetOf(s, text string) string {
	name := ""
	if m := ofNameRe.FindStringSubmatch(s); m != nil {
		name = strings.TrimSpace(m[1])
	}
	if m := numRe.FindStringSubmatchIndex(s); m != nil && (name == "" || strings.Index(s, name) < m[0]) {
		if n, err := number.Parse(s[m[2]:m[3]]); err == nil {
			return n.String()
		}
	}
	if name == "" {
		return ""
	}
	re, err := regexp.Compile(`(?i)` + regexp.QuoteMeta(strings.ToValidUTF8(name, "")) + `\s+số\s+(\d{1,5}/\d{4}/[\p{L}0-9]+(?:-[\p{L}0-9]+)*)`)
	if err != nil {
		return name
	}
	if m := re.FindStringSubmatch(text); m != nil {
		if n, err := number.Parse(m[1]); err == nil {
			return n.String()
		}
	}
	return name
}

// instruction is the first line of a provision without its label, and the
// rest of its text.
func instruction(text string, p *gazette.Provision) (string, string) {
	body := text[p.Start:p.End]
	first, rest, _ := strings.Cut(body, "\n")
	// an instruction wrapped over lines ("1. Sửa đổi\nkhoản 1 Điều 122 như sau:")
	for !strings.HasSuffix(strings.TrimSpace(first), ":") && !strings.HasSuffix(strings.TrimSpace(first), ".") &&
		!strings.HasSuffix(strings.TrimSpace(first), ";") && rest != "" && !strings.HasPrefix(strings.TrimSpace(rest), "“") {
		next, more, _ := strings.Cut(rest, "\n")
		if len(first)+len(next) > 1000 {
			break
		}
		first, rest = strings.TrimSpace(first)+" "+strings.TrimSpace(next), more
	}
	return strings.TrimSpace(labelRe.ReplaceAllString(strings.TrimSpace(first), "")), rest
}

// walk reads the amendments of one clause or point, and of its points
// when it is a parent clause.
func walk(text string, p *gazette.Provision, ctx scope, amending bool) []gazette.Amendment {
	ins, rest := instruction(text, p)
	if !verbRe.MatchString(ins) {
		return nil
	}
	if t := targetOf(ins, text); t != "" && numRe.MatchString(ins) {
		ctx.target = t
		amending = true
	}
	if !amending || ctx.target == "" {
		return nil
	}
	by := Pinpoint(p.Key)
	quoted := strings.TrimSpace(rest)
	if len(p.Children) > 0 && !strings.HasPrefix(quoted, "“") {
		// a parent clause: "Sửa đổi, bổ sung một số khoản của Điều 2 như sau:"
		if a := articleOf(ins); a != "" {
			ctx.article = a
		}
		var out []gazette.Amendment
		for _, c := range p.Children {
			out = append(out, walk(text, c, ctx, amending)...)
		}
		if len(out) > 0 || someRe.MatchString(ins) || strings.HasSuffix(ins, ":") {
			return out
		}
	}
	base := gazette.Amendment{Target: ctx.target, ByProvision: by, Evidence: ins}
	var out []gazette.Amendment
	for _, op := range splitOps(ins) {
		out = append(out, parseOp(op, quoted, base, ctx)...)
	}
	return out
}

// splitOps splits a sentence holding several phrase operations ("Bỏ cụm
// từ “…” và bổ sung cụm từ “…” trước cụm từ “…” tại khoản 2 Điều 49"); a
// part that names no provision takes those of the part after it.
func splitOps(s string) []string {
	var ops []string
	start, depth := 0, 0
	low := strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "“"):
			depth++
		case strings.HasPrefix(s[i:], "”"):
			depth--
		}
		if depth != 0 {
			continue
		}
		for _, lead := range []string{"; ", " và "} {
			if !strings.HasPrefix(low[i:], lead) {
				continue
			}
			rest := low[i+len(lead):]
			for _, verb := range []string{"bổ sung cụm", "thay thế cụm", "thay cụm", "bỏ cụm"} {
				if strings.HasPrefix(rest, verb) {
					ops = append(ops, s[start:i])
					start = i + len(lead)
				}
			}
		}
	}
	ops = append(ops, s[start:])
	for i := range ops {
		ops[i] = strings.TrimSpace(ops[i])
	}
	last := ""
	for i := len(ops) - 1; i >= 0; i-- {
		if loc := locationOf(ops[i]); loc != "" {
			last = loc
		} else if last != "" {
			ops[i] += " tại " + last
		}
	}
	return ops
}

// locationOf is what follows the last "tại" outside quotes.
func locationOf(s string) string {
	unq := quotedRe.ReplaceAllStringFunc(s, func(q string) string { return strings.Repeat("x", len(q)) })
	i := strings.LastIndex(strings.ToLower(unq), "tại ")
	if i < 0 {
		return ""
	}
	return strings.TrimRight(strings.TrimSpace(s[i+len("tại "):]), ".;")
}

// parseOp reads one operation.
func parseOp(op, quoted string, a gazette.Amendment, ctx scope) []gazette.Amendment {
	pins := func(s string) []string { return ParsePins(s, ctx.article) }
	switch {
	case phraseRe.MatchString(op):
		m := phraseRe.FindStringSubmatch(op)
		a.Action, a.Old, a.Text = gazette.ActReplacePhrase, m[2], m[4]
		loc := m[3] + " " + m[5]
		a.Provisions = pins(loc)
	case insPhraseRe.MatchString(op):
		m := insPhraseRe.FindStringSubmatch(op)
		a.Action, a.Text, a.Anchor = gazette.ActInsertPhrase, m[1], m[3]
		a.Before = strings.Contains(strings.ToLower(m[2]), "trước")
		a.Provisions = pins(m[4])
	case deleteRe.MatchString(op):
		m := deleteRe.FindStringSubmatch(op)
		a.Action, a.Old = gazette.ActDeletePhrase, m[1]
		a.Provisions = pins(m[2])
	case repealRe.MatchString(op):
		a.Action = gazette.ActRepeal
		a.Provisions = pins(repealRe.FindStringSubmatch(op)[1])
	case suspendRe.MatchString(op):
		a.Action = gazette.ActSuspend
		a.Provisions = pins(suspendRe.FindStringSubmatch(op)[1])
	case strings.HasPrefix(strings.ToLower(op), "bổ sung") && !strings.HasPrefix(strings.ToLower(op), "bổ sung,"):
		m := insertRe.FindStringSubmatch(op)
		if m == nil {
			return nil
		}
		a.Action = gazette.ActInsert
		art := ctx.article
		if m[2] != "" {
			if x := articleOf(m[2]); x != "" && articleOf(m[1]) == "" {
				art = x
			}
		}
		a.Provisions = ParsePins(m[1], art)
		a.Text = newWording(quoted)
	default:
		m := amendRe.FindStringSubmatch(op)
		if m == nil {
			return nil
		}
		a.Action = gazette.ActAmend
		loc := m[1]
		if strings.Contains(strings.ToLower(loc), "đoạn đầu") {
			a.Part = "đoạn đầu"
		}
		if i := strings.Index(loc, " của "); i >= 0 && numRe.MatchString(loc[i:]) {
			loc = loc[:i]
		}
		a.Provisions = pins(loc)
		if strings.TrimSpace(m[2]) != "" {
			a.Text = strings.TrimSpace(m[2]) // "như sau: mức phạt tiền tối đa … là …"
		} else {
			a.Text = newWording(quoted)
		}
	}
	if len(a.Provisions) == 0 {
		return nil
	}
	return []gazette.Amendment{a}
}

// newWording is the quoted text that follows an instruction, without its
// quotation marks.
func newWording(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "“") {
		return ""
	}
	s = strings.TrimPrefix(s, "“")
	if i := strings.LastIndex(s, "”"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(tailRe.ReplaceAllString(s, ""))
}

// exception is a part of an amending document that takes effect on a
// date of its own.
type exception struct {
	key  string
	date gazette.Date
}

var effDateRe = regexp.MustCompile(`có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)

// effectDates reads the effect article's exceptions: "Điểm b khoản 1,
// khoản 4 … Điều 1 của Luật này có hiệu lực thi hành từ ngày …". A rule
// named inside a provision ("quy định … tại khoản 8", "mục số 7 điểm a")
// is finer than a clause and left out.
func effectDates(text string, arts []*gazette.Provision) []exception {
	var out []exception
	for _, a := range arts {
		if !isEffectArticle(a.Heading) {
			continue
		}
		for _, line := range strings.Split(text[a.Start:a.End], "\n") {
			m := effDateRe.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			subject := line[:m[0]]
			low := strings.ToLower(subject)
			if !strings.Contains(low, "điều") || strings.Contains(low, "luật này có") {
				continue
			}
			subject = finerRuleRe.ReplaceAllString(subject, "")
			date, ok := gazette.DateOfParts(line[m[6]:m[7]], line[m[4]:m[5]], line[m[2]:m[3]])
			if !ok {
				continue
			}
			for _, p := range ParsePins(subject, "") {
				if k := KeyOf(p); k != "" {
					out = append(out, exception{k, date})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].key) > len(out[j].key) })
	return out
}

// dateFor is the date of the most specific exception that holds key, or
// the document's own date.
func dateFor(ex []exception, key string, def gazette.Date) gazette.Date {
	for _, e := range ex {
		if key == e.key || strings.HasPrefix(key, e.key+".") {
			return e.date
		}
	}
	return def
}

var (
	// "Lùi hiệu lực thi hành của Bộ luật … số 100/2015/QH13, … số 101/2015/QH13 từ ngày 01 tháng 7 năm
	// 2016 sang (đến) ngày 01 tháng 01 năm 2018"
	postponeRe = regexp.MustCompile(`(?i)(?:lùi|hoãn)\s+(?:thời\s+điểm\s+)?(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:của\s+)?(.{0,600}?)(?:\s+từ\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})?\s+(?:sang|đến)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
	// a resolution of the National Assembly setting when a law takes effect:
	// "Bộ luật tố tụng hình sự số 101/2015/QH13 có hiệu lực thi hành từ ngày 01 tháng 01 năm 2018"
	setsEffectRe = regexp.MustCompile(`(?i)số\s+(\d{1,5}/\d{4}/[\p{L}0-9]+(?:-[\p{L}0-9]+)*)\s+(?:\([^)]{0,80}\)\s+)?có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
)

// ParsePostponements reads the sentences of a document that set when
// other documents take effect: a postponement ("Lùi hiệu lực thi hành của
// … số N … sang ngày D"), or, in a resolution of the National Assembly,
// "… số N có hiệu lực thi hành từ ngày D" of a law other than itself. Each
// is an amendment of action ActPostpone whose Text is the new date; they
// are drafts for a clerk like the others.
func ParsePostponements(d *gazette.Document) []gazette.Amendment {
	resolution := strings.HasPrefix(d.TypeName, "Nghị quyết") && strings.Contains(d.Number, "/QH")
	if !resolution && !slices.ContainsFunc(postponeWords, func(w string) bool { return strings.Contains(d.Text, w) }) {
		return nil
	}
	var out []gazette.Amendment
	flat := strings.Join(strings.Fields(d.Text), " ")
	add := func(num, day, month, year, evidence string) {
		n, err := number.Parse(num)
		if err != nil || n.String() == d.Number {
			return
		}
		date, ok := gazette.DateOfParts(year, month, day)
		if !ok {
			return
		}
		if len(evidence) > 400 {
			evidence = evidence[:400]
		}
		out = append(out, gazette.Amendment{By: d.Number, ByID: d.ID, ByProvision: "", Target: n.String(), Provisions: []string{},
			Action: gazette.ActPostpone, Text: date.String(), Effective: d.EffectiveDate, Evidence: strings.ToValidUTF8(evidence, ""), Review: gazette.ReviewDraft})
	}
	for _, m := range postponeSentences(flat) {
		for _, nm := range numRe.FindAllStringSubmatch(m[1], -1) {
			add(nm[1], m[2], m[3], m[4], m[0])
		}
	}
	if resolution {
		for _, m := range setsEffectRe.FindAllStringSubmatch(flat, -1) {
			add(m[1], m[2], m[3], m[4], m[0])
		}
	}
	return out
}

// postponeWords are the verbs postponeRe starts with, in the three casings
// a text prints them (NFC, as vntext cleans every text).
var postponeWords = []string{"lùi", "Lùi", "LÙI", "hoãn", "Hoãn", "HOÃN"}

// postponeAtRe is postponeRe anchored where it is tried.
var postponeAtRe = regexp.MustCompile(`^` + postponeRe.String())

// postponeWindow bounds the bytes a postponement sentence spans from its
// verb: postponeRe's 600 letters of subject and its phrases around them,
// at up to 4 bytes a letter.
const postponeWindow = 3200

// postponeVerbs returns where text prints a verb of postponing, in order.
func postponeVerbs(text string) []int {
	var at []int
	for _, w := range postponeWords {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			at = append(at, i+j)
			i += j + len(w)
		}
	}
	slices.Sort(at)
	return at
}

// postponeSentences returns postponeRe's matches in flat, as
// FindAllStringSubmatch does, trying the case-blind pattern (slow on a
// whole code, where "hoãn" is common) only from each verb of postponing.
func postponeSentences(flat string) [][]string {
	var out [][]string
	end := 0
	for _, i := range postponeVerbs(flat) {
		if i < end {
			continue // inside the sentence before
		}
		w := flat[i:min(len(flat), i+postponeWindow)]
		if m := postponeAtRe.FindStringSubmatchIndex(w); m != nil {
			sub := make([]string, len(m)/2)
			for k := range sub {
				if m[2*k] >= 0 {
					sub[k] = w[m[2*k]:m[2*k+1]]
				}
			}
			out = append(out, sub)
			end = i + m[1]
		}
	}
	return out
}
