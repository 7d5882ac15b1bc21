package gazette

import "time"

// Provision is one unit of a document's structure: a Phần, Chương, Mục,
// Điều, khoản or điểm, with a key that stays the same however the text
// around it is laid out ("d5.k2.a" is điểm a khoản 2 Điều 5; articles are
// keyed by their number alone, since an article number is unique in a
// document whatever chapter holds it).
type Provision struct {
	Key      string       `json:"key"`
	Kind     string       `json:"kind"`  // ProvPart, ProvChapter, ProvSection, ProvArticle, ProvClause, ProvPoint
	Label    string       `json:"label"` // "5", "2", "a", "II"
	Heading  string       `json:"heading,omitempty"`
	Start    int          `json:"start"` // byte offsets in the document text
	End      int          `json:"end"`
	Children []*Provision `json:"children,omitempty"`
}

// Provision kinds.
const (
	ProvPart    = "phần"
	ProvChapter = "chương"
	ProvSection = "mục"
	ProvArticle = "điều"
	ProvClause  = "khoản"
	ProvPoint   = "điểm"
)

// Amendment actions: what an amending provision does to its target.
const (
	ActAmend         = "amend"          // new wording of the provision (sửa đổi, bổ sung … như sau)
	ActInsert        = "insert"         // a new provision (bổ sung khoản 3a vào sau khoản 3)
	ActRepeal        = "repeal"         // bãi bỏ
	ActReplacePhrase = "replace_phrase" // thay (thế) cụm từ “…” bằng cụm từ “…”
	ActDeletePhrase  = "delete_phrase"  // bỏ cụm từ “…”
	ActInsertPhrase  = "insert_phrase"  // bổ sung cụm từ “…” vào sau / trước cụm từ “…”
	ActSuspend       = "suspend"        // đình chỉ (việc thi hành)
	ActPostpone      = "postpone"       // the target takes effect at another date
)

// Review states of a machine-drafted amendment: a clerk confirms or
// rejects each one, and the record says which.
const (
	ReviewDraft     = "draft"
	ReviewConfirmed = "confirmed"
	ReviewRejected  = "rejected"
)

// Amendment is one effect an amending document has on a provision of
// another: parsed from the amending text, with the sentence that says it.
type Amendment struct {
	ID          int64    `json:"id,omitempty"`
	By          string   `json:"by"`              // the amending document's number
	ByID        int64    `json:"by_id,omitempty"` // and its id
	ByProvision string   `json:"by_provision"`    // "điểm a khoản 1 Điều 1" of the amending document
	Target      string   `json:"target"`          // the target's number, or its name when the text gives no number
	TargetID    int64    `json:"target_id,omitempty"`
	Provisions  []string `json:"provisions"`       // pinpoints in the target: "khoản 2 Điều 5"
	Action      string   `json:"action"`           // Act*
	Text        string   `json:"text,omitempty"`   // the new wording (the quoted text, or the new phrase)
	Old         string   `json:"old,omitempty"`    // the phrase replaced or removed
	Anchor      string   `json:"anchor,omitempty"` // the phrase a new phrase goes after (or before, with Before)
	Before      bool     `json:"before,omitempty"`
	Part        string   `json:"part,omitempty"` // "đoạn đầu": only the lead-in of the provision
	Effective   Date     `json:"effective"`      // when it takes effect
	Evidence    string   `json:"evidence"`       // the amending sentence
	Review      string   `json:"review"`         // ReviewDraft, ReviewConfirmed, ReviewRejected
	ReviewedBy  string   `json:"reviewed_by,omitempty"`
}

// Step is one change in a document's effect: from a date on (the zero
// date: from the start of what is known) it has this status, for this
// reason.
type Step struct {
	From    Date   `json:"from"`
	Status  string `json:"status"`
	Basis   string `json:"basis"`
	BasisVI string `json:"basis_vi"`
}

// Caution names a document that the held documents cite as bearing on
// this one (a later law of the same name, an amending law) but that the
// database does not hold: the status may be out of date because of it.
type Caution struct {
	Number  string `json:"number,omitempty"` // "" when it is cited by name and year only
	Name    string `json:"name,omitempty"`   // "Luật Đất đai"
	Year    int    `json:"year,omitempty"`
	Kind    string `json:"kind"`     // RelReplaces or RelAmends: what it may do
	CitedBy string `json:"cited_by"` // a held document that cites it
	Note    string `json:"note"`
	NoteVI  string `json:"note_vi"`
}

// Timeline is a document's effect over time, worked out once from its
// dates, the held documents that end, amend or postpone it, and its
// source record (law.Derive): every surface reads the status at a date
// from it, so that they cannot disagree.
type Timeline struct {
	Steps    []Step    `json:"steps"`
	Cautions []Caution `json:"cautions,omitempty"`
	Record   string    `json:"record,omitempty"` // the source record's own status: a second opinion
}

