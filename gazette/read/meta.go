package read

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/agnivade/levenshtein"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// Metadata is what a document's text says about itself (docs/rules.md §5).
type Metadata struct {
	Number         string // canonical
	NumberPrinted  string
	Type           string // type code, from the number when it has one
	TypeName       string // "Nghị định", "Bộ luật", "Hiến pháp", ...
	Issuer         string // issuer codes from the number
	IssuerName     string // issuing body from the header ("Chính phủ")
	Title          string
	Place          string
	IssueDate      gazette.Date
	Signer         string
	SignerTitle    string // "TM. Chính phủ, KT. Thủ tướng, Phó Thủ tướng"
	EffectiveDate  gazette.Date
	EffectiveBasis string // the effect clause the date comes from
	Articles       []gazette.Article
	Checks         []gazette.Check       // doubts for the reviewing clerk (check.go)
	Classification string                // độ mật stamped in the header ("MẬT"): never published (secrecy.go)
	Urgency        string                // độ khẩn stamped in the header ("HỎA TỐC")
	Sources        []gazette.FieldSource // where each field was read (source.go)

	number         *number.Number // the number as parsed
	headerType     string         // type code of the header's type line ("TT")
	headerTypeName string         // its name ("Thông tư")
	headerIssuer   string         // the issuing body printed in the header
}

// headerLines is how far into a document its header block may reach.
const headerLines = 30

