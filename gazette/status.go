package gazette

import (
	"fmt"
	"regexp"
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
	Status string   `json:"status"`
	AsOf   Date     `json:"as_of"`
	Basis  []string `json:"basis"`
}

// DeriveEffect works out the effect status of d at a date from its own
// effective and expiry dates and from the later documents that end it. A
// whole document replaced, repealed or declared expired is expired from the
// day the ending document takes effect; an ending with a pinpoint (an
// article, a clause) leaves it partly expired. Amendments leave it in force.
func DeriveEffect(d *Document, endings []Ending, at time.Time) Effect {
	e := Effect{AsOf: Date{at.UTC().Truncate(24 * time.Hour)}, Basis: []string{}}
	if !d.EffectiveDate.IsZero() {
		e.Basis = append(e.Basis, fmt.Sprintf("in force from %s (%s)", d.EffectiveDate, orNone(d.EffectiveBasis)))
		if at.Before(d.EffectiveDate.Time) {
			e.Status = StatusNotYet
			return e
		}
	}
	if !d.ExpiryDate.IsZero() && !at.Before(d.ExpiryDate.Time) {
		e.Status = StatusExpired
		e.Basis = append(e.Basis, "expired on "+d.ExpiryDate.String()+" (stated by the source record)")
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
			e.Basis = append(e.Basis, fmt.Sprintf("%s by %s (in force %s)", x.Kind, x.Number, x.Effective))
			return e
		}
		partly = true
		e.Basis = append(e.Basis, fmt.Sprintf("%s of %s by %s (in force %s)", x.Kind, x.Pinpoint, x.Number, x.Effective))
	}
	switch {
	case partly:
		e.Status = StatusPartExpired
	case d.EffectiveDate.IsZero() && d.EffectStatus != "":
		e.Status = d.EffectStatus
		e.Basis = append(e.Basis, "no effective date known; the source record says "+d.EffectStatus)
	case d.EffectiveDate.IsZero():
		e.Status = ""
		e.Basis = append(e.Basis, "no effective date known")
	default:
		e.Status = StatusInForce
	}
	return e
}
