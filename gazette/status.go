package gazette

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

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

// partRe finds articles or clauses named in an ending sentence: then only
// part of the document ends ("… khoản 2 Điều 75 của Luật số … hết hiệu lực").
var partRe = regexp.MustCompile(`(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Mm]ục)\s+(?:\d|[IVXLC]+\b|[a-zđ]\))`)

// Effect is a document's effect status at a date with how it was derived.
type Effect struct {
	Status  string   `json:"status"`
	AsOf    Date     `json:"as_of"`
	Basis   []string `json:"basis"`    // how it was derived
	BasisVI []string `json:"basis_vi"` // the same, in Vietnamese (the pages show it)
}

// add records one step of the derivation in both languages.
func (e *Effect) add(en, vi string) {
	e.Basis = append(e.Basis, en)
	e.BasisVI = append(e.BasisVI, vi)
}

// basisVI says in Vietnamese how an effective date was found: the clause
// quoted from the text as it is, the other bases translated.
func basisVI(b string) string {
	switch {
	case b == "":
		return "không rõ"
	case strings.HasPrefix(b, "stated by the source record (the text says: "):
		inner := strings.TrimSuffix(strings.TrimPrefix(b, "stated by the source record (the text says: "), ")")
		if inner == "nothing" {
			inner = "không ghi"
		}
		return "theo bản ghi nguồn (văn bản ghi: " + inner + ")"
	case b == "corrected by a clerk":
		return "do cán bộ nhập liệu sửa"
	}
	return b
}

// kindVI names an ending in Vietnamese.
func kindVI(kind string) string {
	switch kind {
	case RelReplaces:
		return "bị thay thế"
	case RelRepeals:
		return "bị bãi bỏ"
	case RelExpires:
		return "hết hiệu lực"
	}
	return kind
}

// DeriveEffect works out the effect status of d at a date from its own
// effective and expiry dates and from the later documents that end it. A
// whole document replaced, repealed or declared expired is expired from the
// day the ending document takes effect; an ending with a pinpoint (an
// article, a clause) leaves it partly expired. Amendments leave it in force.
func DeriveEffect(d *Document, endings []Ending, at time.Time) Effect {
	e := Effect{AsOf: Date{at.UTC().Truncate(24 * time.Hour)}, Basis: []string{}, BasisVI: []string{}}
	if !d.EffectiveDate.IsZero() {
		e.add(fmt.Sprintf("in force from %s (%s)", d.EffectiveDate, orNone(d.EffectiveBasis)),
			fmt.Sprintf("có hiệu lực từ %s (%s)", d.EffectiveDate, basisVI(d.EffectiveBasis)))
		if at.Before(d.EffectiveDate.Time) {
			e.Status = StatusNotYet
			return e
		}
	}
	if !d.ExpiryDate.IsZero() && !at.Before(d.ExpiryDate.Time) {
		e.Status = StatusExpired
		e.add("expired on "+d.ExpiryDate.String()+" (stated by the source record)",
			"hết hiệu lực từ "+d.ExpiryDate.String()+" (theo bản ghi nguồn)")
		return e
	}
	partly := false
	for _, x := range endings {
		if !x.Effective.IsZero() && at.Before(x.Effective.Time) {
			continue // the ending document is not yet in force
		}
		if !x.Effective.IsZero() && !d.EffectiveDate.IsZero() && x.Effective.Before(d.EffectiveDate.Time) {
			continue // it took effect before this document did: it cites an earlier one of the same number
		}
		if x.Pinpoint == "" && partRe.MatchString(x.Basis) {
			x.Pinpoint = "part (the sentence names articles or clauses)"
		}
		if x.Pinpoint == "" {
			e.Status = StatusExpired
			e.add(fmt.Sprintf("%s by %s (in force %s)", x.Kind, x.Number, x.Effective),
				fmt.Sprintf("%s bởi %s (có hiệu lực %s)", kindVI(x.Kind), x.Number, x.Effective))
			return e
		}
		partly = true
		pin := x.Pinpoint
		if pin == "part (the sentence names articles or clauses)" {
			pin = "một phần (câu nêu điều, khoản)"
		}
		e.add(fmt.Sprintf("%s of %s by %s (in force %s)", x.Kind, x.Pinpoint, x.Number, x.Effective),
			fmt.Sprintf("%s: %s, bởi %s (có hiệu lực %s)", kindVI(x.Kind), pin, x.Number, x.Effective))
	}
	switch {
	case partly:
		e.Status = StatusPartExpired
	case d.EffectiveDate.IsZero() && d.EffectStatus != "":
		e.Status = d.EffectStatus
		e.add("no effective date known; the source record says "+d.EffectStatus,
			"chưa rõ ngày có hiệu lực; bản ghi nguồn ghi: "+d.EffectStatus)
	case d.EffectiveDate.IsZero():
		e.Status = ""
		e.add("no effective date known", "chưa rõ ngày có hiệu lực")
	default:
		e.Status = StatusInForce
	}
	return e
}
