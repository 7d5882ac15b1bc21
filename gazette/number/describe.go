package number

import "encoding/json"

// Description is a parsed number as the CLI shows it, or the reason the
// input is not a document number (OK false, Error set).
type Description struct {
	Input      string
	OK         bool
	Error      string
	Canonical  string
	Type       string
	TypeName   string
	Issuer     string
	IssuerName string
	Year       int // 0: the number carries no year
	Normative  bool
	Family     string
	Warnings   []string
}

// Describe parses input in mode and describes it.
func Describe(input string, mode Mode) Description {
	n, err := ParseMode(input, mode)
	if err != nil {
		reason := err.Error()
		if pe, ok := err.(*ParseError); ok {
			reason = pe.Reason
		}
		return Description{Input: input, Error: reason}
	}
	d := Description{Input: input, OK: true, Canonical: n.String(), Type: n.Type, TypeName: n.TypeName(),
		Issuer: n.Issuer(), IssuerName: n.IssuerName(), Year: n.Year, Normative: n.Normative, Family: string(n.Family),
		Warnings: []string{}}
	for _, w := range n.Warnings {
		d.Warnings = append(d.Warnings, w.Message)
	}
	return d
}

// MarshalJSON writes a number with every field (year null when it has
// none), and a rejection as its input and reason only.
func (d Description) MarshalJSON() ([]byte, error) {
	if !d.OK {
		return json.Marshal(struct {
			Input string `json:"input"`
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		}{d.Input, false, d.Error})
	}
	var year *int
	if d.Year > 0 {
		year = &d.Year
	}
	return json.Marshal(struct {
		Input      string   `json:"input"`
		OK         bool     `json:"ok"`
		Canonical  string   `json:"canonical"`
		Type       string   `json:"type"`
		TypeName   string   `json:"type_name"`
		Issuer     string   `json:"issuer"`
		IssuerName string   `json:"issuer_name"`
		Year       *int     `json:"year"`
		Normative  bool     `json:"normative"`
		Family     string   `json:"family"`
		Warnings   []string `json:"warnings"`
	}{d.Input, true, d.Canonical, d.Type, d.TypeName, d.Issuer, d.IssuerName, year, d.Normative, d.Family, d.Warnings})
}
