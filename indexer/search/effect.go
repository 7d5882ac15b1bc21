package search

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"congbao/gazette"
)

// Effect is what the index keeps of a document's effect: the first days
// it is in force, partly expired and wholly expired, from its timeline
// (the one rule, law.Derive). The status at any date follows from them
// (gazette.Thresholds.At), so the index holds no status frozen on the day
// it was built.
type Effect struct{ gazette.Thresholds }

// EffectOf reads a document's thresholds from its timeline.
func EffectOf(d *gazette.Document) Effect {
	if d.Timeline == nil {
		return Effect{}
	}
	return Effect{d.Timeline.Thresholds()}
}

// String is "2014-07-01|2020-01-01|2200-12-31" ("" when unknown).
func (e Effect) String() string {
	if !e.Known {
		return ""
	}
	return e.InForce.Format(time.DateOnly) + "|" + e.Part.Format(time.DateOnly) + "|" + e.Expired.Format(time.DateOnly)
}

// parseEffect reads String's form.
func parseEffect(s string) (Effect, bool) {
	f := strings.Split(s, "|")
	if len(f) != 3 {
		return Effect{}, false
	}
	var e Effect
	var err error
	for i, dst := range []*time.Time{&e.InForce, &e.Part, &e.Expired} {
		if *dst, err = time.Parse(time.DateOnly, f[i]); err != nil {
			return Effect{}, false
		}
	}
	e.Known = true
	return e, true
}

// statuses are the values of the status filter: vbpl.vn's names, typed
// with or without diacritics, and short English names.
var statuses = map[string]string{
	"in_force": gazette.StatusInForce, "not_yet": gazette.StatusNotYet,
	"partly_expired": gazette.StatusPartExpired, "expired": gazette.StatusExpired,
}

// statusOf reads a status filter's value; "" when it names none.
func statusOf(v string) string {
	if s, ok := statuses[strings.ToLower(v)]; ok {
		return s
	}
	k := Fold(v)
	for _, s := range []string{gazette.StatusInForce, gazette.StatusNotYet, gazette.StatusPartExpired, gazette.StatusExpired} {
		if k == Fold(s) {
			return s
		}
	}
	if k == Fold("Hết hiệu lực") {
		return gazette.StatusExpired
	}
	return ""
}

// statusQuery matches the entries of documents with this status on day:
// date ranges on the three thresholds.
func statusQuery(status string, day time.Time) query.Query {
	next := day.AddDate(0, 0, 1)
	before := func(field string) query.Query { // the threshold is on or before day
		q := bleve.NewDateRangeQuery(time.Time{}, next)
		q.SetField(field)
		return q
	}
	after := func(field string) query.Query { // the threshold is after day
		q := bleve.NewDateRangeQuery(next, time.Time{})
		q.SetField(field)
		return q
	}
	switch status {
	case gazette.StatusNotYet:
		return after(FieldInForceFrom)
	case gazette.StatusInForce:
		return bleve.NewConjunctionQuery(before(FieldInForceFrom), after(FieldPartFrom))
	case gazette.StatusPartExpired:
		return bleve.NewConjunctionQuery(before(FieldPartFrom), after(FieldExpiredFrom))
	}
	return before(FieldExpiredFrom)
}
