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
