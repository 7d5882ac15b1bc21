package read

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette"
)

// The reading of a document is one pure path that every caller takes:
// Pages (clean, split) on the pages of a PDF, Seed on a part that starts a
// document the store does not hold yet, and Assemble whenever a document
// changes (a part added, a record imported, a clerk's correction).
// `congbao extract --documents` takes the same path, so what it prints is
// what ingest stores for a new data folder.

// Pages reads the text pages of a PDF: the issue cleaned of what the
// gazette adds to every page, and the documents found in it.
func Pages(pages []string) (gazette.Issue, []gazette.Part) {
	is := CleanPages(pages)
	parts := SplitIssue(is)
	for i := range parts {
		parts[i].Signed = is.Signed
	}
	return is, parts
}

// MarkOCR gives each part the pages of it that were read by OCR.
func MarkOCR(parts []gazette.Part, ocr []gazette.PageOCR) {
	for i := range parts {
		parts[i].OCR = nil
		for _, o := range ocr {
			if o.Page >= parts[i].FirstPDFPage && o.Page <= parts[i].LastPDFPage {
				parts[i].OCR = append(parts[i].OCR, o)
			}
		}
	}
}

// Seed is what one part says of a document the store does not hold yet:
// a continuation names the number, date and title of the document it
// continues; any other part is read for its metadata.
func Seed(p gazette.Part) gazette.Claims {
	if c := p.Continues; c != nil {
		return gazette.Claims{Number: c.Number, IssueDate: c.Date, Title: c.Title}
	}
	return ReadMetadata(p.Text, p.Signed).Claims()
}

// PartOf is the stored form of a part of an issue.
func PartOf(is gazette.Issue, sha string, p gazette.Part) gazette.DocPart {
	dp := gazette.DocPart{Issue: is.Numbers, IssueDate: is.Date, FirstPage: p.FirstPage, LastPage: p.LastPage,
		PDFFirstPage: p.FirstPDFPage, PDFLastPage: p.LastPDFPage, SourceSHA256: sha, ContinuedIn: p.ContinuedIn, Text: p.Text, OCR: p.OCR,
		PageLines: p.PageLines, Signed: p.Signed}
	if p.Continues != nil {
		dp.ContinuesFrom = p.Continues.FromIssue
	}
	return dp
}

// Assemble reads d again from its parts in order (or, without parts, from
// its text) and merges what its record states (d.Stated) with what the
// text says. before is the document as it was: a continued part alone
// does not repeat the header, so what the first part said is kept. It sets
// the text, source, completeness, articles, the merged claims, what was
// extracted, the disagreements and the secrecy marks.
func Assemble(d, before *gazette.Document) {
	if len(d.Parts) > 0 {
		d.Text, d.SourceSHA256 = joinParts(d.Parts), d.Parts[0].SourceSHA256
		d.Complete = d.Parts[0].ContinuesFrom == "" && d.Parts[len(d.Parts)-1].ContinuedIn == ""
	}
	var ex gazette.Claims
	d.Articles = nil
	switch {
	case d.Text != "" && (d.Language == "en" || d.Stated != nil && d.Stated.Language == "en"):
		// the header, signature and effect readers read Vietnamese: of an
		// English translation only the title is read, the rest is its record's
		hint := ""
		if d.Stated != nil {
			hint = d.Stated.Title // vbpl.vn gives the type alone: "Circular"
		}
		ex = EnglishClaims(d.Text, hint)
	case d.Text != "":
		var signed *gazette.Signature
		if len(d.Parts) > 0 {
			signed = d.Parts[0].Signed
		}
		md := ReadMetadata(d.Text, signed)
		ex, d.Articles = md.Claims(), md.Articles
		ex.Sources = locate(ex.Sources, d.Parts)
	}
	if len(d.Parts) > 0 {
		first, last := d.Parts[0], d.Parts[len(d.Parts)-1]
		ex.Gazette = gazette.Placement{Issue: first.Issue, Date: first.IssueDate, FirstPage: first.FirstPage, LastPage: first.LastPage}
		if last.Issue == first.Issue {
			ex.Gazette.LastPage = last.LastPage
		}
	}
	if c, ok := ocrCheck(d.Parts); ok {
		ex.Checks = append(ex.Checks, c)
	}
	keepKnown(&ex, before)
	var stated gazette.Claims
	if d.Stated != nil {
		stated = *d.Stated
	}
	merged, dis := Merge(stated, ex)
	if stated.Reviewed {
		merged, dis = reviewedWins(merged, stated, dis)
	}
	d.Apply(merged)
	d.Extracted, d.Disagreements = &ex, dis
	d.Mark(ex.Classification, ex.Urgency)
}

func joinParts(parts []gazette.DocPart) string {
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Text
	}
	return strings.Join(texts, "\n")
}

