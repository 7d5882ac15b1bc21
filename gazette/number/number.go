package number

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"congbao/gazette/vntext"
)

// Family is the shape of a document number (docs/rules.md §2.2).
type Family string

// The number families.
const (
	FamilyQH       Family = "A" // n/yyyy/QH<k>, n/yyyy/UBTVQH<k>
	FamilyYear     Family = "B" // n/yyyy/TYPE-ISSUER
	FamilyNoYear   Family = "C" // n/TYPE-ISSUER
	FamilyCongVan  Family = "D" // n/ISSUER-UNIT
	FamilyCopy     Family = "E" // n/SY
	FamilyHistoric Family = "H" // 43/CP, 64-CP, 217-HĐBT, 52-LCT/HĐNN8
	FamilyParty    Family = "P" // 37-CT/TW
)

// Warning is a repair or a doubt met while parsing, with the rule code of
// docs/rules.md §2.6 (W01 unknown issuer, W02 look-alike, W03 ambiguous, W04
// alias, W05 lenient form, W06 inferred issuer, W07 historic or Party).
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Number is a parsed Vietnamese document number ("số, ký hiệu").
type Number struct {
	Raw       string   // the number as it stood in the input (NFC)
	Seq       int      // sequence number
	Year      int      // 0 when the number carries no year
	Type      string   // type code (NĐ, QĐ, QH_ACT, UBTVQH_ACT, CV, ...); "" when unknown
	Issuers   []string // issuing bodies in printed order (the lead first)
	Units     []string // drafting units of a công văn, or trailing units of historic forms
	Family    Family
	Normative bool // the number is that of a legal normative document (§2.7)
	Inferred  bool // the issuer was inferred from the type ("Nghị định 43/2011")
	Warnings  []Warning
	canonical string
}

// String returns the canonical form: "43/2011/NĐ-CP", "09/2010/NĐ-CP",
// historic forms as written ("64-CP").
func (n Number) String() string { return n.canonical }

// TypeName is the full Vietnamese name of the type ("Nghị định").
func (n Number) TypeName() string {
	if c, ok := TypeCode(n.Type); ok {
		return c.Name
	}
	return ""
}

// Issuer returns the issuer codes joined with "+" ("BTC+BNV").
func (n Number) Issuer() string { return strings.Join(n.Issuers, "+") }

// IssuerName is the full name of each issuer, joined with ", ".
func (n Number) IssuerName() string {
	var names []string
	for _, c := range n.Issuers {
		if name := IssuerName(c); name != "" {
			names = append(names, name)
		} else {
			names = append(names, c)
		}
	}
	return strings.Join(names, ", ")
}

// ParseError says why a text is not a document number. It is shaped like
// strconv.NumError.
type ParseError struct {
	Input  string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("parse document number %q: %s", e.Input, e.Reason)
}

// Mode selects how forgiving the parser is.
type Mode int

const (
	// Lenient accepts file-name and slug forms ("30.2020.NĐ-CP",
	// "Nghi-dinh-43-2011-ND-CP", "68-LCT_HDNN8"), "TTLT/" and VNI letters,
	// each with a warning. It is the mode for what people type.
	Lenient Mode = iota
	// Strict accepts only numbers as printed in Unicode documents.
	Strict
)

// Parse parses the first document number in s in lenient mode. s may
// be a bare number or a phrase around one ("Căn cứ Nghị định số ...").
func Parse(s string) (Number, error) { return ParseMode(s, Lenient) }

