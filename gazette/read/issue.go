package read

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congbao/gazette"
	"congbao/gazette/vntext"
)

var (
	// CÔNG BÁO/Số 1263 + 1264/Ngày 31-12-2015, with the gazette page number before (even pages) or after (odd pages).
	runningHeaderRe = regexp.MustCompile(`^(?:(\d{1,4})\s+)?CÔNG\s*BÁO\s*/\s*Số:?\s*(\d+(?:\s*\+\s*\d+)*)\s*/\s*Ngày\s+(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{4})(?:\s+(\d{1,4}))?$`)
	signatureLineRe = regexp.MustCompile(`^(?:Ký bởi|Người ký|Email|Cơ quan|Thời gian ký|Ngày ký)\s*:`)
	signedAtISORe   = regexp.MustCompile(`^(?:Thời gian ký|Ngày ký)\s*:\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2})?`)
	signedAtRe      = regexp.MustCompile(`^(?:Thời gian ký|Ngày ký)\s*:\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2})?`)
	bareNumberRe    = regexp.MustCompile(`^\d{1,4}$`)
)

// CleanPages strips from each page the gazette's running header (keeping
// the issue number, its date and the page number), the electronic-signature
// block (keeping its time) and bare page numbers. Text typed in a legacy
// font encoding (a ".VnTime" font without a Unicode map) is converted first,
// the encoding judged on the whole file.
func CleanPages(pages []string) gazette.Issue {
	var is gazette.Issue
	if enc := vntext.DetectLegacy(strings.Join(pages, "\n")); enc != vntext.Unicode {
		is.Encoding = enc
		pages = append([]string(nil), pages...)
		for i, text := range pages {
			pages[i] = vntext.DecodeLines(text, enc)
		}
	}
	for i, text := range pages {
		p := gazette.IssuePage{PDFPage: i + 1}
		lines := strings.Split(strings.ReplaceAll(vntext.NFC(text), "\r", ""), "\n")
		var block []string // the signature block's lines, each with its wrapped lines; a blank line ends it
		for j, l := range lines {
			l = strings.TrimSpace(l)
			switch {
			case l == "":
				block = noteSignature(&is, block)
				continue
			case j < 12 && signatureLineRe.MatchString(l):
				block = append(block, l)
				continue
			case len(block) > 0 && stampWrapped(block[len(block)-1], l):
				// the block is narrow: its values wrap ("Ký bởi: ỦY BAN NHÂN /
				// DÂN TỈNH LÂM ĐỒNG", "Thời gian ký: 13/11/2025 / 15:53:50")
				block[len(block)-1] += " " + l
				continue
			}
			block = noteSignature(&is, block)
			if m := runningHeaderRe.FindStringSubmatch(l); m != nil {
				if is.Numbers == "" {
					is.Numbers = normalizeIssueNumbers(m[2])
					is.Date, _ = gazette.DateOfParts(m[5], m[4], m[3])
				}
				for _, n := range []string{m[1], m[6]} {
					if n != "" {
						p.GazettePage, _ = strconv.Atoi(n)
					}
				}
				continue
			}
			p.Lines = append(p.Lines, l)
		}
		noteSignature(&is, block)
		p.Lines = dropPageNumbers(p.Lines, &p, is.Numbers != "")
		is.Pages = append(is.Pages, p)
	}
	return is
}

// dropPageNumbers removes a bare number standing first or last on the page
// (the gazette of 2026 prints the page number on a line of its own; single
// documents print it at the top or the bottom). A document numbers its
// pages from the second (Nghị định 30/2020/NĐ-CP): a number atop the first
// page of a file outside the gazette is a note or a stamp read by OCR
// (the "TTĐT(2)" written on 199/2026/NĐ-CP read as 7727), dropped but not
// taken for a page number.
func dropPageNumbers(lines []string, p *gazette.IssuePage, inGazette bool) []string {
	for _, at := range []int{0, len(lines) - 1} {
		if at < 0 || at >= len(lines) || !bareNumberRe.MatchString(lines[at]) {
			continue
		}
		if p.GazettePage == 0 && at == 0 && (inGazette || p.PDFPage > 1) {
			p.GazettePage, _ = strconv.Atoi(lines[at])
		}
		lines = append(lines[:at:at], lines[at+1:]...)
		if at == 0 && len(lines) > 0 && bareNumberRe.MatchString(lines[len(lines)-1]) {
			lines = lines[:len(lines)-1]
		}
		break
	}
	return lines
}

// signerRe reads who a signature block names.
var signerRe = regexp.MustCompile(`^(?:Ký bởi|Người ký|Cơ quan)\s*:\s*(.+)$`)

// noteSignature keeps the first signature block of the file that gives
// its time, and returns an empty block.
func noteSignature(is *gazette.Issue, block []string) []string {
	if len(block) == 0 || is.Signed != nil {
		return nil
	}
	var sig gazette.Signature
	for _, l := range block {
		if m := signerRe.FindStringSubmatch(l); m != nil {
			if n := strings.Join(strings.Fields(m[1]), " "); !slices.Contains(sig.By, n) {
				sig.By = append(sig.By, n)
			}
		} else if t, ok := signedAt(l); ok {
			sig.At, sig.Line = t, l
		}
	}
	if !sig.At.IsZero() {
		is.Signed = &sig
	}
	return nil
}

// stampWrapped says whether l continues a line of the electronic
// signature's block: a short line in capitals (the rest of a body's name),
// a time or a time zone; never the national motto, the gazette's running
// header or the start of a body's name, which may follow the block without
// a blank line.
func stampWrapped(stamp, l string) bool {
	// a value wraps a few times at most: a page of short lines in capitals
	// after "Ký bởi:" is not swallowed, nor joined into one ever longer line
	if len(stamp) > maxStampLine || utf8.RuneCountInString(l) > 40 || mottoRe.MatchString(l) || runningHeaderRe.MatchString(l) {
		return false
	}
	if _, timed := signedAt(stamp); timed {
		return stampZoneRe.MatchString(l) // a time read whole: only its zone may follow
	}
	// a name goes on in capitals; a line that starts a body's name is the
	// header's issuer right under the block ("Cơ quan: VĂN PHÒNG CHÍNH PHỦ"
	// then "CHÍNH PHỦ"), not a wrap of it
	return stampTimeRe.MatchString(l) || isUpperLine(l) && !bodyNameRe.MatchString(l)
}

// maxStampLine bounds a signature block's line with its wraps, in bytes
// (the longest seen, "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", is 56).
const maxStampLine = 120

var (
	stampTimeRe = regexp.MustCompile(`^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[+-]\d{2}:?\d{2})?$|^[+-]\d{2}:?\d{2}$`)
	stampZoneRe = regexp.MustCompile(`^[+-]\d{2}:?\d{2}$`)
)

func normalizeIssueNumbers(s string) string {
	parts := strings.Split(s, "+")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, " + ")
}

func signedAt(l string) (time.Time, bool) {
	m := signedAtRe.FindStringSubmatch(l)
	if m == nil {
		// "Ngày ký: 2026-05-08 16:42:19 +07:00": year first
		if m = signedAtISORe.FindStringSubmatch(l); m == nil {
			return time.Time{}, false
		}
		m[1], m[3] = m[3], m[1]
	}
	zone := "+07:00"
	if m[7] != "" {
		zone = m[7]
		if !strings.Contains(zone, ":") {
			zone = zone[:3] + ":" + zone[3:]
		}
	}
	sec := m[6]
	if sec == "" {
		sec = "00"
	}
	s := m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1]) + "T" + pad2(m[4]) + ":" + m[5] + ":" + sec + zone
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
