package gazette

import (
	"errors"
	"time"
)

// Error kinds that adapters map to their own responses (HTTP status codes,
// exit codes). Wrap them with fmt.Errorf("...: %w", ErrNotFound).
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
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
	ID             int64     `json:"id"`
	Number         string    `json:"number"`         // canonical number; "" when the document has none (Hiến pháp)
	NumberPrinted  string    `json:"number_printed"` // as printed in the source
	Type           string    `json:"type"`           // type code (NĐ, QH_ACT, ...)
	TypeName       string    `json:"type_name"`      // "Nghị định", "Luật", ...
	Issuer         string    `json:"issuer"`         // issuer code(s) from the number, "+"-joined
	IssuerName     string    `json:"issuer_name"`    // the issuing body ("Ủy ban nhân dân tỉnh Kon Tum")
	Title          string    `json:"title"`          // trích yếu
	Place          string    `json:"place"`
	IssueDate      Date      `json:"issue_date"`
	Signer         string    `json:"signer"`
	SignerTitle    string    `json:"signer_title"` // with its TM./KT./Q./TL. prefix
	EffectiveDate  Date      `json:"effective_date"`
	EffectiveBasis string    `json:"effective_date_basis"` // how the effective date was derived
	ExpiryDate     Date      `json:"expiry_date"`
	EffectStatus   string    `json:"effect_status"`
	Language       string    `json:"language"` // "vi" or "en"
	Gazette        Placement `json:"gazette"`
	SourceSHA256   string    `json:"source_sha256"`
	NeedsOCR       bool      `json:"needs_ocr"`
	State          State     `json:"state"`
	Text           string    `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Placement says where a document was published in the Công báo.
type Placement struct {
	Issue     string `json:"issue"` // "1263 + 1264"
	Date      Date   `json:"date"`
	FirstPage int    `json:"first_page,omitempty"`
	LastPage  int    `json:"last_page,omitempty"`
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