// ParseMode parses the first document number in s.
func ParseMode(s string, mode Mode) (Number, error) {
	in := s
	s = vntext.NFC(s)
	var pre []Warning
	if fixed, ok := vntext.RepairMojibake(s); ok {
		pre = append(pre, Warning{"W02", "mojibake repaired: UTF-8 read as Windows-1252"})
		s = fixed
	}
	if mode == Lenient {
		if n, ok := parseSlug(s); ok {
			n.Warnings = append(pre, n.Warnings...)
			return n, nil
		}
	}
	reason := "no document number found (a sequence number, a / and a symbol)"
	if r := namespaceReason(s); r != "" {
		reason = r
	} else if strings.HasPrefix(strings.TrimSpace(s), "/") {
		reason = "sequence number missing before /"
	}
	for _, c := range ScanCandidates(s, mode == Lenient) {
		if r := ContextReason(s, c); r != "" {
			if namespaceReason(s) == "" {
				reason = r
			}
			continue
		}
		n, why := ParseCandidate(c, TypeBefore(s, c.Start), mode)
		if why != "" {
			return Number{}, &ParseError{in, why}
		}
		n.Warnings = append(pre, n.Warnings...)
		return n, nil
	}
	return Number{}, &ParseError{in, reason}
}

var (
	dateRe     = regexp.MustCompile(`^\d{1,2}[/-]\d{1,2}[/-]\d{4}$`)
	standardRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:QCVN|TCVN|QCĐP|QCDP|TCCS)\s*[\d.]`)
	gazetteRe  = regexp.MustCompile(`(?i)công\s*báo\s*(?:/\s*)?số|cong\s*bao\s*(?:/\s*)?so`)
	// a form's number ("theo Mẫu số 13/QĐ-KTCSSX/GSQL"): forms are parts
	// of a document, named like documents
	formBefore  = regexp.MustCompile(`[Mm]ẫu\s+(?:số\s*)?:?\s*$`)
	courtBefore = regexp.MustCompile(`(?i)(?:bản\s+án|án\s+lệ|quyết\s+định\s+giám\s+đốc\s+thẩm)(?:\s+số)?\s*:?\s*$`)
	lawNumberRe = regexp.MustCompile(`^[Ll]\.?\d{1,3}$`)
	slashLenhRe = regexp.MustCompile(`^(\d{1,5})/((?i:lct|l))[-/]((?i:ctn|hdnn\d{1,2}|hđnn\d{1,2}))$`)
	slugRe      = regexp.MustCompile(`^(?:(\p{L}+(?:[-_ ]\p{L}+)*)[-_ ])?(\d{1,5})[-_.](?:(\d{4})[-_.])?([\p{L}&]+\d*(?:[-_][\p{L}&]+\d*)*)$`)
)

// IsDate reports whether a candidate's text is a date ("12/3/2020").
func IsDate(s string) bool { return dateRe.MatchString(s) }

// InNamespace reports whether the candidate at byte offset at of text
// stands inside a standard or a gazette reference that begins just
// before it ("QCVN 06:2022/BXD", "Công báo số 449 + 450").
func InNamespace(text string, at int) bool {
	before := vntext.Tail(text[:at], 24)
	return standardRe.MatchString(before+"0") || gazetteRe.MatchString(before)
}

// namespaceReason recognises texts that belong to another namespace as a
// whole: standards and the gazette's own issue numbers.
func namespaceReason(s string) string {
	switch {
	case standardRe.MatchString(s):
		return "a technical regulation or standard code (QCVN/TCVN), not a document number"
	case gazetteRe.MatchString(s):
		return "a Công báo issue reference, not a document number"
	}
	return ""
}

// ContextReason rejects a Candidate for what surrounds or shapes it.
func ContextReason(s string, c Candidate) string {
	if dateRe.MatchString(c.Text) {
		return "a date, not a document number"
	}
	before := s[max(0, c.Start-60):c.Start]
	if courtBefore.MatchString(before) {
		return "a court judgment or precedent number, not a document number"
	}
	if gazetteRe.MatchString(vntext.Tail(before, 20)) {
		return "a Công báo issue reference, not a document number"
	}
	if formBefore.MatchString(vntext.Tail(before, 12)) {
		return "a form number (mẫu số), not a document number"
	}
	return ""
}

// parseSlug reads file-name and URL-slug forms: "30.2020.NĐ-CP",
// "Nghi-dinh-43-2011-ND-CP", "43_2011_NĐ-CP".
func parseSlug(s string) (Number, bool) {
	s = strings.TrimSpace(s)
	idx := slugRe.FindStringSubmatchIndex(s)
	if idx == nil {
		return Number{}, false
	}
	m := make([]string, 5)
	for i := range m {
		if idx[2*i] >= 0 {
			m[i] = s[idx[2*i]:idx[2*i+1]]
		}
	}
	title := TypeOfName(strings.NewReplacer("-", " ", "_", " ").Replace(m[1]))
	if m[3] == "" && (title == "" || idx[4] == 0 || s[idx[4]-1] == ' ') {
		// "64-CP" and "Nghị định 64-CP" are historic numbers: a file name
		// without a year is joined to its type words ("Quyet_dinh_3467-QD-BYT")
		return Number{}, false
	}
	sym := strings.ReplaceAll(m[4], "_", "-")
	text := m[2] + "/" + sym
	if m[3] != "" {
		text = m[2] + "/" + m[3] + "/" + sym
	}
	c := Candidate{Text: text}
	n, why := ParseCandidate(c, title, Lenient)
	if why != "" {
		return Number{}, false
	}
	n.Raw = strings.TrimSpace(s)
	n.Warnings = append(n.Warnings, Warning{"W05", "file-name or slug form " + n.Raw + " read as " + n.canonical})
	return n, true
}

// ParseCandidate validates one Candidate against the grammar of
// docs/rules.md §2.3 and the rules of §2.6. It returns a reason when the
// Candidate is shaped like a number but is not a valid one.
func ParseCandidate(c Candidate, title string, mode Mode) (Number, string) {
	if c.Legacy && mode == Strict {
		return Number{}, "a VNI legacy-font letter inside the symbol (strict mode reads only Unicode)"
	}
	if c.Lenient && mode == Strict {
		return Number{}, `"_" used as a separator (file-name form; strict mode)`
	}
	p := numParser{mode: mode, title: title, n: Number{Raw: c.Text, Warnings: append([]Warning(nil), c.Warnings...)}}
	text := c.Text
	if strings.Contains(text, "/TT-LT/") {
		text = strings.Replace(text, "/TT-LT/", "/TTLT-", 1)
		p.warn("W05", "historic TT-LT/ form read as TTLT-")
	}
	if m := slashLenhRe.FindStringSubmatch(text); m != nil && mode == Lenient {
		// "57/l-ctn", "42/lct/hdnn8": the historic Lệnh forms typed with the wrong separators
		text = m[1] + "-" + m[2] + "/" + m[3]
		p.warn("W05", "historic Lệnh form read as "+text)
	}
	if strings.Contains(text, "/TTLT/") {
		if mode == Strict {
			return Number{}, "TTLT/ with a slash (strict mode wants TTLT-)"
		}
		text = strings.Replace(text, "/TTLT/", "/TTLT-", 1)
		p.warn("W05", "TTLT/ read as TTLT-")
	}
	if why := p.parse(text); why != "" {
		return Number{}, why
	}
	p.n.Normative = normative(p.n, title)
	return p.n, ""
}

type numParser struct {
	mode  Mode
	title string // type code from the words before the number, or ""
	n     Number
}

func (p *numParser) warn(code, msg string) {
	p.n.Warnings = append(p.n.Warnings, Warning{code, msg})
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (p *numParser) parse(text string) string {
	parts := strings.Split(text, "/")
	if strings.Contains(parts[0], "-") {
		return p.parseDashed(parts)
	}
	seqText := parts[0]
	if !allDigits(seqText) {
		return "sequence number missing"
	}
	if len(seqText) > 5 {
		return "sequence number " + seqText + " has more than 5 digits"
	}
	seq, _ := strconv.Atoi(seqText)
	if seq == 0 {
		return "sequence number is 0 (numbering starts at 01)"
	}
	p.n.Seq = seq
	rest := parts[1:]
	if len(rest) > 0 && allDigits(rest[0]) {
		if len(rest[0]) != 4 {
			return "year " + rest[0] + " is not written with 4 digits"
		}
		y, _ := strconv.Atoi(rest[0])
		if y < 1945 || y > time.Now().Year()+1 {
			return fmt.Sprintf("year %d is out of range (1945 to %d)", y, time.Now().Year()+1)
		}
		p.n.Year = y
		rest = rest[1:]
		if len(rest) == 0 {
			return p.shortCitation()
		}
	}
	for _, seg := range rest {
		if seg == "" {
			return `empty segment between "/" separators`
		}
	}
	switch {
	case len(rest) == 0:
		return "symbol missing after the sequence number"
	case len(rest) == 2 && p.n.Year == 0:
		// historic "863/QĐ-UB/TC": a typed symbol plus a unit
		if why := p.parseSymbol(rest[0]); why != "" {
			return why
		}
		if why := checkSegment(rest[1]); why != "" {
			return why
		}
		unit, _ := p.canonIssuer(rest[1], true)
		p.n.Units = append(p.n.Units, unit)
		p.n.Family = FamilyHistoric
		p.n.canonical += "/" + unit
		return ""
	case len(rest) > 1:
		return "too many / separators in the symbol"
	}
	return p.parseSymbol(rest[0])
}

// shortCitation handles "Nghị định 43/2011": only a Nghị định has a single
// possible issuer, so only it can be completed.
func (p *numParser) shortCitation() string {
	if p.title != "NĐ" {
		what := "this type"
		if c, ok := TypeCode(p.title); ok {
			what = "a " + c.Name
		}
		return "symbol missing after the year; the issuer of " + what + " cannot be inferred"
	}
	p.n.Type, p.n.Issuers, p.n.Family, p.n.Inferred = "NĐ", []string{"CP"}, FamilyYear, true
	p.n.canonical = fmt.Sprintf("%02d/%d/NĐ-CP", p.n.Seq, p.n.Year)
	p.warn("W06", "issuer inferred: a Nghị định is issued by Chính phủ (CP)")
	return ""
}

func (p *numParser) parseSymbol(sym string) string {
	segs := strings.Split(sym, "-")
	for _, s := range segs {
		if s == "" {
			return `empty segment between "-" separators (the symbol may be cut short)`
		}
	}
	for _, s := range segs {
		if why := checkSegment(s); why != "" {
			return why
		}
	}
	seq := p.seqText()
	if p.n.Year > 0 && len(segs) == 1 {
		letters, k := SplitKhoa(segs[0])
		if lk := codeKey(letters); k > 0 && (lk == "QH" || lk == "UBTVQH") {
			return p.qhAct(lk, k, seq)
		}
	}
	typ, isType, ambiguous := p.canonType(segs[0])
	if !isType {
		if p.n.Year > 0 {
			if isCourtCode(segs) {
				return "a court judgment number (" + sym + "), not a document number"
			}
			return "unknown document type code " + segs[0]
		}
		return p.congVan(segs, seq)
	}
	if ambiguous {
		alts := []string{}
		for _, c := range tables.types.byKey[codeKey(segs[0])] {
			alts = append(alts, c.Code+" ("+c.Name+")")
		}
		p.warn("W03", segs[0]+" is ambiguous without diacritics: "+strings.Join(alts, " or ")+"; kept as typed")
	}
	p.n.Type = typ
	if len(segs) == 1 {
		if c, _ := TypeCode(typ); c.Class == "copy" && p.n.Year == 0 {
			p.n.Family = FamilyCopy
			p.n.canonical = seq + "/" + typ
			return ""
		}
		return "issuer missing after the type code " + typ
	}
	party := false
	for _, s := range segs[1:] {
		code, class := p.canonIssuer(s, false)
		p.n.Issuers = append(p.n.Issuers, code)
		party = party || class == "party"
	}
	if why := p.checkIssuers(); why != "" {
		return why
	}
	switch {
	case party:
		p.n.Family = FamilyParty
		p.warn("W07", "a Communist Party document, not a state legal document")
	case p.n.Year > 0:
		p.n.Family = FamilyYear
	default:
		p.n.Family = FamilyNoYear
	}
	p.n.canonical = seq + "/" + p.yearPart() + typ + "-" + strings.Join(p.n.Issuers, "-")
	return ""
}

func (p *numParser) seqText() string { return fmt.Sprintf("%02d", p.n.Seq) }

func (p *numParser) yearPart() string {
	if p.n.Year == 0 {
		return ""
	}
	return strconv.Itoa(p.n.Year) + "/"
}

func (p *numParser) qhAct(letters string, k int, seq string) string {
	known, fits := termFits(k, p.n.Year)
	if !known {
		return fmt.Sprintf("unknown term (khóa) %d", k)
	}
	if !fits {
		return fmt.Sprintf("term (khóa) %d does not match the year %d", k, p.n.Year)
	}
	code := "QH"
	p.n.Type = "QH_ACT"
	if letters == "UBTVQH" {
		code, p.n.Type = "UBTVQH", "UBTVQH_ACT"
	}
	issuer := code + strconv.Itoa(k)
	p.n.Issuers, p.n.Family = []string{issuer}, FamilyQH
	p.n.canonical = seq + "/" + strconv.Itoa(p.n.Year) + "/" + issuer
	return ""
}

// congVan parses a symbol without a type code: "12/UBND-VX", or the
// historic single codes "43/CP" and "764/TTg".
func (p *numParser) congVan(segs []string, seq string) string {
	if len(segs) == 1 {
		code, _ := p.canonIssuer(segs[0], false)
		switch code {
		case "CP", "HĐBT", "TTg":
			p.n.Issuers, p.n.Family = []string{code}, FamilyHistoric
			p.n.canonical = p.n.Raw[:strings.IndexByte(p.n.Raw, '/')] + "/" + code
			p.warn("W07", "historic form")
			return p.historicType()
		}
		return "symbol " + segs[0] + " has no type code and no drafting unit"
	}
	issuer, _ := p.canonIssuer(segs[0], false)
	p.n.Type, p.n.Issuers, p.n.Family = "CV", []string{issuer}, FamilyCongVan
	for _, u := range segs[1:] {
		unit, _ := p.canonIssuer(u, true)
		p.n.Units = append(p.n.Units, unit)
	}
	p.n.canonical = seq + "/" + issuer + "-" + strings.Join(p.n.Units, "-")
	return ""
}

// parseDashed reads the historic and Party forms "64-CP", "217-HĐBT",
// "35-L/CTN", "52-LCT/HĐNN8", "108-SL/L10", "37-CT/TW".
func (p *numParser) parseDashed(parts []string) string {
	seqText, rest, _ := strings.Cut(parts[0], "-")
	if !allDigits(seqText) {
		return "sequence number missing"
	}
	seq, _ := strconv.Atoi(seqText)
	if seq == 0 {
		return "sequence number is 0"
	}
	p.n.Seq = seq
	if rest == "" {
		return `empty segment after "-"`
	}
	if len(parts) == 1 {
		if why := checkSegment(rest); why != "" {
			return why
		}
		code, _ := p.canonIssuer(rest, false)
		if code != "CP" && code != "HĐBT" {
			return "unknown historic form " + parts[0] + " (expected n-CP or n-HĐBT)"
		}
		p.n.Issuers, p.n.Family = []string{code}, FamilyHistoric
		p.n.canonical = seqText + "-" + code
		p.warn("W07", "historic form")
		return p.historicType()
	}
	if len(parts) != 2 || parts[1] == "" || strings.Contains(rest, "-") {
		return "unknown historic form " + strings.Join(parts, "/")
	}
	lawNo := lawNumberRe.MatchString(parts[1]) // "108-SL/L.10": Sắc lệnh promulgating law no. 10
	for _, seg := range []string{rest, parts[1]} {
		if lawNo && seg == parts[1] {
			continue
		}
		if why := checkSegment(seg); why != "" {
			return why
		}
	}
	typ, isType, _ := p.canonType(rest)
	if !isType {
		return "unknown document type code " + rest
	}
	org, class := strings.ToUpper(parts[1]), ""
	if !lawNo {
		org, class = p.canonIssuer(parts[1], false)
	}
	p.n.canonical = seqText + "-" + typ + "/" + org
	p.n.Type, p.n.Issuers = typ, []string{org}
	switch {
	case class == "party":
		p.n.Family = FamilyParty
		p.warn("W07", "a Communist Party document, not a state legal document")
		return ""
	case typ == "SL":
		p.n.Issuers = []string{"CTN"} // Sắc lệnh of the President; "/L10" numbers the law
	case typ == "LCT":
		p.n.Type = "L"
	}
	p.n.Family = FamilyHistoric
	p.warn("W07", "historic form")
	if p.title != "" && p.title != "QH_ACT" {
		p.n.Type = p.title
	}
	return ""
}

// historicType takes the type of a number without a type code from the
// words before it ("Nghị định số 43/CP").
func (p *numParser) historicType() string {
	if p.title != "" && p.title != "QH_ACT" {
		p.n.Type = p.title
	}
	return ""
}

// checkIssuers applies the type/issuer rules V06 and V08 of §2.6.
func (p *numParser) checkIssuers() string {
	n := &p.n
	iss := n.Issuers
	switch n.Type {
	case "NĐ":
		if len(iss) != 1 || iss[0] != "CP" {
			return "a Nghị định (NĐ) is issued only by Chính phủ (CP), not " + strings.Join(iss, "-")
		}
	case "TT":
		for _, c := range iss {
			if c == "CP" || c == "TTg" {
				return "a Thông tư (TT) is not issued by " + c
			}
		}
		if len(iss) > 1 {
			if p.mode == Strict {
				return "a Thông tư (TT) has one issuer; a joint circular is TTLT"
			}
			p.warn("W05", "TT with several issuers (a joint circular is TTLT)")
		}
	case "TTLT", "NQLT":
		if len(iss) < 2 {
			return "a joint document (" + n.Type + ") needs at least two issuers"
		}
	case "PL":
		if l, k := SplitKhoa(iss[0]); len(iss) != 1 || l != "UBTVQH" || k == 0 {
			return "a Pháp lệnh (PL) is issued by UBTVQH<khóa>"
		}
	case "L":
		if len(iss) != 1 || iss[0] != "CTN" {
			return "a Lệnh (L) is issued by Chủ tịch nước (CTN)"
		}
	}
	switch n.Type {
	case "NĐ", "TTLT", "PL", "NQLT":
		if n.Year == 0 {
			return "a " + n.TypeName() + " number carries the year (n/yyyy/" + n.Type + "-...)"
		}
	}
	if n.Year > 0 {
		for _, c := range iss {
			if l, k := SplitKhoa(c); k > 0 && (l == "QH" || l == "UBTVQH") {
				if known, fits := termFits(k, n.Year); !known || !fits {
					return fmt.Sprintf("term (khóa) %d does not match the year %d", k, n.Year)
				}
			}
		}
	}
	return ""
}

// checkSegment accepts a code segment: letters (and "&"), then optionally
// digits (a term or unit number: QH13, V8).
func checkSegment(s string) string {
	d := strings.ReplaceAll(s, "&", "")
	if allDigits(d) && len(d) == 4 {
		return "a year appended to the symbol (" + s + ") is not an official form"
	}
	i := 0
	for i < len(d) && (d[i] < '0' || d[i] > '9') {
		i++
	}
	if i == 0 || !allDigits(d[i:]) && i < len(d) {
		return "a number inside the symbol (" + s + ")"
	}
	return ""
}

// canonType looks a segment up in the closed type table.
func (p *numParser) canonType(seg string) (code string, ok, ambiguous bool) {
	loadTables()
	code, ok, ambiguous, restored := lookupCode(tables.types, seg)
	if ok && restored {
		p.warn("W02", seg+" read as "+code)
	}
	return code, ok, ambiguous
}

// canonIssuer looks an issuer or unit code up in the open issuer table; an
// unknown code is kept upper-cased, with a warning for issuers.
func (p *numParser) canonIssuer(seg string, unit bool) (code, class string) {
	loadTables()
	raw := seg
	if alias, ok := tables.aliases[strings.ToUpper(seg)]; ok {
		p.warn("W04", raw+" folded to "+alias)
		seg = alias
	} else if strings.Contains(seg, "&") {
		seg = strings.ReplaceAll(seg, "&", "")
		p.warn("W04", raw+" folded to "+seg)
	}
	letters, k := SplitKhoa(seg)
	if c, ok, ambiguous, restored := lookupCode(tables.issuers, letters); ok && !ambiguous {
		row := tables.issuers.byKey[codeKey(c)]
		class = row[0].Class
		if k > 0 && class != "khoa" {
			return strings.ToUpper(seg), ""
		}
		if restored {
			p.warn("W02", letters+" read as "+c)
		}
		if k > 0 {
			return c + strconv.Itoa(k), class
		}
		return c, class
	}
	code = strings.ToUpper(seg)
	if !unit {
		p.warn("W01", "issuer code "+code+" is not in the table of issuers")
	}
	return code, ""
}

// lookupCode finds the published spelling of seg. A segment typed with Đ
// must match exactly (ignoring case); one typed without is restored from
// the table ("ND" -> "NĐ"), unless the folded key names two codes.
func lookupCode(t codeTable, seg string) (code string, ok, ambiguous, restored bool) {
	rows := t.byKey[codeKey(seg)]
	if len(rows) == 0 {
		return "", false, false, false
	}
	hasD := strings.ContainsAny(seg, "Đđ")
	upper := strings.ToUpper(seg)
	for _, r := range rows {
		if strings.ToUpper(r.Code) == upper {
			return r.Code, true, len(rows) > 1 && !hasD && !strings.ContainsRune(r.Code, 'Đ') && hasDVariant(rows), false
		}
	}
	if len(rows) == 1 {
		return rows[0].Code, true, false, true
	}
	return upper, true, true, false
}

func hasDVariant(rows []Code) bool {
	for _, r := range rows {
		if strings.ContainsRune(r.Code, 'Đ') {
			return true
		}
	}
	return false
}

// isCourtCode recognises judgment symbols such as DS-PT, HS-ST, AL.
func isCourtCode(segs []string) bool {
	courts := map[string]bool{"DS": true, "HS": true, "HC": true, "KDTM": true, "LD": true, "HNGD": true, "AL": true, "PT": true, "ST": true, "GDT": true}
	return courts[codeKey(segs[0])]
}

// normative infers from the number whether it is that of a legal normative
// document (docs/rules.md §2.7).
func normative(n Number, title string) bool {
	switch n.Family {
	case FamilyQH:
		return true
	case FamilyParty, FamilyCopy, FamilyCongVan, FamilyNoYear:
		return false
	case FamilyHistoric:
		if n.Type == "QĐ" {
			return n.Issuer() == "HĐBT"
		}
		return true
	}
	switch n.Type {
	case "NĐ", "TT", "TTLT", "PL", "NQLT", "L", "NQ":
		return true
	case "QĐ":
		switch codeKey(n.Issuers[0]) {
		case "TTG", "CTN", "UBND", "UB", "KTNN":
			return true
		}
		return n.Year <= 2008
	case "CT":
		return n.Year <= 2016
	}
	return false
}