var (
	numberLineRe  = regexp.MustCompile(`(?:^|\s)(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Lệnh)\s+)?[Ss]ố\s*:\s*(.+)$|^Số\s+(\d.*)$`)
	placeDateRe   = regexp.MustCompile(`([^,\n]{0,80}?),\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})`)
	placeOnlyRe   = regexp.MustCompile(`([^,\n]{0,80}?),\s*ngày\b`)
	passedRe      = regexp.MustCompile(`thông\s+qua\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
	precedentHdRe = regexp.MustCompile(`^(?:Án\s+lệ|ÁN\s+LỆ)\s+(?:số|SỐ)\s+(\d+/\d{4}/AL)\d?\s*(.*)$`)
	endMarkRe     = regexp.MustCompile(`\./\.?\s*$`)
	positionRe    = regexp.MustCompile(`((?:(?:TM|KT|TL|TUQ|Q)\.\s*)?\p{Lu}[\p{Lu}\s,\-]*\p{Lu})\s*$`)
	nameRe        = regexp.MustCompile(`(?:^|[;,:]\s*|[.)]\s+\p{Lu}\s+)((?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4})$`)
	vbhnRe        = regexp.MustCompile(`VĂN\s+BẢN\s+HỢP\s+NHẤT`)
)

// docTypes are the type lines of a header, in capitals (codes/typewords.tsv, use h).
var docTypes = func() []struct{ caps, name, code string } {
	var out []struct{ caps, name, code string }
	for _, w := range number.TypeWords('h') {
		out = append(out, struct{ caps, name, code string }{strings.ToUpper(w.Word), w.Word, w.Code})
	}
	return out
}()

// ExtractMetadata reads the header, the end and the effect clause of a
// document's text (one document, running headers already removed).
func ExtractMetadata(text string) Metadata { return ReadMetadata(text, nil) }

// ReadMetadata is ExtractMetadata for a text whose file carries an
// electronic signature (nil for none): where the header's date is
// illegible, the issuing body's signature dates it (dateSigned).
func ReadMetadata(text string, signed *gazette.Signature) Metadata {
	text = vntext.CleanText(text)
	lines := strings.Split(text, "\n")
	var m Metadata
	head := lines[:min(len(lines), headerLines)]
	if pm := precedentHdRe.FindStringSubmatch(strings.TrimSpace(lines[0])); pm != nil {
		m.precedent(pm, lines)
		m.Articles = Articles(text)
		m.finishSources(lines)
		return m
	}
	m.header(head)
	if m.headerIssuer != "" {
		name, parent, ok := strings.Cut(m.IssuerName, " (")
		m.IssuerName = writtenAs(name, lines[min(len(lines), 3):])
		if ok {
			m.IssuerName += " (" + parent
		}
		m.headerIssuer = m.IssuerName
		m.officialIssuer()
	}
	m.Classification, m.Urgency = marksIn(head)
	body := lines[:mainEnd(lines)] // the signature stands before the appendices
	m.signature(body)
	if m.IssueDate.IsZero() {
		m.datesFromEnd(body)
	}
	if m.IssueDate.IsZero() {
		m.dateSigned(signed, head)
	}
	if m.Number == "" {
		m.numberFromEnd(body)
	}
	if m.Type != "VBHN" { // a consolidated text has no effect of its own: its clauses are those of the acts it joins
		m.effect(text)
	}
	m.Articles = Articles(text)
	m.checks()
	m.finishSources(lines)
	for i := range m.Sources {
		if m.Sources[i].Rule == ruleSigned {
			m.Sources[i].Text = clip(signed.Line+" ("+strings.Join(signed.By, "; ")+")", sourceText)
		}
	}
	return m
}

// ruleSigned names the reading of a date from the file's signature.
const ruleSigned = "signature-time"

// partialDateRe finds a header's date of which the day may be illegible
// ("Lâm Đồng, ngày J2 tháng 11 năm 2025": a day written in by hand, read
// by OCR).
var partialDateRe = regexp.MustCompile(`ngày[^\n]{0,12}?tháng\s*(\S{1,3})\s*năm\s*(\d{4})`)

// vnTime is the time zone of the dates documents print.
var vnTime = time.FixedZone("ICT", 7*3600)

// dateSigned dates a text whose header prints its date illegibly by the
// electronic signature of its file: a body signs the file it issues on
// the day it issues it (the provinces' scans are signed so, with the
// number and day written in by hand). It is read only when the body that
// signed is the issuing body the header names, and what is legible of the
// header's date (its year, its month) agrees; a portal or the gazette
// signs what it publishes days later and is never read so.
func (m *Metadata) dateSigned(signed *gazette.Signature, head []string) {
	if signed == nil || signed.At.IsZero() || m.IssuerName == "" || !signedBy(signed.By, m.IssuerName) {
		return
	}
	at := signed.At.In(vnTime)
	for i, l := range head[:min(len(head), 15)] {
		pm := partialDateRe.FindStringSubmatch(l)
		if pm == nil {
			continue
		}
		if y, _ := strconv.Atoi(pm[2]); y != at.Year() {
			return
		}
		if mo, err := strconv.Atoi(pm[1]); err == nil && mo != int(at.Month()) {
			return
		}
		m.IssueDate = gazette.DateOf(at.Year(), at.Month(), at.Day())
		m.from("issue_date", i, ruleSigned, confSigned)
		return
	}
}

// signedBy says whether one of the names a signature block gives is the
// issuing body, or the body of the office that issues: "ỦY BAN NHÂN DÂN
// TỈNH LÂM ĐỒNG" for "Ủy ban nhân dân tỉnh Lâm Đồng" and for "Chủ tịch Ủy
// ban nhân dân tỉnh Lâm Đồng" (a chairman's decision goes out under his
// body's signature). A body's office is not its issuer: Văn phòng Chính
// phủ signs what the Prime Minister issues, and the Công báo it publishes
// weeks later too.
func signedBy(names []string, issuer string) bool {
	want := map[string]bool{}
	for _, w := range []string{issuer, officeRe.ReplaceAllString(issuer, "")} {
		want[toneKey(strings.Join(strings.Fields(w), " "))] = true
	}
	for _, n := range names {
		if want[strings.TrimSuffix(toneKey(bodyAbbrev.Replace(strings.Join(strings.Fields(n), " ")+" ")), " ")] {
			return true
		}
	}
	return false
}

// officeRe is the office that heads an issuing body, before its name.
var officeRe = regexp.MustCompile(`^(?i:chủ\s+tịch|thủ\s+tướng|bộ\s+trưởng|tổng\s+giám\s+đốc|giám\s+đốc|chánh\s+án|viện\s+trưởng|tổng\s+kiểm\s+toán|thống\s+đốc|trưởng)\s+`)

func (m *Metadata) header(head []string) {
	typeAt := -1
	typeLine := "" // the type printed in the header ("Luật" inside a consolidated text)
	for i, l := range head {
		if m.Number == "" {
			if nm := numberLineRe.FindStringSubmatch(l); nm != nil {
				raw := nm[1] + nm[2]
				joined := brokenNumber(raw, head[i+1:])
				conf := confHeaderLine
				if joined != raw {
					conf = confLaxNumber
				}
				m.setNumber(joined, i, "header", conf)
			}
		}
		if m.IssueDate.IsZero() && typeAt < 0 && strings.Contains(l, "ngày") { // the place and date stand above the type line
			if pd := placeDateRe.FindStringSubmatch(l); pd != nil && i < 15 {
				if d, ok := gazette.DateOfParts(pd[4], pd[3], pd[2]); ok {
					m.IssueDate, m.Place = d, cleanPlace(pd[1])
					m.from("issue_date", i, "header", confHeaderLine)
					m.from("place", i, "header", confHeaderLine)
				}
			}
		}
		if typeAt < 0 && i > 0 {
			for _, t := range docTypes {
				if strings.TrimSpace(l) == t.caps {
					typeAt, typeLine = i, t.name
					m.TypeName = t.name
					m.from("type_name", i, "header", confHeaderLine)
					m.headerType, m.headerTypeName = t.code, t.name
					if m.Type == "" {
						m.Type = t.code
					}
					break
				}
			}
		}
	}
	for i, l := range head {
		if mottoRe.MatchString(l) {
			before := strings.TrimSpace(mottoRe.Split(l, 2)[0])
			if before == "" {
				before = issuerAbove(head[:i])
			}
			vbhnLine, vbhnAt := before, i
			if i > 0 && vbhnRe.MatchString(head[i-1]) {
				vbhnLine, vbhnAt = head[i-1], i-1
			}
			if vbhnRe.MatchString(vbhnLine) {
				// "VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI"
				m.TypeName, m.Type = "Văn bản hợp nhất", "VBHN"
				m.from("type_name", vbhnAt, "header", confHeaderLine)
				if _, body, ok := strings.Cut(vbhnLine, " - "); ok {
					m.IssuerName = BodyName(body)
					m.from("issuer_name", vbhnAt, "header", confHeaderBody)
				}
			} else if col := leftColumn(head, i); issuerOf(col) != "" {
				name := issuerOf(col)
				m.IssuerName, m.headerIssuer = name, name
				conf := confHeaderBody
				if len(col) > 1 {
					conf = confParentBody
				}
				m.from("issuer_name", lineOf(head, col[len(col)-1], 0, i+7, i), "header", conf)
			}
			break
		}
	}
	if m.Place == "" {
		// a date the text does not give legibly (a scan read by OCR: "Hà
		// Nội, ngày #@3 tháng ý năm 2026") still gives its place
		for i, l := range head[:min(len(head), 15)] {
			if typeAt >= 0 && i >= typeAt {
				break
			}
			if pm := placeOnlyRe.FindStringSubmatch(l); pm != nil {
				if p := cleanPlace(pm[1]); p != "" && len(strings.Fields(p)) <= 4 {
					m.Place = p
					m.from("place", i, "place-without-date", confPlaceOnly)
					break
				}
			}
		}
	}
	if typeAt >= 0 {
		m.Title = titleFrom(head[typeAt+1:], typeLine)
		titleAt := min(typeAt+1, len(head)-1)
		for titleAt < len(head)-1 && strings.TrimSpace(head[titleAt]) == "" {
			titleAt++
		}
		m.from("title", titleAt, "header", confTitle)
		m.authority(head, typeAt)
		if consolidationRe.MatchString(strings.Join(beforePreamble(head[typeAt+1:]), " ")) && m.Type != "VBHN" {
			// "LUẬT / XỬ LÝ VI PHẠM HÀNH CHÍNH / Luật ... số 15/2012/QH13 ..., được sửa đổi, bổ sung bởi:"
			m.TypeName, m.Type = "Văn bản hợp nhất", "VBHN"
			m.from("type_name", typeAt, "consolidation", confHeaderBody)
		}
	}
	if typeAt < 0 && m.TypeName == "" && !slices.ContainsFunc(head, func(l string) bool { return isDocType(strings.TrimSpace(l)) }) {
		// no type line: a letter, which carries its subject under the
		// number ("V/v …") and its addressee ("Kính gửi: …") instead
		for i, l := range head[:min(len(head), 15)] {
			if letterRe.MatchString(strings.TrimSpace(l)) {
				m.TypeName = "Công văn"
				if m.Type == "" {
					m.Type = "CV"
				}
				m.from("type_name", i, "letter", confTitle)
				break
			}
		}
	}
	if m.Type == "VBHN" && m.IssuerName == "" {
		m.IssuerName = consolidatorOf(head)
		m.from("issuer_name", max(typeAt, 0), "consolidation", confFromNumber)
	}
}

// issuerAbove reads the issuing body printed above the national motto:
// over rule lines and a number line ("CHÍNH PHỦ / ------- / CỘNG HÒA ...",
// "BỘ NÔNG NGHIỆP VÀ / MÔI TRƯỜNG / Số: ... / CỘNG HÒA ..."). A name broken
// over two lines is joined; of a parent body over the issuing one ("BỘ TÀI
// CHÍNH / TỔNG CỤC THUẾ") the lower line is the issuer.
func issuerAbove(lines []string) string {
	var block []string // bottom-up
	for k := len(lines) - 1; k >= 0 && len(block) < 3; k-- {
		l := strings.TrimSpace(lines[k])
		switch {
		case l == "" || ruleOnlyRe.MatchString(l):
			if len(block) > 0 {
				k = -1 // a rule above the name closes it
			}
			continue
		case len(block) == 0 && numberLineRe.MatchString(l):
			continue
		case !isUpperLine(l):
			k = -1
			continue
		}
		block = append(block, l)
	}
	if len(block) == 0 {
		return ""
	}
	name := block[0]
	for _, upper := range block[1:] {
		if !continuesName(upper, name) {
			break
		}
		name = upper + " " + name
	}
	return name
}

var (
	ruleOnlyRe = regexp.MustCompile(`^[-_–—=*.·~\s]{3,}$`)
	nameEndRe  = regexp.MustCompile(`[\s,](?:VÀ|CỦA|NHÀ|NHÂN|THƯỜNG|VỤ)$|,$`)
	// bodyNameRe starts the name of a body: a line that starts so is a
	// body of its own, under its parent ("BỘ TÀI CHÍNH / TỔNG CỤC THUẾ").
	bodyNameRe = regexp.MustCompile(`^(?:BỘ|CHÍNH\s+PHỦ|THỦ\s+TƯỚNG|QUỐC\s+HỘI|(?:ỦY|UỶ)\s+BAN|UBND|TỔNG\s+CỤC|CỤC|SỞ|VỤ|VIỆN|HỌC\s+VIỆN|TOÀ|TÒA|HỘI\s+ĐỒNG|NGÂN\s+HÀNG|KIỂM\s+TOÁN|VĂN\s+PHÒNG|THANH\s+TRA|BAN|CHỦ\s+TỊCH|ĐOÀN|KHO\s+BẠC|BẢO\s+HIỂM|ĐẢNG|TRUNG\s+ƯƠNG|MẶT\s+TRẬN|CÔNG\s+AN|HỘI|CHI\s+CỤC|PHÒNG|TRUNG\s+TÂM|TRƯỜNG|ĐẠI\s+HỌC|BỆNH\s+VIỆN|BỘ\s+CHỈ\s+HUY|QUÂN\s+KHU)(?:\s|$)`)
)

// continuesName says whether upper and lower are one name broken over two
// lines ("ỦY BAN NHÂN DÂN / TỈNH SƠN LA", "BỘ VĂN HÓA, THỂ THAO / VÀ DU
// LỊCH") rather than a parent body over the issuing one.
func continuesName(upper, lower string) bool {
	return nameEndRe.MatchString(upper) || !bodyNameRe.MatchString(lower)
}

// beforePreamble returns the lines before the first "Căn cứ": where a
// consolidated text lists the acts it joins.
func beforePreamble(lines []string) []string {
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "Căn cứ") {
			return lines[:i]
		}
	}
	return lines
}

// letterRe finds the subject or the addressee of a letter in its header.
var letterRe = regexp.MustCompile(`(?:^|\s)(?:V/v|V/V|Về\s+việc:|Kính\s+gửi\s*:)`)

var consolidationRe = regexp.MustCompile(`được\s+sửa\s+đổi,\s*bổ\s+sung\s+bởi\s*:`)

// consolidatorOf names who consolidated a text: the Văn phòng Quốc hội for
// laws and codes (its authentication block says so at the end).
func consolidatorOf(head []string) string {
	for _, l := range head {
		if regexp.MustCompile(`^(?:Bộ\s+luật|Luật|Nghị\s+quyết|Pháp\s+lệnh)\s.*\bsố\s+\d+/\d{4}/(?:QH|UBTVQH)\d+`).MatchString(l) {
			return "Văn phòng Quốc hội"
		}
	}
	return ""
}

// setNumber parses s, read from line by rule with confidence conf (less
// when only the lenient parse reads it), and takes from it the type and
// issuer the text has not named.
func (m *Metadata) setNumber(s string, line int, rule string, conf float64) {
	n, err := number.ParseMode(s, number.Strict)
	if err != nil {
		n, err = number.Parse(s)
		conf = min(conf, confLaxNumber)
	}
	if err != nil {
		return
	}
	m.Number, m.NumberPrinted = n.String(), strings.TrimSpace(n.Raw)
	m.from("number", line, rule, conf)
	m.number = &n
	m.Issuer = n.Issuer()
	if m.Type == "" || m.Type == "QH_ACT" && n.Type != "QH_ACT" {
		m.Type = n.Type
	}
	if m.TypeName == "" {
		m.TypeName = n.TypeName()
		m.from("type_name", line, "number", confFromNumber)
	}
	if m.IssuerName == "" {
		m.IssuerName = n.IssuerName()
		m.from("issuer_name", line, "number", confFromNumber)
	}
}

// titleFrom reads the trích yếu after the type line: until the preamble,
// the first structural heading, or five lines.
func titleFrom(lines []string, typeName string) string {
	var parts []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" && len(parts) == 0 {
			continue // the title stands apart from the type line
		}
		if t == "" || len(parts) >= 5 || startsBody(t) || len(parts) > 0 && authorityLine(t) {
			break
		}
		if t = strings.TrimSpace(ruleRe.ReplaceAllString(t, " ")); t == "" {
			continue // a rule under the title ("__________")
		}
		if len(parts) > 0 && isUpperLine(strings.Join(parts, " ")) && sentenceRe.MatchString(t) {
			break // a title in capitals, then the preamble ("Để bảo vệ …")
		}
		parts = append(parts, t)
	}
	title := strings.TrimSpace(oldLawSuffixRe.ReplaceAllString(oldLawPrefixRe.ReplaceAllString(strings.Join(parts, " "), ""), ""))
	if typeName == "Hiến pháp" && title != "" {
		return "Hiến pháp " + strings.ToLower(title[:1]) + title[1:]
	}
	if title != "" && isUpperLine(title) && typeName != "" {
		// "BỘ LUẬT / HÌNH SỰ" -> "Bộ luật hình sự"
		title = typeName + " " + strings.ToLower(title)
	}
	return title
}

var (
	// sentenceRe is a line in sentence case: a capital, then words in
	// lower case ("Để bảo vệ, khai thác …").
	sentenceRe = regexp.MustCompile(`^\p{Lu}\p{Ll}*,?\s+\p{Ll}+\S*\s+\p{Ll}`)
	// oldLawPrefixRe and oldLawSuffixRe are the enactment formula that
	// laws of before 2002 print around their name ("CỦA QUỐC HỘI NƯỚC
	// CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM SỐ 24/2000/QH10 NGÀY … VỀ KINH
	// DOANH BẢO HIỂM", "THUẾ … SỐ 23-L/CTN NGÀY 10/07/1993 CỦA QUỐC HỘI").
	oldLawPrefixRe = regexp.MustCompile(`^(?:CỦA\s+QUỐC\s+HỘI(?:\s+NƯỚC\s+CỘNG\s+HO[AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)?\s+)?SỐ\s+\S+\s+(?:NGÀY\s+(?:\d+/\d+/\d+|\d+\s+THÁNG\s+\d+\s+NĂM\s+\d+)\s+)?(?:CỦA\s+QUỐC\s+HỘI\s+)?VỀ\s+|^CỦA\s+QUỐC\s+HỘI(?:\s+NƯỚC\s+CỘNG\s+HO[AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)?\s+SỐ\s+\S+\s+(?:NGÀY\s+(?:\d+/\d+/\d+|\d+\s+THÁNG\s+\d+\s+NĂM\s+\d+)\s+)?`)
	oldLawSuffixRe = regexp.MustCompile(`\s+SỐ\s+\S+\s+NGÀY\s+\S+\s+CỦA\s+QUỐC\s+HỘI$`)
	// authorityRe opens the line of the authority that issues the text,
	// printed in capitals between the title and the preamble
	// ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "BỘ TRƯỞNG BỘ CÔNG THƯƠNG").
	authorityRe = regexp.MustCompile(`^(?:(?:PHÓ\s+)?CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|(?:TỔNG\s+)?GIÁM\s+ĐỐC|(?:TỔNG\s+)?CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG|THỐNG\s+ĐỐC|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|TỔNG\s+KIỂM\s+TOÁN|TRƯỞNG\s+BAN|CHỦ\s+NHIỆM|TỔNG\s+THANH\s+TRA|(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|QUỐC\s+HỘI$|CHÍNH\s+PHỦ$|(?:ỦY|UỶ)\s+BAN\s+THƯỜNG\s+VỤ\s+QUỐC\s+HỘI$)(?:\s|$)`)
	// chairmanRe is the authority line of a decision of the chairman of
	// a people's committee, an issuing authority of its own (Luật Tổ chức
	// chính quyền địa phương): "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG".
	chairmanRe = regexp.MustCompile(`^CHỦ\s+TỊCH\s+((?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND)\b\s*(.*)$`)
)

// authorityLine says whether l is the authority line under a title.
func authorityLine(l string) bool { return isUpperLine(l) && authorityRe.MatchString(l) }

// authority reads the authority line between the title (after the type
// line at typeAt) and the preamble: the chairman of a people's committee
// issues in his own name, the committee's locality taken from the header
// when the line, broken, does not carry it.
func (m *Metadata) authority(head []string, typeAt int) {
	for i := typeAt + 1; i < len(head) && i <= typeAt+10; i++ {
		l := strings.Join(strings.Fields(head[i]), " ")
		if startsBody(l) {
			return
		}
		cm := chairmanRe.FindStringSubmatch(l)
		if cm == nil || !isUpperLine(l) {
			continue
		}
		body := "ỦY BAN NHÂN DÂN " + cm[2]
		if localityRe.FindString(body) == "" && i+1 < len(head) {
			if next := strings.TrimSpace(head[i+1]); isUpperLine(next) && !startsBody(next) {
				body += " " + next // "CHỦ TỊCH ỦY BAN NHÂN DÂN / TỈNH LÂM ĐỒNG"
			}
		}
		name := BodyName(strings.TrimSpace(body))
		if localityRe.FindString(strings.ToUpper(name)) == "" && strings.HasPrefix(m.IssuerName, "Ủy ban nhân dân ") {
			name = m.IssuerName // the header's committee, with its locality
		}
		m.IssuerName = "Chủ tịch " + name
		m.from("issuer_name", i, "authority", confHeaderBody)
		return
	}
}

var bodyStartRe = regexp.MustCompile(`^(?:(?i:căn\s+cứ)|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Chương\s+[IVXLCDM]+|Điều\s+\d|Phần\s+thứ|PHẦN\s+THỨ|LỜI\s+NÓI\s+ĐẦU|QUYẾT\s+ĐỊNH:|QUYẾT\s+NGHỊ:|NAY\s+CÔNG\s+BỐ|Luật\s.*\bsố\s+\d|Nghị\s+định\s.*\bsố\s+\d|Bộ\s+luật\s.*\bsố\s+\d)`)

func startsBody(s string) bool { return bodyStartRe.MatchString(s) }

// cleanPlace keeps the place of "Số: 50 /2026/NĐ-CP Hà Nội" and drops the
// number and the column text before it.
func cleanPlace(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/"); i >= 0 {
		rest := s[i+1:]
		if j := strings.IndexByte(rest, ' '); j >= 0 {
			s = rest[j+1:]
		}
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		words = words[len(words)-5:]
	}
	// the place starts at its first capitalised word that is not the rest
	// of a number's codes ("Số /TTr- CAT-PC04 Lâm Đồng, ngày …")
	for len(words) > 0 && (!isCapitalized(words[0]) || strings.ContainsAny(words[0], "0123456789-/")) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

func isCapitalized(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// signature reads the position and the signer from the end of the
// document: after the "./." end mark, the capitalised position lines (in a
// flattened two-column layout they close the "Nơi nhận" lines), then the
// name.
func (m *Metadata) signature(lines []string) {
	start := max(0, len(lines)-60)
	for i := len(lines) - 1; i >= start; i-- {
		if endMarkRe.MatchString(lines[i]) || articleRe.MatchString(strings.TrimSpace(lines[i])) {
			// the signature follows the end mark "./.", or at least the last article heading
			start = i + 1
			break
		}
	}
	var pos []string
	posAt := -1
	for k, l := range lines[start:] {
		l = strings.TrimSpace(l)
		if l == "" || footnoteRe.MatchString(l) {
			continue
		}
		if nm := nameRe.FindStringSubmatch(l); nm != nil && len(pos) > 0 && !isUpperLine(nm[1]) {
			m.Signer = nm[1]
			m.from("signer", start+k, "signature", confSignature)
			break
		}
		if p := positionRe.FindStringSubmatch(l); p != nil && isPosition(p[1]) && !strings.ContainsAny(l, "0123456789") {
			pos = append(pos, strings.TrimSpace(p[1]))
			if posAt < 0 {
				posAt = start + k
			}
		}
	}
	if m.Signer == "" {
		return
	}
	m.from("signer_title", posAt, "signature", confSignerTitle)
	var titles []string
	for _, p := range pos {
		if strings.ContainsAny(p, "0123456789/") || quocHieuRe.MatchString(p) || vbhnRe.MatchString(p) && strings.Contains(p, "XÁC THỰC") {
			continue
		}
		titles = append(titles, SentenceCase(p))
	}
	m.SignerTitle = strings.Join(titles, ", ")
}

var footnoteRe = regexp.MustCompile(`^\d{1,3}\s+\p{Lu}`)

// isPosition accepts a capitalised run that names an authority or office
// (at least two letters per word, not a list abbreviation like "VT, NN").
func isPosition(s string) bool {
	s = strings.TrimSpace(s)
	if len([]rune(s)) < 5 {
		return false
	}
	if strings.Contains(s, ",") {
		// "KT. BỘ TRƯỞNG, CHỦ NHIỆM" is one; "VT, NN" (the copies kept) is not
		for _, part := range strings.Split(s, ",") {
			if len(strings.Fields(part)) < 2 {
				return false
			}
		}
	}
	letters := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 4
}

// datesFromEnd finds the date of laws and consolidated texts, which is not
// in the header: "... thông qua ngày 27 tháng 11 năm 2015" or the
// authentication line "Hà Nội, ngày 15 tháng 7 năm 2020".
func (m *Metadata) datesFromEnd(lines []string) {
	tail := strings.Join(lines[max(0, len(lines)-60):], " ")
	if pm := passedRe.FindAllStringSubmatch(tail, -1); pm != nil {
		last := pm[len(pm)-1]
		if d, ok := gazette.DateOfParts(last[3], last[2], last[1]); ok {
			m.IssueDate = d
			m.from("issue_date", lastLineWith(lines, "thông qua", len(lines)-60), "passed", confEndDate)
			return
		}
	}
	for i := len(lines) - 1; i >= max(0, len(lines)-60); i-- {
		if len(lines[i]) > 300 || !strings.Contains(lines[i], "ngày") {
			continue // a place and date line is short
		}
		if pd := placeDateRe.FindStringSubmatch(lines[i]); pd != nil {
			if d, ok := gazette.DateOfParts(pd[4], pd[3], pd[2]); ok && !strings.Contains(lines[i], "số") {
				m.IssueDate, m.Place = d, cleanPlace(pd[1])
				m.from("issue_date", i, "end", confEndLine)
				m.from("place", i, "end", confEndLine)
				return
			}
		}
	}
}

// numberFromEnd finds the number a consolidated text prints in its
// authentication block at the end ("Số: 23/VBHN-VPQH").
func (m *Metadata) numberFromEnd(lines []string) {
	for i := len(lines) - 1; i >= max(0, len(lines)-60); i-- {
		if nm := numberLineRe.FindStringSubmatch(lines[i]); nm != nil {
			conf := confEndNumber
			if m.Type == "VBHN" {
				conf = confEndDate // the authentication block of a consolidated text
			}
			m.setNumber(nm[1]+nm[2], i, "end", conf)
			if m.Number != "" {
				return
			}
		}
	}
}

func (m *Metadata) precedent(pm []string, lines []string) {
	m.Number, m.NumberPrinted = pm[1], pm[1]
	m.Type, m.TypeName = "AL", "Án lệ"
	m.from("number", 0, "precedent", confHeaderLine)
	m.from("type_name", 0, "precedent", confHeaderLine)
	m.from("title", 0, "precedent", confTitle)
	head := strings.Join(lines[:min(len(lines), 12)], " ")
	title := []string{pm[2]}
	for _, l := range lines[1:min(len(lines), 6)] {
		if strings.HasPrefix(l, "Được ") {
			break
		}
		title = append(title, strings.TrimSpace(l))
	}
	m.Title = strings.TrimSpace("Án lệ số " + pm[1] + " " + strings.Join(title, " "))
	if strings.Contains(head, "Hội đồng Thẩm phán Tòa án nhân dân tối cao") {
		m.IssuerName = "Hội đồng Thẩm phán Tòa án nhân dân tối cao"
		m.from("issuer_name", lineOf(lines, "Hội đồng Thẩm phán", 0, 12, 0), "precedent", confHeaderBody)
	}
	if d := passedRe.FindStringSubmatch(head); d != nil {
		m.IssueDate, _ = gazette.DateOfParts(d[3], d[2], d[1])
		m.from("issue_date", lineOf(lines, "thông qua", 0, 12, 0), "precedent", confEndDate)
	}
}

// officialIssuer writes the issuing body as the register names it when
// the header prints it with a few letters wrong (OCR: "BỘ QUỐÓC PHÒNG" for
// Bộ Quốc phòng, 58/2021/TT-BQP): the official name of the number's one
// issuer code, or else the one official name nearest to it, at most one
// edit in ten away, marks and case aside.
func (m *Metadata) officialIssuer() {
	near := func(official string) bool {
		a, b := foldName(m.IssuerName), foldName(official)
		return official != "" && levenshtein.ComputeDistance(a, b)*10 <= len(b)
	}
	if n := m.number; n != nil && len(n.Issuers) == 1 {
		if official := number.IssuerName(n.Issuers[0]); official == m.IssuerName || near(official) {
			m.IssuerName, m.headerIssuer = official, official
			return
		}
	}
	loadProperNames()
	if _, ok := properNames.byKey[toneKey(m.IssuerName)]; ok || strings.Contains(m.IssuerName, "(") {
		return
	}
	best, bestD, ties := "", 0, 0
	a := foldName(m.IssuerName)
	for _, official := range properNames.names {
		b := foldName(official)
		d := levenshtein.ComputeDistance(a, b)
		if d*10 > len(b) {
			continue
		}
		switch {
		case best == "" || d < bestD:
			best, bestD, ties = official, d, 0
		case d == bestD && official != best:
			ties++
		}
	}
	if best != "" && ties == 0 {
		m.IssuerName, m.headerIssuer = best, best
	}
}

// lastLineWith is the index of the last line from from on that holds s;
// the last line when none does (a phrase broken over two lines).
func lastLineWith(lines []string, s string, from int) int {
	for i := len(lines) - 1; i >= max(0, from); i-- {
		if strings.Contains(lines[i], s) {
			return i
		}
	}
	return len(lines) - 1
}

// appendixRe starts an appendix, a form or a list attached to a text.
var appendixRe = regexp.MustCompile(`^(?:Phụ\s+lục|PHỤ\s+LỤC|Mẫu\s+số|MẪU\s+SỐ|Biểu\s+mẫu|BIỂU\s+MẪU|DANH\s+MỤC)(?:\s|$)`)

// mainEnd is where the text proper ends: at the first appendix after its
// end mark "./." (the signature, and the authentication block of a
// consolidated text, stand before the appendices); len(lines) when none.
func mainEnd(lines []string) int {
	marked := false
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if endMarkRe.MatchString(l) {
			marked = true
			continue
		}
		if marked && appendixRe.MatchString(l) {
			return i
		}
	}
	return len(lines)
}

// issuerCodesRe is the rest of a joint number the narrow left column
// carries to the next line ("Số: 12/2024/TTLT-BTC-BLĐTBXH-" / "BYT-BNV-BQP").
var issuerCodesRe = regexp.MustCompile(`^[\p{Lu}\d]+(?:-[\p{Lu}\d]+)*$`)

// brokenNumber joins a number broken after a hyphen with the codes that
// open the next line.
func brokenNumber(raw string, next []string) string {
	first, rest, _ := strings.Cut(strings.TrimSpace(raw), " ")
	if !strings.HasSuffix(first, "-") || len(next) == 0 {
		return raw
	}
	f := strings.Fields(next[0])
	if len(f) == 0 || !issuerCodesRe.MatchString(f[0]) {
		return raw
	}
	return first + f[0] + " " + rest
}
