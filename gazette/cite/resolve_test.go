package cite

import (
	"context"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/law"
)

type fakeLookup struct {
	docs []*gazette.Document
}

func (f fakeLookup) DocumentsByNumbers(_ context.Context, numbers []string) (map[string][]*gazette.Document, error) {
	out := map[string][]*gazette.Document{}
	for _, n := range numbers {
		for _, d := range f.docs {
			if d.Number == n {
				out[n] = append(out[n], d)
			}
		}
	}
	return out, nil
}

func (f fakeLookup) DocumentsByTitle(_ context.Context, title string) ([]*gazette.Document, error) {
	var out []*gazette.Document
	for i := len(f.docs) - 1; i >= 0; i-- { // newest first
		if TitleKey(f.docs[i].Title) == TitleKey(title) {
			out = append(out, f.docs[i])
		}
	}
	return out, nil
}

func TestResolve(t *testing.T) {
	look := fakeLookup{docs: []*gazette.Document{
		{ID: 1, Number: "416/QĐ-TTg", IssueDate: gazette.DateOf(2019, 3, 25), Language: "vi"},
		{ID: 2, Number: "416/QĐ-TTg", IssueDate: gazette.DateOf(2020, 3, 25), Language: "vi"},
		{ID: 3, Number: "15/2012/QH13", Title: "Luật xử lý vi phạm hành chính", IssueDate: gazette.DateOf(2012, 6, 20), Language: "vi"},
		{ID: 4, Number: "15/2012/QH13", Title: "Law on handling administrative violations", Language: "en"},
		{ID: 5, Number: "45/2013/QH13", Title: "Luật đất đai", IssueDate: gazette.DateOf(2013, 11, 29), Language: "vi"},
		{ID: 6, Number: "31/2024/QH15", Title: "Luật Đất đai", IssueDate: gazette.DateOf(2024, 1, 18), Language: "vi"},
	}}
	text := "Căn cứ Quyết định số 416/QĐ-TTg; Quyết định số 416/QĐ-TTg ngày 25 tháng 3 năm 2020; Luật số 15/2012/QH13; " +
		"Nghị định số 1/2000/NĐ-CP; Thông tư số 51/2025/TT; Luật Đất đai; Luật Đất đai ngày 29 tháng 11 năm 2013; Nghị định này."
	got, err := Resolve(context.Background(), FindCitations(text), look, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status int
		ids    []int64
	}{{300, []int64{1, 2}}, {200, []int64{2}}, {200, []int64{3}}, {404, nil}, {400, nil}, {200, []int64{6}}, {200, []int64{5}}, {404, nil}}
	if len(got) != len(want) {
		t.Fatalf("Resolve gave %d citations, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		var ids []int64
		for _, d := range got[i].Documents {
			ids = append(ids, d.ID)
		}
		if got[i].Status != w.status || len(ids) != len(w.ids) || len(ids) > 0 && ids[0] != w.ids[0] {
			t.Errorf("%q: status %d documents %v, want %d %v", got[i].Surface, got[i].Status, ids, w.status, w.ids)
		}
	}
}

// TestResolveStatusIsThePagesStatus: a lookup at a date and the document
// page agree on an act repealed by a later one (the lookup read only the
// act's own dates, and called it in force).
func TestResolveStatusIsThePagesStatus(t *testing.T) {
	act := &gazette.Document{ID: 1, Number: "45/2013/QH13", Title: "Luật đất đai", IssueDate: gazette.DateOf(2013, 11, 29),
		EffectiveDate: gazette.DateOf(2014, 7, 1), EffectStatus: gazette.StatusInForce, Language: "vi"}
	repeal := gazette.Ending{Kind: gazette.RelReplaces, Number: "31/2024/QH15", ID: 2, Effective: gazette.DateOf(2024, 8, 1)}
	tl := law.Derive(act, []gazette.Ending{repeal}, nil, nil)
	act.Timeline = &tl
	look := fakeLookup{docs: []*gazette.Document{act}}
	for _, c := range []struct {
		at   gazette.Date
		want string
	}{{gazette.DateOf(2020, 1, 1), gazette.StatusInForce}, {gazette.DateOf(2025, 1, 1), gazette.StatusExpired}} {
		got, err := Resolve(context.Background(), NumberCitations([]string{"45/2013/QH13"}), look, c.at.Time)
		if err != nil {
			t.Fatal(err)
		}
		page := act.EffectAt(c.at.Time).Status
		if len(got) != 1 || len(got[0].Documents) != 1 || got[0].Documents[0].StatusAsOf != c.want || page != c.want {
			t.Errorf("at %s: lookup %+v, page %q; want both %q", c.at, got, page, c.want)
		}
	}
}
