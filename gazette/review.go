package gazette

import (
	"fmt"
	"strings"
)

// Blocker is a reason a draft may not be published as it is: the clerk
// fixes it, or publishes over it with a recorded reason (an override).
type Blocker struct {
	Code      string `json:"code"` // "no_number", "incomplete", or the code of a check
	Message   string `json:"message"`
	MessageVI string `json:"message_vi"`
}

// Blockers lists what stands in the way of publishing d: no number, a part
// missing (the document continues in an issue not yet ingested, or
// continues one), and each check on the text whose field still holds what
// the text printed (correcting the field lifts its check). Parts must be
// loaded for a missing part to be seen. A held (classified) document is
// not blocked but barred: see Held.
func (d *Document) Blockers() []Blocker {
	var out []Blocker
	if d.Number == "" {
		out = append(out, Blocker{"no_number", "the document has no number",
			"văn bản chưa có số, ký hiệu"})
	}
	var where []string
	if n := len(d.Parts); !d.Complete && n > 0 {
		// the ends of the chain: a link inside it is a part that is there
		if from := d.Parts[0].ContinuesFrom; from != "" {
			where = append(where, "continues issue "+from)
		}
		if in := d.Parts[n-1].ContinuedIn; in != "" {
			where = append(where, "is continued in issue "+in)
		}
	}
	if len(where) > 0 {
		detail := strings.Join(where, ", ")
		out = append(out, Blocker{"incomplete", "a part of the document is missing: it " + detail,
			"văn bản còn thiếu phần: " + strings.NewReplacer("continues issue", "tiếp theo số", "is continued in issue", "còn tiếp ở số").Replace(detail)})
	}
	if d.Extracted != nil {
		for _, c := range d.Extracted.Checks {
			if d.stillAsPrinted(c.Field) {
				out = append(out, Blocker{c.Code, c.Message, c.MessageVI})
			}
		}
	}
	return out
}

// stillAsPrinted reports whether d's field holds what the text printed.
func (d *Document) stillAsPrinted(field string) bool {
	x := d.Extracted
	switch field {
	case "number":
		return d.Number == x.Number
	case "type":
		return d.Type == x.Type && d.TypeName == x.TypeName
	case "issuer":
		return d.IssuerName == x.IssuerName && d.Issuer == x.Issuer
	case "effective_date":
		return d.EffectiveDate == x.EffectiveDate
	case "issue_date":
		return d.IssueDate == x.IssueDate
	}
	return true
}

// BlockersText joins blockers into one message, Vietnamese then English.
func BlockersText(bs []Blocker) string {
	vi, en := make([]string, len(bs)), make([]string, len(bs))
	for i, b := range bs {
		vi[i], en[i] = b.MessageVI, b.Message
	}
	return fmt.Sprintf("Chưa thể công bố: %s. Sửa các điểm này, hoặc công bố kèm lý do (override). Not published: %s; fix them, or publish with an override reason.",
		strings.Join(vi, "; "), strings.Join(en, "; "))
}
