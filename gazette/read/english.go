package read

import (
	"regexp"
	"strings"
	"unicode"

	"congbao/gazette"
)

var (
	// englishTypeRe is the type line of a vbpl.vn English translation, with
	// or without the rest of its name ("LAW ON INVESTMENT", "LABOR CODE",
	// "CIRCULAR").
	englishTypeRe = regexp.MustCompile(`(?i)^(?:joint\s+)?(?:law|circular|decree|decision|resolution|ordinance|directive|order|constitution)\b|(?i)\bcode$`)
	promulgatesRe = regexp.MustCompile(`(?i)promulgates\s+(?:the\s+)?(.+?)\.?$`)
	ruleLineRe    = regexp.MustCompile(`^[_—–\-=*. ]{3,}$`)
	// "Decree No. 68/2011/ND-CP of August 8, 2011, amending …": the number and date go
	numberedRe = regexp.MustCompile(`(?i)^(?:\w+\s+)?No\.\s*\S+\s+of\s+\w+\s+\d{1,2},\s*\d{4},?\s*`)
	// the issuing body's line after the title: "THE GOVERNMENT", "THE PRIME MINISTER"
	issuerLineRe = regexp.MustCompile(`^THE\s+[A-Z ,]+$`)
	headRe       = regexp.MustCompile(`(?i)^(?:chapter|article|part)\s+[0-9ivxlc]+\b`)
)

// EnglishClaims reads what an English translation says of itself: its
// title. A law names itself in its enacting line ("The National Assembly
// promulgates the Law on Investment."); other texts have a type line
// ("CIRCULAR") and the lines after it up to the preamble; a text with no
// type line starts with its subject, and typeWord (the record's title,
// "Circular") goes before it.
func EnglishClaims(text, typeWord string) gazette.Claims {
	c := gazette.Claims{Language: "en"}
	lines := strings.Split(text, "\n")
	head := lines[:min(len(lines), 40)]
	for _, l := range head {
		if m := promulgatesRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil && len(m[1]) < 200 {
			c.Title = m[1]
			return c
		}
	}
	start, lead := 0, typeWord
	for i, l := range head {
		if t := strings.TrimSpace(l); englishTypeRe.MatchString(t) && len(t) < 200 {
			start, lead = i, ""
			break
		}
	}
	var title []string
	for i, l := range head[start:] {
		t := strings.TrimSpace(l)
		low := strings.ToLower(t)
		if i > 0 && (t == "" || ruleLineRe.MatchString(t) || strings.HasPrefix(low, "pursuant") || strings.HasPrefix(low, "based on") ||
			strings.HasPrefix(low, "in order to") || strings.HasPrefix(low, "at the proposal") || headRe.MatchString(t) || strings.HasPrefix(low, "no.") || issuerLineRe.MatchString(t) || len(title) >= 6) {
			break
		}
		if t != "" && !ruleLineRe.MatchString(t) {
			title = append(title, t)
		}
	}
	if len(title) == 0 {
		return c
	}
	if len(title) > 1 && strings.ToUpper(title[0]) == title[0] && strings.ToUpper(title[1]) != title[1] {
		// "CIRCULAR" then "Prescribing …": the type in the case of the rest
		lead, title = strings.ToLower(title[0]), title[1:]
		lead = strings.ToUpper(lead[:1]) + lead[1:]
	}
	body := strings.Join(title, " ")
	if m := numberedRe.FindStringIndex(body); m != nil && m[1] < len(body) {
		body = body[m[1]:]
	}
	if strings.ToUpper(body) == body { // "LAW ON HANDLING ADMINISTRATIVE VIOLATIONS"
		body = strings.ToLower(body)
	}
	if lead != "" {
		r := []rune(body)
		r[0] = unicode.ToLower(r[0])
		body = lead + " " + string(r)
	}
	r := []rune(body)
	r[0] = unicode.ToUpper(r[0])
	c.Title = string(r)
	return c
}