// At is the status at a date: the last step from on or before it.
func (t Timeline) At(at time.Time) Effect {
	day := at.UTC().Truncate(24 * time.Hour)
	e := Effect{AsOf: Date{Time: day}, Basis: []string{}, BasisVI: []string{}, Record: t.Record}
	for _, s := range t.Steps {
		if !s.From.IsZero() && s.From.After(day) {
			break
		}
		e.Basis = append(e.Basis, s.Basis)
		e.BasisVI = append(e.BasisVI, s.BasisVI)
	}
	e.Status = t.Thresholds().At(day)
	e.Cautions = t.CautionsAt(day)
	e.RecordDiffers = t.Record != "" && e.Status != "" && t.Record != e.Status && day.Equal(today())
	return e
}

// CautionsAt are the cautions that can bear on a day: those of a document
// of that year or before.
func (t Timeline) CautionsAt(day time.Time) []Caution {
	var out []Caution
	for _, c := range t.Cautions {
		if c.Year == 0 || c.Year <= day.Year() {
			out = append(out, c)
		}
	}
	return out
}

// today is the current day, UTC.
func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// Never and Always stand for "not known to happen" and "since before any
// date we know" in Thresholds: within the years an index keeps as
// nanoseconds since 1970 (1678 to 2262).
var (
	Never  = time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
	Always = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Thresholds are the first days a document is in force, partly expired
// and wholly expired (Never: not known to happen), for indexes that filter
// by status at a date with three date ranges; Known is false when no
// status can be given. The statuses only move forward (not yet, in force,
// partly, wholly expired), so each threshold is at or after the one before.
type Thresholds struct {
	Known                  bool
	InForce, Part, Expired time.Time
}

// Thresholds reads the timeline's steps as thresholds.
func (t Timeline) Thresholds() Thresholds {
	h := Thresholds{InForce: Never, Part: Never, Expired: Never}
	for _, s := range t.Steps {
		from := Always
		if !s.From.IsZero() {
			from = s.From.Time
		}
		switch s.Status {
		case StatusInForce:
			h.InForce = minTime(h.InForce, from)
		case StatusPartExpired:
			h.InForce, h.Part = minTime(h.InForce, from), minTime(h.Part, from)
		case StatusExpired:
			h.InForce, h.Part, h.Expired = minTime(h.InForce, from), minTime(h.Part, from), minTime(h.Expired, from)
		}
		h.Known = h.Known || s.Status != ""
	}
	return h
}

// At is the status on a day: the one reading of a timeline's status, for
// the timeline itself (Timeline.At) and for an index that keeps only the
// thresholds.
func (h Thresholds) At(day time.Time) string {
	switch {
	case !h.Known:
		return ""
	case day.Before(h.InForce):
		return StatusNotYet
	case !day.Before(h.Expired):
		return StatusExpired
	case !day.Before(h.Part):
		return StatusPartExpired
	}
	return StatusInForce
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Change is one amendment in an article's history: what was done to which
// provision, by which provision of which document, from when.
type Change struct {
	Action      string `json:"action"`
	By          string `json:"by"`
	ByProvision string `json:"by_provision"`
	Provision   string `json:"provision"`
	Effective   Date   `json:"effective"`
	Applied     bool   `json:"applied"`        // the text shown has it; false when the amendment gives no wording to put in
	Review      string `json:"review"`         // ReviewDraft (read by machine, not yet checked by a clerk) or ReviewConfirmed
	Note        string `json:"note,omitempty"` // why it could not be applied, or what it says
}

// ArticleAt is an article as in force at a date, with the amendments that
// made it so.
type ArticleAt struct {
	Number   string   `json:"number"`
	Text     string   `json:"text"`
	Repealed bool     `json:"repealed,omitempty"`
	Inserted bool     `json:"inserted,omitempty"` // added by an amendment
	History  []Change `json:"history"`
}

// TextAt is a document's text in force at a date.
type TextAt struct {
	AsOf     Date        `json:"as_of"`
	Text     string      `json:"text"`
	Articles []ArticleAt `json:"articles"`
	// Other are changes to units that are not in an article (a chapter's
	// name, a section, an appendix), with whether they could be applied.
	Other []Change `json:"other,omitempty"`
	// Pending are amendments passed but not yet in force at the date.
	Pending []Change `json:"pending,omitempty"`
	// Cautions name amending or replacing documents the database does not
	// hold: the text may lack their changes.
	Cautions []Caution `json:"cautions,omitempty"`
}
