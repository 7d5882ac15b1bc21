package gazette

import "time"

// Role is what a token allows. The public reader has no token.
type Role string

// Roles, from least to most allowed.
const (
	RolePublic Role = ""
	RoleClerk  Role = "clerk"
	RoleAdmin  Role = "admin"
)

// ParseRole reads a role name ("clerk", "admin").
func ParseRole(s string) (Role, bool) {
	switch Role(s) {
	case RoleClerk, RoleAdmin:
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
