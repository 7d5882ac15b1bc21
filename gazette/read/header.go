package read

import (
	"regexp"
	"strings"
	"unicode"
)

// The header of a Vietnamese document is a two-column table (Nghị định
// 30/2020/NĐ-CP, Phụ lục I): on the left the issuing body, under its parent
// body when it has one, then the number; on the right the national motto,
// then the place and date. A text layer flattens it line by line, so that
// each line holds a piece of the left column and a piece of the right:
//
//	UBND TỈNH BÌNH THUẬN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
//	SỞ NỘI VỤ              Độc lập - Tự do - Hạnh phúc
//	Số: 3367/TTr-SNV       Bình Thuận, ngày 28 tháng 11 năm 2024
//
// leftColumn takes the left pieces back out; issuerOf reads the bodies.

// leftColumn returns the lines of the left column of the header whose
// national motto is on line motto: the capitalised lines above it (when the
// motto line holds nothing before it), the text before the motto and
// before the "Độc lập - Tự do - Hạnh phúc" line, and the capitalised lines
// under them down to the number.
func leftColumn(head []string, motto int) []string {
	var col []string
	before := strings.TrimSpace(mottoRe.Split(head[motto], 2)[0])
	if before == "" {
		if above := issuerAbove(head[:motto]); above != "" {
			col = append(col, above)
		}
	} else {
		col = append(col, before)
	}
	for i := motto + 1; i < len(head) && i <= motto+6; i++ {
		l := strings.TrimSpace(head[i])
		if loc := sloganRe.FindStringIndex(l); loc != nil {
			l = strings.TrimSpace(l[:loc[0]]) // past the motto's lines, the left column goes on alone
		}
		switch {
		case l == "" || ruleOnlyRe.MatchString(l):
			continue
		case numberLineRe.MatchString(l) || strings.Contains(l, "ngày") || isDocType(l):
			return col
		case ocrNoiseRe.MatchString(l):
			continue // OCR reads specks and stamps as marks: “ỐC
		case !isUpperLine(l):
			return col
		}
		col = append(col, strings.TrimSpace(ruleRe.ReplaceAllString(l, " ")))
	}
	return col
}

// A scan read by OCR loses the ends of the right column's lines to the
// margin or to a stamp ("CỘNG HÒA XÃ HỘI CHỦ N", "Độc lập - Tự do -
// HạnÌp phủ"); the header is still found by what is left of them. mottoRe
// finds the national motto, whole or cut off at the line's end; sloganRe
// the start of "Độc lập - Tự do - Hạnh phúc". (Splitting a gazette issue
// into documents keeps the whole motto: quocHieuRe.)
var (
	mottoRe  = regexp.MustCompile(quocHieuRe.String() + `|C[ỘÔO]NG\s+H(?:ÒA|OÀ|OA|ÓA|ÔA)\s+X[ÃA]\s+H[ỘÔO]I\s+CH[ỦU](?:\s+\S{0,6})?\s*$`)
	sloganRe = regexp.MustCompile(`Độc\s+lập\s*[-–—]+\s*Tự\s+do(?:\s*[-–—]+.*)?$`)
)

// isDocType says whether l is a type line ("QUYẾT ĐỊNH"), which ends the header.
func isDocType(l string) bool {
	for _, t := range docTypes {
		if l == t.caps {
			return true
		}
	}
	return false
}

// ocrNoiseRe finds marks no header line prints, which OCR reads in specks.
var ocrNoiseRe = regexp.MustCompile("[“”\"'|`~^#@{}<>‹›]")

var (
	// localityRe finds the locality a body's name ends with: "TỈNH LÂM ĐỒNG".
	localityRe = regexp.MustCompile(`\s((?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG)\s+.+)$`)
	// danglingLocalityRe is a name broken before its locality: "… HÀNH CHÍNH TỈNH".
	danglingLocalityRe = regexp.MustCompile(`\s(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN)$`)
	// abbreviations of bodies a header prints short.
	bodyAbbrev = strings.NewReplacer("UBND ", "ỦY BAN NHÂN DÂN ", "HĐND ", "HỘI ĐỒNG NHÂN DÂN ")
)

// issuerOf reads the issuing body from the left column: the lines are
// joined where a name is broken over two of them; of a parent body over
// the issuing one ("UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ") the lower one issues,
// and takes the parent's locality when it names none ("Sở Nội vụ tỉnh Bình
// Thuận").
func issuerOf(col []string) string {
	var bodies []string
	for _, l := range col {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			continue
		}
		if n := len(bodies); n > 0 && continuesName(bodies[n-1], l) {
			bodies[n-1] += " " + l
			continue
		}
		bodies = append(bodies, l)
	}
	if len(bodies) == 0 {
		return ""
	}
	issuer := bodyAbbrev.Replace(bodies[len(bodies)-1] + " ")
	issuer = strings.TrimSpace(issuer)
	if len(bodies) > 1 && localityRe.FindString(issuer) == "" {
		parent := bodyAbbrev.Replace(bodies[len(bodies)-2] + " ")
		if loc := localityRe.FindStringSubmatch(strings.TrimSpace(parent)); loc != nil {
			if danglingLocalityRe.MatchString(issuer) {
				// "… HÀNH CHÍNH TỈNH" + "TỈNH LÂM ĐỒNG": the locality's name only
				_, name, _ := strings.Cut(loc[1], " ")
				if strings.HasPrefix(loc[1], "THÀNH PHỐ") {
					_, name, _ = strings.Cut(name, " ")
				}
				issuer += " " + name
			} else {
				issuer += " " + loc[1]
			}
		} else if localityRe.FindString(parent) == "" {
			// a unit of a ministry: "Cục Cảnh sát … (Bộ Công an)"
			return BodyName(issuer) + " (" + BodyName(strings.TrimSpace(parent)) + ")"
		}
	}
	return BodyName(issuer)
}

// writtenAs finds name in the body of the text (case aside) and returns it
// as the text writes it, capitalised: the header prints the body in
// capitals, the text names it properly ("HỘI ĐỒNG THẨM ĐỊNH, ĐÁNH GIÁ CHỈ SỐ
// CẢI CÁCH HÀNH CHÍNH TỈNH" and "… của Hội đồng thẩm định, đánh giá Chỉ số
// cải cách hành chính tỉnh Lâm Đồng"). It returns name when the text does
// not write it.
func writtenAs(name string, lines []string) string {
	loadProperNames()
	if _, official := properNames.byKey[toneKey(name)]; official {
		return name // a body's official name stands, however a text writes it
	}
	want := []rune(strings.ToLower(name))
	if len(want) < 6 {
		return name
	}
	// a name may break over lines: search the text joined
	for _, l := range []string{strings.Join(strings.Fields(strings.Join(lines[:min(len(lines), 200)], " ")), " ")} {
		rs := []rune(l)
		low := []rune(strings.ToLower(l))
		if len(low) != len(rs) {
			continue
		}
		for i := 0; i+len(want) <= len(low); i++ {
			if low[i] != want[0] || string(low[i:i+len(want)]) != string(want) {
				continue
			}
			if !unicode.IsUpper(rs[i]) || i > 0 && unicode.IsLetter(rs[i-1]) || i+len(want) < len(rs) && unicode.IsLetter(rs[i+len(want)]) {
				continue
			}
			found := string(rs[i : i+len(want)])
			if isUpperLine(found) {
				continue // another header, in capitals
			}
			return found
		}
	}
	return name
}