// keepKnown fills what the text did not give from the document as it was
// (a continuation seeds number, date and title).
func keepKnown(ex *gazette.Claims, before *gazette.Document) {
	if ex.Number == "" {
		ex.Number, ex.NumberPrinted, ex.Type, ex.Issuer = before.Number, before.NumberPrinted, before.Type, before.Issuer
	}
	if ex.TypeName == "" {
		ex.TypeName = before.TypeName
	}
	if ex.IssuerName == "" {
		ex.IssuerName = before.IssuerName
	}
	if ex.Title == "" {
		ex.Title = before.Title
	}
	if ex.IssueDate.IsZero() {
		ex.IssueDate = before.IssueDate
	}
}

// Preview is what ingest stores of the pages of a PDF in a new data
// folder: each part found, and the document it starts or continues as
// Assemble reads it (its first articles only; texts as their sizes).
type Preview struct {
	Issue     string            `json:"issue"`
	Date      string            `json:"date"`
	Documents []PreviewDocument `json:"documents"`
}

// PreviewDocument is one part of a Preview and its document.
type PreviewDocument struct {
	Part     gazette.Part      `json:"part"`
	Claims   *gazette.Claims   `json:"claims"`
	Complete bool              `json:"complete"`
	Articles int               `json:"articles"`
	First    []gazette.Article `json:"first_articles"`
}

// PreviewPages reads pages as ingest does (`congbao extract --documents`);
// ocr lists the pages read by OCR, signed the file's digital signatures.
func PreviewPages(pages []string, ocr []gazette.PageOCR, signed []gazette.Signature) Preview {
	is, parts := Pages(pages)
	MarkOCR(parts, ocr)
	MarkSigned(&is, parts, signed)
	out := Preview{Issue: is.Numbers, Date: is.Date.String()}
	for _, p := range parts {
		seed := Seed(p)
		before := &gazette.Document{Extracted: &seed}
		before.Apply(seed)
		d := *before
		d.Parts = []gazette.DocPart{PartOf(is, "", p)}
		Assemble(&d, before)
		p.Text = fmt.Sprintf("%d bytes", len(p.Text))
		out.Documents = append(out.Documents, PreviewDocument{p, d.Extracted, d.Complete, len(d.Articles), d.Articles[:min(len(d.Articles), 3)]})
	}
	return out
}

// reviewedWins gives every field a reviewed record states its value (a
// clerk of the source portal corrected it), and says so in the
// disagreements.
func reviewedWins(merged, stated gazette.Claims, dis []gazette.Disagreement) (gazette.Claims, []gazette.Disagreement) {
	for _, f := range []struct{ to, s *string }{
		{&merged.Number, &stated.Number}, {&merged.NumberPrinted, &stated.NumberPrinted}, {&merged.Type, &stated.Type},
		{&merged.TypeName, &stated.TypeName}, {&merged.Issuer, &stated.Issuer}, {&merged.IssuerName, &stated.IssuerName},
		{&merged.Title, &stated.Title}, {&merged.Place, &stated.Place}, {&merged.Signer, &stated.Signer},
		{&merged.SignerTitle, &stated.SignerTitle}, {&merged.EffectiveBasis, &stated.EffectiveBasis},
	} {
		if *f.s != "" {
			*f.to = *f.s
		}
	}
	if !stated.IssueDate.IsZero() {
		merged.IssueDate = stated.IssueDate
	}
	if !stated.EffectiveDate.IsZero() {
		merged.EffectiveDate = stated.EffectiveDate
	}
	if stated.Gazette.Issue != "" {
		merged.Gazette = stated.Gazette
	}
	for i := range dis {
		dis[i].Chosen = "stated"
	}
	return merged, dis
}

// MarkSigned gives the issue and its parts the file's digital signature
// when its pages show no signature block and it is not a gazette issue:
// the earliest of sigs made by a body (a certificate naming "ỦY BAN NHÂN
// DÂN TỈNH …"), not a person. ReadMetadata dates a document by it only
// when that body is the issuer and the header's legible month and year
// agree (dateSigned).
func MarkSigned(is *gazette.Issue, parts []gazette.Part, sigs []gazette.Signature) {
	if is.Signed != nil || is.Numbers != "" {
		return // a gazette issue is signed by the gazette, when it publishes
	}
	for i := range sigs {
		s := sigs[i]
		if len(s.By) == 0 || s.At.IsZero() || !bodySigner(s.By[0]) {
			continue
		}
		is.Signed = &s
		for j := range parts {
			parts[j].Signed = is.Signed
		}
		return
	}
}

// bodySigner says whether a certificate's subject names a body, not a
// person: a body's name starts as one does ("ỦY BAN", "Văn phòng", "Sở")
// and is printed in capitals or with words in lower case ("Văn phòng
// Chính phủ"); a person's name, every word capitalised, may start like a
// body's ("Đoàn Văn Nam"), and is not one.
func bodySigner(name string) bool {
	name = strings.Join(strings.Fields(name), " ")
	if !bodyNameRe.MatchString(strings.ToUpper(name)) {
		return false
	}
	if strings.ToUpper(name) == name {
		return true
	}
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			return true
		}
	}
	return false
}
