package read

import (
	"fmt"
	"slices"
	"strings"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// checks compares the parts of the metadata that must agree.
func (m *Metadata) checks() {
	if n := m.number; n != nil {
		for _, w := range n.Warnings {
			if w.Code == "W01" {
				// an unknown issuer code: a misprint, or a body our table lacks (a look-alike letter is repaired for sure, no doubt)
				m.Checks = append(m.Checks, newCheck("number", "number", fmt.Sprintf("number %s: %s", m.NumberPrinted, w.Message),
					fmt.Sprintf("số hiệu %s: %s", m.NumberPrinted, w.Message)))
			}
		}
		if n.Family != number.FamilyHistoric { // "21-LCT/HĐNN8" over a law of 1989 is the order that promulgated it
			m.checkType(n)
			m.checkIssuer(n)
		}
		if n.Year > 0 && !m.IssueDate.IsZero() && n.Year != m.IssueDate.Year() {
			m.Checks = append(m.Checks, newCheck("year", "number",
				fmt.Sprintf("the number %s carries the year %d, the issue date is %s", m.Number, n.Year, m.IssueDate),
				fmt.Sprintf("số hiệu %s mang năm %d, ngày ban hành là %s", m.Number, n.Year, m.IssueDate.Format("02/01/2006"))))
		}
	}
	if !m.EffectiveDate.IsZero() && !m.IssueDate.IsZero() && m.EffectiveDate.Before(m.IssueDate.Time) {
		en := fmt.Sprintf("the effective date %s is before the issue date %s: retroactive effect, or a misprinted year", m.EffectiveDate, m.IssueDate)
		vi := fmt.Sprintf("ngày hiệu lực %s trước ngày ban hành %s: hiệu lực trở về trước, hoặc năm in nhầm",
			m.EffectiveDate.Format("02/01/2006"), m.IssueDate.Format("02/01/2006"))
		// the year of the signing printed for a date early in the next year
		if next := m.EffectiveDate.AddDate(1, 0, 0); !next.Before(m.IssueDate.Time) && next.Before(m.IssueDate.AddDate(0, 6, 0)) {
			en += fmt.Sprintf(" (a year later, %s, would follow it)", next.Format("2006-01-02"))
			vi += fmt.Sprintf(" (một năm sau, %s, mới sau ngày ban hành)", next.Format("02/01/2006"))
		}
		m.Checks = append(m.Checks, newCheck("effective_before_issue", "effective_date", en, vi))
	}
}

// headerTypes are the type codes a header's type line may carry over a
// number of each kind; a law or resolution of the Quốc hội or its Standing
// Committee is numbered without a type code.
var headerTypes = map[string][]string{
	"QH_ACT":     {"QH_ACT", "NQ", ""},
	"UBTVQH_ACT": {"PL", "NQ", ""},
}

// checkType compares the type line of the header ("THÔNG TƯ") with the
// type code of the number ("QĐ" in 97/2025/QĐ-UBND).
func (m *Metadata) checkType(n *number.Number) {
	line := m.headerType
	if line == "" || n.Type == "" || n.Type == "VBHN" || !n.Normative {
		return // no type line, or a consolidated text (its type line is that of the act it joins)
	}
	if line == n.Type {
		return
	}
	if slices.Contains(headerTypes[n.Type], line) {
		return
	}
	if _, known := number.TypeCode(line); !known || line == "QC" || line == "QyĐ" {
		return // a regulation printed under its decision: no type code of its own
	}
	m.Checks = append(m.Checks, newCheck("type", "type",
		fmt.Sprintf("the header says %s, the number %s is that of a %s", m.headerTypeName, m.Number, n.TypeName()),
		fmt.Sprintf("tiêu đề ghi %s, số hiệu %s là của %s", m.headerTypeName, m.Number, n.TypeName())))
}

// checkIssuer compares the issuing body of the header with the issuer code
// of the number, when the number names one body we know.
func (m *Metadata) checkIssuer(n *number.Number) {
	if m.headerIssuer == "" || len(n.Issuers) != 1 || n.Type == "VBHN" {
		return // a joint document's header names several bodies
	}
	name := number.IssuerName(n.Issuers[0])
	if name == "" {
		return // an unknown code is reported by the number's own check
	}
	letters, _ := number.SplitKhoa(n.Issuers[0])
	base := number.IssuerName(letters)
	if base == "" {
		base = name
	}
	head, code := foldName(m.headerIssuer), foldName(base)
	if strings.Contains(head, code) || strings.Contains(code, head) {
		return
	}
	m.Checks = append(m.Checks, newCheck("issuer", "issuer",
		fmt.Sprintf("the header names %s, the number %s the code %s (%s)", m.headerIssuer, m.Number, n.Issuers[0], name),
		fmt.Sprintf("tiêu đề ghi cơ quan %s, số hiệu %s mang mã %s (%s)", m.headerIssuer, m.Number, n.Issuers[0], name)))
}

// foldName reduces a body's name for comparison: no diacritics, no case,
// single spaces.
func foldName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(vntext.FoldASCII(s))), " ")
}

// newCheck is a doubt on a field, in English and Vietnamese.
func newCheck(code, field, en, vi string) gazette.Check {
	return gazette.Check{Code: code, Field: field, Message: en, MessageVI: vi}
}
