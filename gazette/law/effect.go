package law

import (
	"fmt"
	"regexp"
	"sort"

	"congbao/gazette"
)

// partRe finds articles or clauses named in an ending sentence: then only
// part of the document ends ("… khoản 2 Điều 75 của Luật số … hết hiệu lực").
var partRe = regexp.MustCompile(`(?:[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Mm]ục)\s+(?:\d|[IVXLC]+\b|[a-zđ]\))`)

// rank orders the statuses: they only move forward.
var rank = map[string]int{"": 0, gazette.StatusNotYet: 1, gazette.StatusInForce: 2, gazette.StatusPartExpired: 3, gazette.StatusExpired: 4}

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

// Derive is the one effect rule: a document's effect over time from its
// own effective and expiry dates, the held documents that end it (a whole
// document replaced, repealed or declared expired is expired from the day
// the ending document takes effect; an ending of some articles leaves it
// partly expired), the held amendments that postpone it or change it
// (amendments leave it in force, and are named as a basis), and, where the
// held documents say nothing, what its source record says. Cautions name
// the documents the held ones cite as bearing on it that are not held.
// The document pages, the API, search (its status filter and facet), the
// lookups and the feeds all read the status at a date from it.
func Derive(d *gazette.Document, endings []gazette.Ending, amendments []gazette.Amendment, cautions []gazette.Caution) gazette.Timeline {
	t := gazette.Timeline{Steps: []gazette.Step{}, Cautions: cautions, Record: d.EffectStatus}
	eff := d.EffectiveDate
	basis := d.EffectiveBasis
	for _, a := range amendments {
		if a.Action == gazette.ActPostpone && a.Review != gazette.ReviewRejected && !a.Effective.IsZero() {
			if date, ok := postponedTo(a); ok {
				eff = date
				basis = fmt.Sprintf("set by %s: %s", a.By, a.Evidence)
			}
		}
	}
	var steps []gazette.Step
	add := func(from gazette.Date, status, en, vi string) {
		steps = append(steps, gazette.Step{From: from, Status: status, Basis: en, BasisVI: vi})
	}
	if !eff.IsZero() {
		add(gazette.Date{}, gazette.StatusNotYet, "not in force before "+eff.String(), "chưa có hiệu lực trước ngày "+eff.String())
		add(eff, gazette.StatusInForce, fmt.Sprintf("in force from %s (%s)", eff, orNone(basis)),
			fmt.Sprintf("có hiệu lực từ %s (%s)", eff, gazette.BasisVI(basis)))
	}
	if !d.ExpiryDate.IsZero() {
		add(d.ExpiryDate, gazette.StatusExpired, "expired on "+d.ExpiryDate.String()+" (stated by the source record)",
			"hết hiệu lực từ "+d.ExpiryDate.String()+" (theo bản ghi nguồn)")
	}
	ended, partly := false, false
	for _, x := range endings {
		if !x.Effective.IsZero() && !eff.IsZero() && x.Effective.Before(eff.Time) {
			continue // it took effect before this document did: it cites an earlier one of the same number
		}
		from := x.Effective
		if from.IsZero() {
			from = eff
		}
		if x.Pinpoint == "" && !partRe.MatchString(x.Basis) {
			ended = true
			add(from, gazette.StatusExpired, fmt.Sprintf("%s by %s (in force %s)", x.Kind, x.Number, x.Effective),
				fmt.Sprintf("%s bởi %s (có hiệu lực %s)", kindVI(x.Kind), x.Number, x.Effective))
			continue
		}
		partly = true
		pin, pinVI := x.Pinpoint, x.Pinpoint
		if pin == "" {
			pin, pinVI = "part (the sentence names articles or clauses)", "một phần (câu nêu điều, khoản)"
		}
		add(from, gazette.StatusPartExpired, fmt.Sprintf("%s of %s by %s (in force %s)", x.Kind, pin, x.Number, x.Effective),
			fmt.Sprintf("%s: %s, bởi %s (có hiệu lực %s)", kindVI(x.Kind), pinVI, x.Number, x.Effective))
	}
	switch {
	case ended || !d.ExpiryDate.IsZero():
	case d.EffectStatus == gazette.StatusExpired:
		// the source record says it ended, without a date or an ending document we hold
		add(eff, gazette.StatusExpired, "expired: the source record says so (no expiry date or ending document held; the date is not known)",
			"hết hiệu lực: theo bản ghi nguồn (không có ngày hết hiệu lực hay văn bản làm hết hiệu lực; không rõ từ ngày nào)")
	case d.EffectStatus == gazette.StatusPartExpired && !partly:
		add(eff, gazette.StatusPartExpired, "partly expired: the source record says so", "hết hiệu lực một phần: theo bản ghi nguồn")
	case eff.IsZero() && d.EffectStatus != "" && len(steps) == 0:
		add(gazette.Date{}, d.EffectStatus, "no effective date known; the source record says "+d.EffectStatus,
			"chưa rõ ngày có hiệu lực; bản ghi nguồn ghi: "+d.EffectStatus)
	}
	// amendments in force are a basis, not a change of status
	byAmender := map[string]gazette.Date{}
	for _, a := range amendments {
		if a.Action == gazette.ActPostpone || a.Review == gazette.ReviewRejected || a.Effective.IsZero() {
			continue
		}
		if old, ok := byAmender[a.By]; !ok || a.Effective.Before(old.Time) {
			byAmender[a.By] = a.Effective
		}
	}
	for by, from := range byAmender {
		add(from, "", "amended by "+by+" from "+from.String(), "được sửa đổi, bổ sung bởi "+by+" từ "+from.String())
	}
	t.Steps = order(steps)
	return t
}

// order sorts the steps by date (the undated first) and keeps the
// statuses moving forward: a step that would move back is dropped, and a
// step without a status (an amendment) takes the status of its day.
func order(steps []gazette.Step) []gazette.Step {
	sort.SliceStable(steps, func(i, j int) bool {
		a, b := steps[i].From, steps[j].From
		if a.Equal(b.Time) {
			return rank[steps[i].Status] > 0 && rank[steps[j].Status] == 0
		}
		return a.IsZero() || !b.IsZero() && a.Before(b.Time)
	})
	out := []gazette.Step{}
	cur := ""
	for _, s := range steps {
		switch {
		case s.Status == "":
			if cur == "" {
				continue
			}
			s.Status = cur
		case rank[s.Status] < rank[cur]:
			continue
		}
		cur = s.Status
		out = append(out, s)
	}
	return out
}

// postponedTo is the new effective date a postponing amendment gives.
func postponedTo(a gazette.Amendment) (gazette.Date, bool) {
	d, err := gazette.ParseDate(a.Text)
	return d, err == nil && !d.IsZero()
}

// orNone shows an empty basis as "nothing".
func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
