package read

import (
	"congbao/gazette"
)

// Merge chooses each field of a document from what a record states and what
// the text says. The text wins for what it prints (number, title, dates in
// the header, signer); the record wins for the effective date and status,
// which later documents change (a code postponed, a decree repealed) and
// which a text relative to its gazette date cannot give. Every field the
// two give differently is reported.
func Merge(stated, extracted gazette.Claims) (gazette.Claims, []gazette.Disagreement) {
	out := stated
	var dis []gazette.Disagreement
	text := func(field string, s, e *string, dst *string) {
		switch {
		case *e == "":
			*dst = *s
		case *s == "" || *s == *e:
			*dst = *e
		default:
			*dst = *e
			dis = append(dis, disagreement(field, *s, *e, "extracted"))
		}
	}
	text("number", &stated.Number, &extracted.Number, &out.Number)
	text("type_name", &stated.TypeName, &extracted.TypeName, &out.TypeName)
	text("title", &stated.Title, &extracted.Title, &out.Title)
	text("signer", &stated.Signer, &extracted.Signer, &out.Signer)
	for _, f := range []struct {
		name     string
		s, e, to *string
	}{
		{"number_printed", &stated.NumberPrinted, &extracted.NumberPrinted, &out.NumberPrinted},
		{"type", &stated.Type, &extracted.Type, &out.Type},
		{"issuer", &stated.Issuer, &extracted.Issuer, &out.Issuer},
		{"issuer_name", &stated.IssuerName, &extracted.IssuerName, &out.IssuerName},
		{"place", &stated.Place, &extracted.Place, &out.Place},
		{"signer_title", &stated.SignerTitle, &extracted.SignerTitle, &out.SignerTitle},
		{"effective_date_basis", &stated.EffectiveBasis, &extracted.EffectiveBasis, &out.EffectiveBasis},
	} {
		*f.to = *f.e
		if *f.to == "" {
			*f.to = *f.s
		}
	}
	date := func(field string, s, e gazette.Date, preferStated bool, dst *gazette.Date) {
		switch {
		case e.IsZero():
			*dst = s
		case s.IsZero() || s == e:
			*dst = e
		case preferStated:
			*dst = s
			dis = append(dis, disagreement(field, s.String(), e.String(), "stated"))
		default:
			*dst = e
			dis = append(dis, disagreement(field, s.String(), e.String(), "extracted"))
		}
	}
	date("issue_date", stated.IssueDate, extracted.IssueDate, false, &out.IssueDate)
	date("effective_date", stated.EffectiveDate, extracted.EffectiveDate, true, &out.EffectiveDate)
	if !stated.EffectiveDate.IsZero() && stated.EffectiveDate != extracted.EffectiveDate {
		out.EffectiveBasis = gazette.StatedBasis(extracted.EffectiveBasis)
	}
	if out.Gazette.Issue == "" {
		out.Gazette = extracted.Gazette
	}
	if out.Language == "" {
		out.Language = extracted.Language
	}
	return out, dis
}

// Claims returns the metadata read from a text as claims.
func (m Metadata) Claims() gazette.Claims {
	return gazette.Claims{Number: m.Number, NumberPrinted: m.NumberPrinted, Type: m.Type, TypeName: m.TypeName, Issuer: m.Issuer,
		IssuerName: m.IssuerName, Title: m.Title, Place: m.Place, IssueDate: m.IssueDate, Signer: m.Signer,
		SignerTitle: m.SignerTitle, EffectiveDate: m.EffectiveDate, EffectiveBasis: m.EffectiveBasis, Checks: m.Checks, Sources: m.Sources,
		Classification: m.Classification, Urgency: m.Urgency}
}

// disagreement is one field the record and the text give differently.
func disagreement(field, stated, extracted, chosen string) gazette.Disagreement {
	return gazette.Disagreement{Field: field, Stated: stated, Extracted: extracted, Chosen: chosen}
}
