package gazette

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// Role is what a token allows. The public reader has no token.
type Role string

// Roles, from least to most allowed.
const (
	RolePublic Role = ""
	RoleClerk  Role = "clerk"
	RoleAdmin  Role = "admin"
	// RoleAgency is a ministry's or a province's portal pushing its own
	// documents: it may upload, and publish only documents whose number
	// and issuing body are those of its issuer codes (Token.MayPublish).
	// It is outside the clerk–admin line: it may do nothing else a clerk may.
	RoleAgency Role = "agency"
)

// ParseRole reads a role name ("clerk", "admin", "agency").
func ParseRole(s string) (Role, bool) {
	switch Role(s) {
	case RoleClerk, RoleAdmin, RoleAgency:
		return Role(s), true
	}
	return "", false
}

// Allows reports whether r may do what need may: an admin may do what a
// clerk may, and everyone what the public may.
func (r Role) Allows(need Role) bool {
	switch need {
	case RolePublic:
		return true
	case RoleClerk:
		return r == RoleClerk || r == RoleAdmin
	}
	return r == need
}

// Token is a named API credential. Only its hash is stored; the value is
// shown once, when it is created.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Issuers   []string   `json:"issuers,omitempty"` // an agency's issuer codes
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Job states of an uploaded file.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is the ingest of one uploaded file: acknowledged once the file is
// stored, run in the background, polled by the clerk who uploaded it.
type Job struct {
	ID        int64     `json:"id"`
	SHA256    string    `json:"sha256"`
	FileName  string    `json:"file_name"`
	State     string    `json:"state"`
	Step      string    `json:"step,omitempty"` // what it is doing now ("extracting text")
	Error     string    `json:"error,omitempty"`
	Pages     int       `json:"pages"`
	Documents []int64   `json:"documents"`
	Notes     []string  `json:"notes,omitempty"` // what the reviewer should know: revisions of published documents, documents held
	Actor     string    `json:"actor"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Path      string    `json:"-"` // the stored upload the worker reads
}

// MayPublish says why an agency token may not publish or upload d (nil
// when it may): every issuer code of its number must be one of the
// token's, and its issuing body must be the one those codes name. Clerks
// and admins may publish any document (their review is the check).
func (t *Token) MayPublish(d *Document) error {
	if t.Role != RoleAgency {
		return nil
	}
	only := strings.Join(t.Issuers, ", ")
	if d.Number == "" || d.Issuer == "" {
		return fmt.Errorf("%q has no number naming its issuer; agency %q publishes and uploads only numbered documents of %s (a clerk takes the others): %w",
			cmp.Or(d.Title, "the document"), t.Name, only, ErrForbidden)
	}
	codes := strings.Split(d.Issuer, "+")
	for _, code := range codes {
		if !slices.ContainsFunc(t.Issuers, func(x string) bool { return strings.EqualFold(x, code) }) {
			return fmt.Errorf("%s is issued by %s; agency %q publishes and uploads only for %s: %w",
				d.Number, code, t.Name, only, ErrForbidden)
		}
	}
	// its issuing body must be the one its number names ("12/2026/TT-BTC"
	// printed under "BỘ CÔNG AN" is not the ministry's to publish)
	if want := number.IssuerName(codes[0]); len(codes) == 1 && want != "" && d.IssuerName != "" &&
		vntext.FoldLower(want) != vntext.FoldLower(d.IssuerName) {
		return fmt.Errorf("%s names %q as its issuing body, not %q, which its number names: %w",
			d.Number, d.IssuerName, want, ErrForbidden)
	}
	return nil
}
