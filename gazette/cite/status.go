package cite

import (
	"fmt"
	"regexp"
	"time"

	"congbao/gazette"
)

// partRe finds articles or clauses named in an ending sentence: then only
// part of the document ends ("… khoản 2 Điều 75 của Luật số … hết hiệu lực").
var partRe = regexp.MustCompile(`(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Mm]ục)\s+(?:\d|[IVXLC]+\b|[a-zđ]\))`)

// add records one step of the derivation in both languages.
func add(e *gazette.Effect, en, vi string) {
	e.Basis = append(e.Basis, en)
	e.BasisVI = append(e.BasisVI, vi)
}

// kindVI names an ending in Vietnamese.
func kindVI(kind string) string {
	switch kind {
	case gazette.RelReplaces:
		return "bị thay thế"
	case gazette.RelRepeals:
		return "bị bãi bỏ"
	case gazette.RelExpires:
		return "hết hiệu lực"
	}
	return kind
}

// DeriveEffect works out the effect status of d at a date from its own
// effective and expiry dates, from the later documents that end it, and
// from what its source record says. It is the one rule: the document
// pages, the API and citation lookups (Resolve) all take it. A
// whole document replaced, repealed or declared expired is expired from the
// day the ending document takes effect; an ending with a pinpoint (an
// article, a clause) leaves it partly expired. Amendments leave it in force.
func DeriveEffect(d *gazette.Document, endings []gazette.Ending, at time.Time) gazette.Effect {
	e := gazette.Effect{AsOf: gazette.Date{Time: at.UTC().Truncate(24 * time.Hour)}, Basis: []string{}, BasisVI: []string{}}
	if !d.EffectiveDate.IsZero() {
		add(&e, fmt.Sprintf("in force from %s (%s)", d.EffectiveDate, orNone(d.EffectiveBasis)),
			fmt.Sprintf("có hiệu lực từ %s (%s)", d.EffectiveDate, gazette.BasisVI(d.EffectiveBasis)))
		if at.Before(d.EffectiveDate.Time) {
			e.Status = gazette.StatusNotYet
			return e
		}
	}
	if !d.ExpiryDate.IsZero() && !at.Before(d.ExpiryDate.Time) {
		e.Status = gazette.StatusExpired
		add(&e, "expired on "+d.ExpiryDate.String()+" (stated by the source record)",
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
			e.Status = gazette.StatusExpired
			add(&e, fmt.Sprintf("%s by %s (in force %s)", x.Kind, x.Number, x.Effective),
				fmt.Sprintf("%s bởi %s (có hiệu lực %s)", kindVI(x.Kind), x.Number, x.Effective))
			return e
		}
		partly = true
		pin := x.Pinpoint
		if pin == "part (the sentence names articles or clauses)" {
			pin = "một phần (câu nêu điều, khoản)"
		}
		add(&e, fmt.Sprintf("%s of %s by %s (in force %s)", x.Kind, x.Pinpoint, x.Number, x.Effective),
			fmt.Sprintf("%s: %s, bởi %s (có hiệu lực %s)", kindVI(x.Kind), pin, x.Number, x.Effective))
	}
	switch {
	case partly:
		e.Status = gazette.StatusPartExpired
	case d.EffectStatus == gazette.StatusExpired && d.ExpiryDate.IsZero():
		// the source record says it ended, without a date we hold and
		// without an ending document we hold (a vbpl record)
		e.Status = gazette.StatusExpired
		add(&e, "expired: the source record says so (no expiry date or ending document held)",
			"hết hiệu lực: theo bản ghi nguồn (không có ngày hết hiệu lực hay văn bản làm hết hiệu lực)")
	case d.EffectStatus == gazette.StatusPartExpired:
		e.Status = gazette.StatusPartExpired
		add(&e, "partly expired: the source record says so", "hết hiệu lực một phần: theo bản ghi nguồn")
	case d.EffectiveDate.IsZero() && d.EffectStatus != "":
		e.Status = d.EffectStatus
		add(&e, "no effective date known; the source record says "+d.EffectStatus,
			"chưa rõ ngày có hiệu lực; bản ghi nguồn ghi: "+d.EffectStatus)
	case d.EffectiveDate.IsZero():
		e.Status = ""
		add(&e, "no effective date known", "chưa rõ ngày có hiệu lực")
	default:
		e.Status = gazette.StatusInForce
	}
	return e
}

// orNone shows an empty basis as "nothing".
func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
