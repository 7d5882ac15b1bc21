package gazette

// Disagreement is a field on which the source record and the text differ.
type Disagreement struct {
	Field     string `json:"field"`
	Stated    string `json:"stated"`
	Extracted string `json:"extracted"`
	Chosen    string `json:"chosen"` // "stated" or "extracted"
}

// Claims is what one source says about a document: a record of vbpl.vn,
// or our reading of the text. A document keeps both and chooses field by
// field (Merge).
type Claims struct {
	Number         string        `json:"number,omitempty"`
	NumberPrinted  string        `json:"number_printed,omitempty"`
	Type           string        `json:"type,omitempty"`
	TypeName       string        `json:"type_name,omitempty"`
	Issuer         string        `json:"issuer,omitempty"`
	IssuerName     string        `json:"issuer_name,omitempty"`
	Title          string        `json:"title,omitempty"`
	Place          string        `json:"place,omitempty"`
	IssueDate      Date          `json:"issue_date"`
	Signer         string        `json:"signer,omitempty"`
	SignerTitle    string        `json:"signer_title,omitempty"`
	EffectiveDate  Date          `json:"effective_date"`
	EffectiveBasis string        `json:"effective_date_basis,omitempty"`
	ExpiryDate     Date          `json:"expiry_date"`
	EffectStatus   string        `json:"effect_status,omitempty"`
	Gazette        Placement     `json:"gazette"`
	Language       string        `json:"language,omitempty"`
	URL            string        `json:"url,omitempty"`
	Checks         []Check       `json:"checks,omitempty"`         // doubts about the text's own metadata (extracted claims only)
	Sources        []FieldSource `json:"sources,omitempty"`        // where each field was read (extracted claims only)
	Classification string        `json:"classification,omitempty"` // độ mật stamped in the header (extracted claims only)
	Urgency        string        `json:"urgency,omitempty"`        // độ khẩn stamped in the header
	// Reviewed marks the metadata a portal published after its clerks'
	// review (a document synced from another congbao): it wins over what
	// the text is read to say, field by field, where it gives a value.
	Reviewed bool `json:"reviewed,omitempty"`
}

// FieldSource is where the reading of a text found one field: the PDF page
// and the line on it, the line as read, the rule that read it, and how sure
// that rule is (0..1; docs/provenance.md), lowered on a page read by OCR by
// the reader's confidence in that page.
type FieldSource struct {
	Field      string  `json:"field"`          // the claim's JSON name: "number", "issue_date", ...
	Page       int     `json:"page,omitempty"` // PDF page, 1-based; 0 when the text has no pages (a record's text)
	Line       int     `json:"line"`           // 1-based: on Page, or in the document's text when Page is 0
	Text       string  `json:"text"`           // the line as read, clipped
	Rule       string  `json:"rule"`           // the reading that gave the field: "header", "number", "signature", ...
	Confidence float64 `json:"confidence"`
	OCR        bool    `json:"ocr,omitempty"` // the page was read by OCR
}

// Source returns where field was read, and whether it was.
func (c Claims) Source(field string) (FieldSource, bool) {
	for _, s := range c.Sources {
		if s.Field == field {
			return s, true
		}
	}
	return FieldSource{}, false
}

// FieldSources lists where each field of d was read, for the fields whose
// value is the one the text gave (a value from the record or from a clerk
// was read from no line); never nil.
func (d *Document) FieldSources() []FieldSource {
	out := []FieldSource{}
	ex := d.Extracted
	if ex == nil {
		return out
	}
	now := map[string][2]string{"number": {d.Number, ex.Number}, "type_name": {d.TypeName, ex.TypeName},
		"issuer_name": {d.IssuerName, ex.IssuerName}, "title": {d.Title, ex.Title}, "place": {d.Place, ex.Place},
		"issue_date": {d.IssueDate.String(), ex.IssueDate.String()}, "signer": {d.Signer, ex.Signer},
		"signer_title": {d.SignerTitle, ex.SignerTitle}, "effective_date": {d.EffectiveDate.String(), ex.EffectiveDate.String()}}
	for _, s := range ex.Sources {
		if v, ok := now[s.Field]; ok && v[0] == v[1] {
			out = append(out, s)
		}
	}
	return out
}
