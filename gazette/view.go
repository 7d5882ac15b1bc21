package gazette

import "fmt"

// View is a document as congbao shows it outside: `congbao export` writes
// one per line and the API answers with the same field names. Pointers
// make absent fields null; dates are YYYY-MM-DD.
type View struct {
	ID             int64          `json:"id"`
	Number         *string        `json:"number"`
	Type           *string        `json:"type"`
	TypeName       *string        `json:"type_name"`
	Issuer         *string        `json:"issuer"`
	IssuerName     *string        `json:"issuer_name"`
	Title          *string        `json:"title"`
	Place          *string        `json:"place"`
	IssueDate      Date           `json:"issue_date"`
	Signer         *string        `json:"signer"`
	SignerTitle    *string        `json:"signer_title"`
	EffectiveDate  Date           `json:"effective_date"`
	EffectiveBasis *string        `json:"effective_date_basis"`
	EffectStatus   *string        `json:"effect_status"`        // today, by the one rule (Document.EffectAt)
	RecordStatus   *string        `json:"record_effect_status"` // what the source record says: a second opinion
	Gazette        *ViewGazette   `json:"gazette"`
	Source         *ViewSource    `json:"source"`
	Parts          []DocPart      `json:"parts"`
	Articles       int            `json:"articles"` // how many
	NeedsOCR       bool           `json:"needs_ocr"`
	State          State          `json:"state"`
	Language       string         `json:"language"`
	Complete       bool           `json:"complete"`
	Disagreements  []Disagreement `json:"disagreements"`
	Checks         []Check        `json:"checks"`         // doubts about what the text says of itself, for review
	Sources        []FieldSource  `json:"sources"`        // where each field that the text gave was read (page, line, confidence)
	Classification *string        `json:"classification"` // độ mật; such a document is held, never public
	Declassified   bool           `json:"declassified,omitempty"`
	Urgency        *string        `json:"urgency"`               // độ khẩn
	RevisionOf     int64          `json:"revision_of,omitempty"` // a draft revision of this published document
	Blockers       []Blocker      `json:"blockers"`              // what stands in the way of publishing a draft without an override
}

// ViewGazette is where the document was published.
type ViewGazette struct {
	Issue string  `json:"issue"`
	Date  Date    `json:"date"`
	Pages *string `json:"pages"` // "3-14"
}

// ViewSource is the original file the document came from.
type ViewSource struct {
	SHA256 string `json:"sha256"`
	File   string `json:"file"`
	Pages  int    `json:"pages"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NewView builds the outside view of d with its parts, its article count
// and the name of its original file ("" if unknown).
func NewView(d *Document, parts []DocPart, articles int, sourceName string) View {
	v := View{ID: d.ID, Number: nullable(d.Number), Type: nullable(d.Type), TypeName: nullable(d.TypeName),
		Issuer: nullable(d.Issuer), IssuerName: nullable(d.IssuerName), Title: nullable(d.Title), Place: nullable(d.Place),
		IssueDate: d.IssueDate, Signer: nullable(d.Signer), SignerTitle: nullable(d.SignerTitle), EffectiveDate: d.EffectiveDate,
		EffectiveBasis: nullable(d.EffectiveBasis), EffectStatus: nullable(d.StatusToday()), RecordStatus: nullable(d.EffectStatus), Parts: parts, Articles: articles,
		NeedsOCR: d.NeedsOCR, State: d.State, Language: d.Language, Complete: d.Complete, Disagreements: d.Disagreements,
		Classification: nullable(d.Classification), Declassified: d.Declassified, Urgency: nullable(d.Urgency), RevisionOf: d.RevisionOf,
		Blockers: []Blocker{}}
	if d.State != StatePublished {
		withParts := *d
		withParts.Parts = parts
		v.Blockers = append(v.Blockers, withParts.Blockers()...)
	}
	if v.Parts == nil {
		v.Parts = []DocPart{}
	}
	if v.Disagreements == nil {
		v.Disagreements = []Disagreement{}
	}
	v.Checks, v.Sources = []Check{}, d.FieldSources()
	if d.Extracted != nil {
		v.Checks = append(v.Checks, d.Extracted.Checks...)
	}
	if d.Gazette.Issue != "" {
		g := &ViewGazette{Issue: d.Gazette.Issue, Date: d.Gazette.Date}
		if d.Gazette.FirstPage > 0 {
			g.Pages = nullable(fmt.Sprintf("%d-%d", d.Gazette.FirstPage, d.Gazette.LastPage))
		}
		v.Gazette = g
	}
	if d.SourceSHA256 != "" {
		src := &ViewSource{SHA256: d.SourceSHA256, File: sourceName}
		for _, p := range parts {
			if p.SourceSHA256 == d.SourceSHA256 && p.PDFLastPage > src.Pages {
				src.Pages = p.PDFLastPage
			}
		}
		v.Source = src
	}
	return v
}
