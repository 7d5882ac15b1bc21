package gazette

import "fmt"

// Claims is what one source says about a document: a record of vbpl.vn,
// or our reading of the text. A document keeps both and chooses field by
// field (Merge).
type Claims struct {
	Number         string    `json:"number,omitempty"`
	NumberPrinted  string    `json:"number_printed,omitempty"`
	Type           string    `json:"type,omitempty"`
	TypeName       string    `json:"type_name,omitempty"`
	Issuer         string    `json:"issuer,omitempty"`
	IssuerName     string    `json:"issuer_name,omitempty"`
	Title          string    `json:"title,omitempty"`
	Place          string    `json:"place,omitempty"`
	IssueDate      Date      `json:"issue_date"`
	Signer         string    `json:"signer,omitempty"`
	SignerTitle    string    `json:"signer_title,omitempty"`
	EffectiveDate  Date      `json:"effective_date"`
	EffectiveBasis string    `json:"effective_date_basis,omitempty"`
	ExpiryDate     Date      `json:"expiry_date"`
	EffectStatus   string    `json:"effect_status,omitempty"`
	Gazette        Placement `json:"gazette"`
	Language       string    `json:"language,omitempty"`
	URL            string    `json:"url,omitempty"`
	Checks         []Check   `json:"checks,omitempty"`         // doubts about the text's own metadata (extracted claims only)
	Classification string    `json:"classification,omitempty"` // độ mật stamped in the header (extracted claims only)
	Urgency        string    `json:"urgency,omitempty"`        // độ khẩn stamped in the header
}

// Claims returns the metadata read from a text as claims.
func (m Metadata) Claims() Claims {
	return Claims{Number: m.Number, NumberPrinted: m.NumberPrinted, Type: m.Type, TypeName: m.TypeName, Issuer: m.Issuer,
		IssuerName: m.IssuerName, Title: m.Title, Place: m.Place, IssueDate: m.IssueDate, Signer: m.Signer,
		SignerTitle: m.SignerTitle, EffectiveDate: m.EffectiveDate, EffectiveBasis: m.EffectiveBasis, Checks: m.Checks,
		Classification: m.Classification, Urgency: m.Urgency}
}

// Disagreement is a field on which the source record and the text differ.
type Disagreement struct {
	Field     string `json:"field"`
	Stated    string `json:"stated"`
	Extracted string `json:"extracted"`
	Chosen    string `json:"chosen"` // "stated" or "extracted"
}

// Merge chooses each field of a document from what a record states and what
// the text says. The text wins for what it prints (number, title, dates in
// the header, signer); the record wins for the effective date and status,
// which later documents change (a code postponed, a decree repealed) and
// which a text relative to its gazette date cannot give. Every field the
// two give differently is reported.
func Merge(stated, extracted Claims) (Claims, []Disagreement) {
	out := stated
	var dis []Disagreement
	text := func(field string, s, e *string, dst *string) {
		switch {
		case *e == "":
			*dst = *s
		case *s == "" || *s == *e:
			*dst = *e
		default:
			*dst = *e
			dis = append(dis, Disagreement{field, *s, *e, "extracted"})
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
	date := func(field string, s, e Date, preferStated bool, dst *Date) {
		switch {
		case e.IsZero():
			*dst = s
		case s.IsZero() || s == e:
			*dst = e
		case preferStated:
			*dst = s
			dis = append(dis, Disagreement{field, s.String(), e.String(), "stated"})
		default:
			*dst = e
			dis = append(dis, Disagreement{field, s.String(), e.String(), "extracted"})
		}
	}
	date("issue_date", stated.IssueDate, extracted.IssueDate, false, &out.IssueDate)
	date("effective_date", stated.EffectiveDate, extracted.EffectiveDate, true, &out.EffectiveDate)
	if !stated.EffectiveDate.IsZero() && stated.EffectiveDate != extracted.EffectiveDate {
		out.EffectiveBasis = fmt.Sprintf("stated by the source record (the text says: %s)", orNone(extracted.EffectiveBasis))
	}
	if out.Gazette.Issue == "" {
		out.Gazette = extracted.Gazette
	}
	if out.Language == "" {
		out.Language = extracted.Language
	}
	return out, dis
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
