package gazette

// Ending is a later document that ends all or part of a document: it
// replaces, repeals or declares expired what it cites.
type Ending struct {
	Kind      string `json:"kind"` // RelReplaces, RelRepeals, RelExpires
	Number    string `json:"number"`
	ID        int64  `json:"id"`
	Effective Date   `json:"effective_date"`
	Pinpoint  string `json:"pinpoint,omitempty"` // set when only part is ended
	Basis     string `json:"basis,omitempty"`    // the sentence that says it
}

// Effect is a document's effect status at a date with how it was derived.
type Effect struct {
	Status  string   `json:"status"`
	AsOf    Date     `json:"as_of"`
	Basis   []string `json:"basis"`    // how it was derived
	BasisVI []string `json:"basis_vi"` // the same, in Vietnamese (the pages show it)
	// Cautions name documents the held ones cite as replacing or amending
	// this one that the database does not hold: the status rests only on
	// the documents held and may be out of date.
	Cautions []Caution `json:"cautions,omitempty"`
	// Record is the source record's own status (vbpl.vn's field), kept as
	// a second opinion; RecordDiffers says it disagrees with Status today.
	Record        string `json:"record_status,omitempty"`
	RecordDiffers bool   `json:"record_differs,omitempty"`
}
