package gazette

// Citation is one reference found in a text, with its span.
type Citation struct {
	Surface   string   `json:"surface"`
	Start     int      `json:"start"` // byte offsets into the NFC text
	End       int      `json:"end"`
	RuneStart int      `json:"rune_start"`
	RuneEnd   int      `json:"rune_end"`
	Number    string   `json:"number,omitempty"` // canonical; "" for a law by name or the document itself
	Type      string   `json:"type,omitempty"`   // type code
	TypeName  string   `json:"type_name,omitempty"`
	Name      string   `json:"name,omitempty"` // "Đất đai" of "Luật Đất đai"
	Year      int      `json:"year,omitempty"` // "Bộ luật Hình sự 2015"
	Date      Date     `json:"date"`
	Pinpoint  string   `json:"pinpoint,omitempty"` // "điểm a khoản 2 Điều 5"
	Relation  string   `json:"relation,omitempty"`
	Self      bool     `json:"self,omitempty"`      // "Nghị định này"
	Inferred  bool     `json:"inferred,omitempty"`  // the issuer was inferred ("Nghị định 43/2011")
	Malformed string   `json:"malformed,omitempty"` // looks like a number but is not a valid one: why
	Warnings  []string `json:"warnings,omitempty"`
}

// CitingDocument is a published document that cites another one.
type CitingDocument struct {
	DocumentID int64  `json:"document_id"`
	Number     string `json:"number"`
	TypeName   string `json:"type_name"`
	Title      string `json:"title"`
	Relation   string `json:"relation"`
	Pinpoint   string `json:"pinpoint,omitempty"`
}

// Relations named in a sentence, strongest first (docs/rules.md §5.9).
const (
	RelBasis     = "căn cứ"
	RelAmends    = "sửa đổi, bổ sung"
	RelReplaces  = "thay thế"
	RelRepeals   = "bãi bỏ"
	RelExpires   = "hết hiệu lực"
	RelGuides    = "hướng dẫn"
	RelReference = "dẫn chiếu"
)

// Span locates a citation in the text given.
type Span struct {
	Start     int `json:"start"`
	End       int `json:"end"`
	RuneStart int `json:"rune_start"`
	RuneEnd   int `json:"rune_end"`
}

// DocRef is a document a citation names.
type DocRef struct {
	ID            int64     `json:"id"`
	Number        string    `json:"number"`
	TypeName      string    `json:"type_name"`
	IssuerName    string    `json:"issuer_name"`
	Title         string    `json:"title"`
	IssueDate     Date      `json:"issue_date"`
	EffectiveDate Date      `json:"effective_date"`
	EffectStatus  string    `json:"effect_status"`          // at as_of, or today, by the one rule
	AsOf          Date      `json:"as_of"`                  // the date of effect_status
	StatusAsOf    string    `json:"status_as_of,omitempty"` // the same, when as_of was asked (kept for older clients)
	RecordStatus  string    `json:"record_effect_status,omitempty"`
	Cautions      []Caution `json:"cautions,omitempty"`
	Gazette       Placement `json:"gazette"`
	URL           string    `json:"url"`
}

// Resolved is one citation and what it names (CourtListener's per-citation
// status: 200 found, 300 ambiguous, 404 not here, 400 malformed).
type Resolved struct {
	Surface    string   `json:"surface"`
	Span       *Span    `json:"span,omitempty"`
	Normalized []string `json:"normalized"`
	Pinpoint   string   `json:"pinpoint,omitempty"`
	Relation   string   `json:"relation,omitempty"`
	Status     int      `json:"status"`
	Error      string   `json:"error,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
	Documents  []DocRef `json:"documents"`
}
