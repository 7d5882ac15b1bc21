package gazette

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Error kinds that adapters map to their own responses (HTTP status codes,
// exit codes). Wrap them with fmt.Errorf("...: %w", ErrNotFound).
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
	// ErrForbidden is a request the caller's token may not make (an agency
	// publishing another issuer's document).
	ErrForbidden = errors.New("forbidden")
)

// State is the publication state of a document: clerks see drafts, the
// public sees only published documents.
type State string

// Publication states.
const (
	StateDraft     State = "draft"
	StatePublished State = "published"
)

// Effect statuses, as vbpl.vn names them.
const (
	StatusNotYet      = "Chưa có hiệu lực"
	StatusInForce     = "Còn hiệu lực"
	StatusPartExpired = "Hết hiệu lực một phần"
	StatusExpired     = "Hết hiệu lực toàn bộ"
)

// Document is one legal document with its metadata.
type Document struct {
	ID             int64  `json:"id"`
	Number         string `json:"number"`         // canonical number; "" when the document has none (Hiến pháp)
	NumberPrinted  string `json:"number_printed"` // as printed in the source
	Type           string `json:"type"`           // type code (NĐ, QH_ACT, ...)
	TypeName       string `json:"type_name"`      // "Nghị định", "Luật", ...
	Issuer         string `json:"issuer"`         // issuer code(s) from the number, "+"-joined
	IssuerName     string `json:"issuer_name"`    // the issuing body ("Ủy ban nhân dân tỉnh Kon Tum")
	Title          string `json:"title"`          // trích yếu
	Place          string `json:"place"`
	IssueDate      Date   `json:"issue_date"`
	Signer         string `json:"signer"`
	SignerTitle    string `json:"signer_title"` // with its TM./KT./Q./TL. prefix
	EffectiveDate  Date   `json:"effective_date"`
	EffectiveBasis string `json:"effective_date_basis"` // how the effective date was derived
	ExpiryDate     Date   `json:"expiry_date"`
	EffectStatus   string `json:"record_effect_status"` // what the source record says; the status at a date is Timeline's
	// Timeline is the document's effect over time (law.Derive), given by
	// the store when it reads the document; nil when it was not asked for.
	Timeline *Timeline `json:"-"`
	// TranslationOf is the Vietnamese document this one translates (same
	// number, another language): a language version, not a document of its
	// own, so it is not listed apart in search. Translations are the ids of
	// this document's translations. The store sets both when it reads.
	TranslationOf int64          `json:"translation_of,omitempty"`
	Translations  []int64        `json:"translations,omitempty"`
	Language      string         `json:"language"` // "vi" or "en"
	Gazette       Placement      `json:"gazette"`
	SourceSHA256  string         `json:"source_sha256"`
	NeedsOCR      bool           `json:"needs_ocr"`
	State         State          `json:"state"`
	Complete      bool           `json:"complete"` // false while parts of a continued document are missing
	SourceURL     string         `json:"source_url,omitempty"`
	RecordKey     string         `json:"record_key,omitempty"` // identity of the source record ("vbpl:186739")
	Parts         []DocPart      `json:"parts"`
	Articles      []Article      `json:"-"`
	Stated        *Claims        `json:"stated,omitempty"`    // what the source record says
	Extracted     *Claims        `json:"extracted,omitempty"` // what we read in the text
	Disagreements []Disagreement `json:"disagreements,omitempty"`
	Text          string         `json:"-"`
	// Classification is the độ mật stamped on the document ("MẬT", "TỐI
	// MẬT", "TUYỆT MẬT"): such a document is held, never published, until
	// an admin declassifies it with a recorded reason.
	Classification string    `json:"classification,omitempty"`
	Declassified   bool      `json:"declassified,omitempty"`
	Urgency        string    `json:"urgency,omitempty"`     // độ khẩn ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"): metadata only
	RevisionOf     int64     `json:"revision_of,omitempty"` // a draft revision of this published document
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Held reports whether the document carries a classification mark that
// no admin has lifted: it may not be published, indexed for the public,
// listed in feeds or served as an original.
func (d *Document) Held() bool { return d.Classification != "" && !d.Declassified }

// HeldReason says in Vietnamese, then in English, why a held document
// cannot be published.
func (d *Document) HeldReason() string {
	return fmt.Sprintf("Văn bản #%d mang dấu độ mật «%s»: tài liệu bí mật nhà nước không được công bố "+
		"(Luật Bảo vệ bí mật nhà nước 29/2018/QH14); chỉ quản trị viên giải mật, có ghi lý do, mới bỏ được việc giữ lại. "+
		"Document #%d is marked %q as a state secret and cannot be published until an admin declassifies it with a reason.",
		d.ID, d.Classification, d.ID, d.Classification)
}

// marksRank orders classification marks from none to the highest.
var marksRank = map[string]int{"": 0, MarkSecret: 1, MarkTopSecret: 2, MarkUltimate: 3}

// Mark records a classification read in the text: a mark once read stays
// (a later part or a reading without it does not lift it), and a higher
// one replaces a lower one. Only Declassified lifts the hold.
func (d *Document) Mark(classification, urgency string) {
	if marksRank[classification] > marksRank[d.Classification] {
		d.Classification = classification
	}
	if d.Urgency == "" {
		d.Urgency = urgency
	}
	if d.Held() {
		d.State = StateDraft
	}
}

// Placement says where a document was published in the Công báo.
type Placement struct {
	Issue     string `json:"issue"` // "1263 + 1264"
	Date      Date   `json:"date"`
	FirstPage int    `json:"first_page,omitempty"`
	LastPage  int    `json:"last_page,omitempty"`
}

// IssueSummary is a gazette issue with the count of published documents
// in it.
type IssueSummary struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"` // "central" or "province:<name>"
	Year      int    `json:"year"`
	Issue     string `json:"issue"` // as printed: "1263 + 1264"
	Date      Date   `json:"date"`
	Documents int    `json:"documents"`
}

