package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
)

// TestWatches: a clerk watches Nghị định 43/2011/NĐ-CP, its Điều 5, its
// Điều 9 and a query; an amending decree is published. The document watch
// and the Điều 5 watch fire with the action, the provision (its target
// from the parent clause) and the date it takes effect, the Điều 9
// watch does not, the query fires on the new decree only; the document
// watch's webhook fails three times and then receives the event, signed
// with the watch's secret; the Atom feed answers only to its key; another
// token holder sees none of it; a withdrawal of the watched document fires
// the document watch again.
func TestWatches(t *testing.T) {
	s := newScenario(t)
	ctx := context.Background()
	recv := newReceiver(t, 3)

	create := func(token, body string) watchView {
		t.Helper()
		status, out := s.do("POST", "/api/v1/watches", token, "application/json", []byte(body))
		if status != 201 {
			t.Fatalf("create watch %s = %d %s", body, status, out)
		}
		var v watchView
		if err := json.Unmarshal([]byte(out), &v); err != nil || v.Secret == "" || !strings.Contains(v.Atom, v.Secret) {
			t.Fatalf("created watch %s: %v", out, err)
		}
		return v
	}
	doc := create(s.clerk, fmt.Sprintf(`{"document": "nghi dinh 43/2011/ND-CP", "webhook_url": %q}`, recv.srv.URL))
	recv.setSecret(doc.Secret)
	art5 := create(s.clerk, `{"document": "43/2011/NĐ-CP", "article": "Điều 5"}`)
	art9 := create(s.clerk, `{"document": "43/2011/NĐ-CP", "article": "9"}`)
	query := create(s.clerk, `{"query": "dịch vụ công trực tuyến type:NĐ -thuế"}`)
	if doc.Kind != gazette.WatchDocument || art5.Kind != gazette.WatchArticle || art5.Article != "5" || query.Kind != gazette.WatchQuery {
		t.Errorf("kinds %s %s(%s) %s", doc.Kind, art5.Kind, art5.Article, query.Kind)
	}
	for _, bad := range []string{`{"document": "99/2019/NĐ-CP"}`, `{"document": "abc"}`, `{}`, `{"query": "x", "document": "43/2011/NĐ-CP"}`,
		`{"query": "x", "webhook_url": "file:///etc/passwd"}`, `{"document": "43/2011/NĐ-CP", "article": "khoản 2"}`} {
		if status, out := s.do("POST", "/api/v1/watches", s.clerk, "application/json", []byte(bad)); status < 400 || status > 499 {
			t.Errorf("create watch %s = %d %s, want refused", bad, status, out)
		}
	}
	if status, _ := s.do("POST", "/api/v1/watches", "", "application/json", []byte(`{"query": "x"}`)); status != 401 {
		t.Errorf("a watch without a token = %d, want 401", status)
	}

	// an amending decree is published
	st, err := s.db.ImportRecord(ctx, "test", gazette.Record{Key: "test:watch", State: gazette.StateDraft,
		Text: "CHÍNH PHỦ\nSố: 20/2026/NĐ-CP\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\nSửa đổi, bổ sung Nghị định số 43/2011/NĐ-CP về dịch vụ công trực tuyến\n" +
			"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 43/2011/NĐ-CP\n1. Sửa đổi khoản 2 Điều 5 như sau:\n“2. Cơ quan nhà nước cung cấp dịch vụ công trực tuyến mức độ 4.”.\n" +
			"2. Bãi bỏ Điều 7.\n" +
			"Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2026."})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := s.do("POST", fmt.Sprintf("/api/v1/documents/%d/publish", st.ID), s.clerk, "application/json", []byte(`{"override": "đã duyệt"}`)); status != 200 {
		t.Fatalf("publish = %d %s", status, body)
	}
	clock := time.Now()
	d := &Dispatcher{Hooks: s.db, Store: s.db, Watches: s.db, BaseURL: "http://congbao.test", Now: func() time.Time { return clock }}
	for i := 0; i < 10; i++ {
		if err := d.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if bodies, _, _ := recv.snapshot(); len(bodies) >= 2 {
			break
		}
		w, _ := s.db.WatchByID(ctx, doc.ID)
		clock = w.NextAt // the retry is due
	}
	events := func(w watchView) []gazette.WatchEvent {
		t.Helper()
		status, body := s.do("GET", fmt.Sprintf("/api/v1/watches/%d/events", w.ID), s.clerk, "", nil)
		var out struct {
			Events []gazette.WatchEvent `json:"events"`
		}
		if err := json.Unmarshal([]byte(body), &out); status != 200 || err != nil {
			t.Fatalf("events of watch %d = %d %s", w.ID, status, body)
		}
		return out.Events
	}
	// the target of "1. Sửa đổi khoản 2 Điều 5" comes from its parent clause, the date from Điều 2
	es := events(doc)
	reasons := map[string]string{}
	for _, e := range es {
		reasons[e.Action] = e.Reason
		if e.DocumentID != st.ID {
			t.Errorf("event %+v names document %d, want %d", e, e.DocumentID, st.ID)
		}
	}
	if len(es) != 2 || !strings.Contains(reasons[gazette.RelAmends], "Nghị định 20/2026/NĐ-CP sửa đổi, bổ sung khoản 2 Điều 5 của 43/2011/NĐ-CP") ||
		!strings.Contains(reasons[gazette.RelAmends], "từ ngày 01/05/2026") || !strings.Contains(reasons[gazette.RelRepeals], "bãi bỏ Điều 7") {
		t.Errorf("document watch events %q; want the amendment of khoản 2 Điều 5 from 01/05/2026 and the repeal of Điều 7", reasons)
	}
	if es := events(art5); len(es) != 1 || es[0].Action != gazette.RelAmends {
		t.Errorf("Điều 5 watch events %+v; want one amendment", es)
	}
	if es := events(art9); len(es) != 0 {
		t.Errorf("Điều 9 watch fired: %+v", es)
	}
	if es := events(query); len(es) != 1 || es[0].Action != gazette.WatchMatched || es[0].DocumentID != st.ID {
		t.Errorf("query watch events %+v; want the new decree matched", es)
	}
	bodies, calls, bad := recv.snapshot()
	var got []WatchPayload
	for _, b := range bodies {
		var p WatchPayload
		if err := json.Unmarshal(b, &p); err != nil {
			t.Errorf("payload %s: %v", b, err)
		}
		got = append(got, p)
	}
	if len(got) != 2 || got[0].Watch != doc.ID || got[0].ID >= got[1].ID || bad != 0 || calls != 5 {
		t.Errorf("webhook got %+v after %d calls (%d badly signed); want both events, in order, from the 4th", got, calls, bad)
	}

	// the feed answers to its key only
	status, body := s.do("GET", doc.Atom[strings.Index(doc.Atom, "/api/"):], "", "", nil)
	if status != 200 || !strings.Contains(body, "<feed") || !strings.Contains(body, "20/2026/NĐ-CP") || !strings.Contains(body, "khoản 2 Điều 5") {
		t.Errorf("watch feed = %d %.400s", status, body)
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/watches/%d/atom?key=%s", doc.ID, strings.Repeat("0", 64)), "", "", nil); status != 404 {
		t.Errorf("watch feed with a wrong key = %d, want 404", status)
	}
	// another token holder sees none of it
	other, _, err := s.db.CreateToken(ctx, "test", "hoa", gazette.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/watches/%d/events", doc.ID), other, "", nil); status != 404 {
		t.Errorf("another clerk reading the watch = %d, want 404", status)
	}
	if status, body := s.do("GET", "/api/v1/watches", other, "", nil); status != 200 || strings.Contains(body, `"id":`) {
		t.Errorf("another clerk's watch list = %d %s, want empty", status, body)
	}
	if status, body := s.do("GET", "/api/v1/watches", s.clerk, "", nil); status != 200 || strings.Contains(body, doc.Secret) {
		t.Errorf("watch list = %d and shows a secret: %v", status, strings.Contains(body, doc.Secret))
	}
	// the watched document withdrawn: the document watch fires, the query does not
	if status, body := s.do("POST", fmt.Sprintf("/api/v1/documents/%d/withdraw", doc.DocumentID), s.admin, "application/json", []byte(`{"reason": "đăng nhầm"}`)); status != 200 {
		t.Fatalf("withdraw = %d %s", status, body)
	}
	if err := d.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if es := events(doc); len(es) != 3 || es[0].Action != gazette.WatchWithdrawn {
		t.Errorf("document watch after the withdrawal: %+v", es)
	}
	if es := events(query); len(es) != 1 {
		t.Errorf("query watch after the withdrawal: %+v", es)
	}
	// a tick with nothing new records nothing more
	if err := d.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if es := events(doc); len(es) != 3 {
		t.Errorf("an idle tick fired again: %+v", es)
	}
	if status, _ := s.do("DELETE", fmt.Sprintf("/api/v1/watches/%d", query.ID), other, "", nil); status != 404 {
		t.Errorf("another clerk ending the watch = %d, want 404", status)
	}
	if status, _ := s.do("DELETE", fmt.Sprintf("/api/v1/watches/%d", query.ID), s.clerk, "", nil); status != 204 {
		t.Errorf("ending the watch = %d, want 204", status)
	}
}