// SourceFile is an original file, kept content-addressed by its SHA-256.
type SourceFile struct {
	SHA256  string    `json:"sha256"`
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	AddedAt time.Time `json:"added_at"`
}

// AuditEntry records one change: who made it, when, to what, and the
// values before and after (JSON).
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after,omitempty"`
}

// DocPart is one stretch of a document in one gazette issue (a long code
// runs over several issues) or one source file.
type DocPart struct {
	Part          int    `json:"part"` // 1-based, in gazette order
	Issue         string `json:"issue,omitempty"`
	IssueDate     Date   `json:"issue_date"`
	FirstPage     int    `json:"first_page,omitempty"` // gazette pages
	LastPage      int    `json:"last_page,omitempty"`
	PDFFirstPage  int    `json:"pdf_first_page,omitempty"`
	PDFLastPage   int    `json:"pdf_last_page,omitempty"`
	SourceSHA256  string `json:"source_sha256,omitempty"`
	ContinuesFrom string `json:"continues_from,omitempty"` // issue this part continues
	ContinuedIn   string `json:"continued_in,omitempty"`   // issue that continues it
	// OCR lists the pages read by OCR from their picture: their text
	// and what was read of it need checking against the original.
	OCR []PageOCR `json:"ocr,omitempty"`
	// PageLines is, for each PDF page from PDFFirstPage on, the index of
	// its first line in Text; nil for a part stored before it was kept.
	PageLines []int `json:"page_lines,omitempty"`
	// Signed is the electronic signature of the file the part came from.
	Signed *Signature `json:"signed,omitempty"`
	Text   string     `json:"-"`
}

// Apply sets the document's metadata fields from chosen claims.
func (d *Document) Apply(c Claims) {
	d.Number, d.NumberPrinted, d.Type, d.TypeName = c.Number, c.NumberPrinted, c.Type, c.TypeName
	d.Issuer, d.IssuerName, d.Title, d.Place = c.Issuer, c.IssuerName, c.Title, c.Place
	d.IssueDate, d.Signer, d.SignerTitle = c.IssueDate, c.Signer, c.SignerTitle
	d.EffectiveDate, d.EffectiveBasis, d.ExpiryDate, d.EffectStatus = c.EffectiveDate, c.EffectiveBasis, c.ExpiryDate, c.EffectStatus
	if c.Gazette.Issue != "" {
		d.Gazette = c.Gazette
	}
	if c.Language != "" {
		d.Language = c.Language
	}
	if c.URL != "" {
		d.SourceURL = c.URL
	}
}

// Dossier is a document with what its pages show: its parts, articles,
// outgoing citations, the documents that end it and those that cite it.
type Dossier struct {
	Document  *Document
	Parts     []DocPart
	Articles  []Article
	Citations []Citation
	Endings   []Ending
	CitedBy   []CitingDocument
	// Amendments are those the held documents make to it.
	Amendments []Amendment
}

// EffectAt is the document's effect status at a date, by the one rule
// (its Timeline); a document read without its timeline has an unknown
// status, said so.
func (d *Document) EffectAt(at time.Time) Effect {
	if d.Timeline == nil {
		return Effect{AsOf: Date{Time: at.UTC().Truncate(24 * time.Hour)}, Basis: []string{"not derived"}, BasisVI: []string{"chưa xác định"}}
	}
	return d.Timeline.At(at)
}

// StatusToday is the status today by the one rule, or, for a document
// read without its timeline, what its record says.
func (d *Document) StatusToday() string {
	if d.Timeline == nil {
		return d.EffectStatus
	}
	return d.Timeline.At(time.Now()).Status
}

// MarshalJSON writes the document with its status today by the one rule
// ("effect_status") beside its record's ("record_effect_status").
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document
	return json.Marshal(struct {
		plain
		Status string `json:"effect_status"`
	}{plain(d), d.StatusToday()})
}
