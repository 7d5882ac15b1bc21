package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
)

// The tests of this file reproduce the attacks of the security review
// (issue 13): each failed before its fix.

// TestHugePagesRefused: a from or size that overflows from+size panicked
// in a search goroutine and ended the process; every route refuses it.
func TestHugePagesRefused(t *testing.T) {
	s := newScenario(t)
	for _, path := range []string{
		"/api/v1/search?q=lu%E1%BA%ADt&from=3074457345618258600",
		"/api/v1/search?q=a&from=4611686018427387904",
		"/api/v1/search?q=a&size=4611686018427387904",
		"/api/v1/search?q=a&from=-1",
		"/api/v1/search?q=a&from=1001",
		"/?q=a&from=4611686018427387904",
		"/?q=a&from=9223372036854775807",
	} {
		status, body := s.do("GET", path, "", "", nil)
		if status != 400 || !strings.Contains(body, "want") && !strings.Contains(body, "cần một số nguyên từ 0 đến") {
			t.Errorf("GET %s = %d %.200s; want 400 saying what to send", path, status, body)
		}
	}
	// the server is still there
	if status, _ := s.do("GET", "/api/v1/search?q=th%C3%B4ng+tin&from=1000", "", "", nil); status != 200 {
		t.Errorf("search at the last allowed page = %d, want 200", status)
	}
}

// TestLongQueriesRefused: a query of a thousand words ran 10 s of CPU;
// beyond the caps it is 400, and within them it is answered.
func TestLongQueriesRefused(t *testing.T) {
	s := newScenario(t)
	long := strings.Repeat("thông tin ", 1000)
	for _, q := range []string{long, strings.Repeat("a", 5000), strings.Repeat(`"dịch vụ" `, 40)} {
		status, body := s.do("GET", "/api/v1/search?q="+url.QueryEscape(q), "", "", nil)
		if status != 400 || !strings.Contains(body, "limit") {
			t.Errorf("query of %d bytes = %d %.200s; want 400 naming the limit", len(q), status, body)
		}
		if status, _ := s.do("GET", "/?q="+url.QueryEscape(q), "", "", nil); status != 400 {
			t.Errorf("search page with a query of %d bytes = %d, want 400", len(q), status)
		}
	}
	ok := strings.TrimSpace(strings.Repeat("thông tin ", 16)) // 32 terms: the cap
	if status, body := s.do("GET", "/api/v1/search?q="+url.QueryEscape(ok), "", "", nil); status != 200 {
		t.Errorf("query of 32 terms = %d %.200s, want 200", status, body)
	}
}

// TestSearchStopsWithItsClient: a search whose request was given up stops
// instead of running on (it ran to the end after the client had gone).
func TestSearchStopsWithItsClient(t *testing.T) {
	s := newScenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/api/v1/search?q=th%C3%B4ng+tin", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	start := time.Now()
	s.api.Handler().ServeHTTP(rec, req)
	if rec.Code != 503 {
		t.Errorf("search of a request given up = %d %s, want 503", rec.Code, rec.Body)
	}
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != 503 {
		t.Errorf("answer is not problem+json: %s", rec.Body)
	}
	t.Logf("answered in %s", time.Since(start))
}

// TestSlowBodiesHoldNoSlot: connections that send a resolve body slowly
// took every resolve slot before reading it, and held them for minutes.
// The body is read first, within a short deadline: other resolves are
// answered meanwhile, and the slow connections are cut at the deadline.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	s := newScenario(t)
	api := NewWith(s.db, s.ix, Options{Desk: s.db, Library: s.db, RatePerSecond: 10000, BodyTimeout: 2 * time.Second, Log: quietLog()})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	var slow []net.Conn
	for i := 0; i < 3*cap(api.resolveSlots.run); i++ {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/resolve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\": \"")
		slow = append(slow, conn)
	}
	time.Sleep(200 * time.Millisecond)           // let the server take them up
	client := &http.Client{Timeout: time.Minute} // generous: what is checked is that it is answered at all
	res, err := client.Post(srv.URL+"/api/v1/resolve", "application/json", strings.NewReader(`{"numbers":["43/2011/ND-CP"]}`))
	if err != nil {
		t.Fatalf("a resolve beside %d slow bodies: %v", len(slow), err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("a resolve beside %d slow bodies = %d, want 200", len(slow), res.StatusCode)
	}
	// the slow ones are answered (408) or cut once their deadline passes
	slow[0].SetReadDeadline(time.Now().Add(time.Minute))
	b, _ := io.ReadAll(slow[0])
	if len(b) > 0 && !strings.Contains(string(b), "408") {
		t.Errorf("a slow body was answered %.100q, want 408 or a closed connection", b)
	}
}

// TestResolveEscapedText: a text within the limit, written in JSON
// escapes, is read whole (a 900 KB text escaped was cut at the read limit
// and answered "unexpected end of JSON input").
func TestResolveEscapedText(t *testing.T) {
	s := newScenario(t)
	text := "Căn cứ Nghị định số 43/2011/NĐ-CP. " + strings.Repeat("Điều khoản chung của văn bản. ", 900<<10/len("Điều khoản chung của văn bản. "))
	var b strings.Builder
	b.WriteString(`{"text":"`)
	for _, r := range text {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	b.WriteString(`"}`)
	status, body := s.do("POST", "/api/v1/resolve", "", "application/json", []byte(b.String()))
	if status != 200 || !strings.Contains(body, `"status":200`) {
		t.Errorf("resolve of a %d-byte text as %d bytes of escapes = %d %.200s; want 200 with the citation found", len(text), b.Len(), status, body)
	}
}

// TestForwardedHeadersNotTrusted: a rotating X-Forwarded-For or X-Real-IP
// escaped the rate limit and faked the logged address. Only a configured
// proxy's X-Forwarded-For names the client.
func TestForwardedHeadersNotTrusted(t *testing.T) {
	s := newScenario(t)
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	get := func(url string, i int) int {
		req, _ := http.NewRequest("GET", url+"/api/v1/documents/1", nil)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i%250))
		req.Header.Set("X-Real-IP", fmt.Sprintf("198.51.100.%d", i%250))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	direct := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, RatePerSecond: 1, Log: log}).Handler())
	defer direct.Close()
	limited := 0
	for i := 0; i < 30; i++ {
		if get(direct.URL, i) == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Errorf("30 requests at 1/s with rotating forwarding headers: none limited")
	}
	if strings.Contains(logged.String(), "203.0.113.") || strings.Contains(logged.String(), "198.51.100.") {
		t.Errorf("the log took an address from a header: %.300s", logged.String())
	}
	// behind a configured proxy, its X-Forwarded-For names the client
	_, lo, _ := net.ParseCIDR("127.0.0.0/8")
	proxied := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, RatePerSecond: 1, TrustedProxies: []*net.IPNet{lo}, Log: log}).Handler())
	defer proxied.Close()
	for i := 0; i < 30; i++ {
		if status := get(proxied.URL, i); status != 200 {
			t.Fatalf("request %d from its own client behind a trusted proxy = %d, want 200", i, status)
		}
	}
	if !strings.Contains(logged.String(), "ip=203.0.113.29") {
		t.Errorf("behind a trusted proxy the log does not name the forwarded client")
	}
}

// TestLimiterMemoryBounded: 100,000 addresses keep at most max buckets,
// and new ones past it share one bucket, so they are still limited.
func TestLimiterMemoryBounded(t *testing.T) {
	l := newLimiterStore(1, 3, 1000)
	denied := 0
	for i := 0; i < 100_000; i++ {
		ok, _ := l.Allow(fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff))
		if !ok {
			denied++
		}
	}
	if len(l.visitors) > 1000 {
		t.Errorf("%d buckets after 100,000 addresses, want at most 1000", len(l.visitors))
	}
	if denied < 90_000 {
		t.Errorf("%d of 100,000 rotating addresses denied, want nearly all past the first thousand", denied)
	}
	// addresses of one /64 are one client
	l = newLimiterStore(1, 3, 1000)
	for i := 0; i < 10; i++ {
		l.Allow(fmt.Sprintf("2001:db8::%x", i))
	}
	if len(l.visitors) != 1 {
		t.Errorf("10 addresses of one /64 made %d buckets, want 1", len(l.visitors))
	}
}

// TestUploadOfPublishedIsRevision: an upload that prints the number of a
// published document replaced its public text and index entry at once.
// It becomes a draft revision: the public text, search entry and feed
// stay as published until the revision is published; the job says so;
// the audit keeps both.
func TestUploadOfPublishedIsRevision(t *testing.T) {
	s := newScenario(t)
	job := s.uploadAndWait()
	id := job.Documents[0]
	path := fmt.Sprintf("/api/v1/documents/%d", id)
	if status, body := s.do("POST", path+"/publish", s.clerk, "", nil); status != 200 {
		t.Fatalf("publish = %d %.300s", status, body)
	}
	_, publicText := s.do("GET", path+"/text", "", "", nil)
	_, publicDoc := s.do("GET", path, "", "", nil)
	_, feed := s.do("GET", "/feeds/van-ban.atom", "", "", nil)
	_, search := s.do("GET", "/api/v1/search?q="+url.QueryEscape(`"Trần Hồng Hà"`), "", "", nil)

	// another file printing the same number: the same decree, other bytes
	pdf, err := os.ReadFile(uploadPDF)
	if err != nil {
		t.Fatal(err)
	}
	job2 := s.uploadBytes("nd-49-2026-ban-2.pdf", append(pdf, []byte("\n% second copy\n")...))
	if job2.State != gazette.JobDone || len(job2.Documents) != 1 {
		t.Fatalf("second upload = %+v", job2)
	}
	rev := job2.Documents[0]
	want := fmt.Sprintf("revision of published document %d", id)
	if rev == id || !strings.Contains(strings.Join(job2.Notes, " "), want) {
		t.Fatalf("second upload went to document %d with notes %q; want a new draft and a note %q", rev, job2.Notes, want)
	}
	for what, got := range map[string][2]string{"text": {publicText, "/text"}, "document": {publicDoc, ""}} {
		if _, now := s.do("GET", path+got[1], "", "", nil); now != got[0] {
			t.Errorf("the public %s changed before the revision was published", what)
		}
	}
	if _, now := s.do("GET", "/feeds/van-ban.atom", "", "", nil); now != feed {
		t.Errorf("the feed changed before the revision was published")
	}
	if _, now := s.do("GET", "/api/v1/search?q="+url.QueryEscape(`"Trần Hồng Hà"`), "", "", nil); stripTook(now) != stripTook(search) {
		t.Errorf("search changed before the revision was published:\n%.300s\n%.300s", search, now)
	}
	status, body := s.do("GET", fmt.Sprintf("/api/v1/documents/%d", rev), s.clerk, "", nil)
	if status != 200 || !strings.Contains(body, fmt.Sprintf(`"revision_of":%d`, id)) || !strings.Contains(body, `"state":"draft"`) {
		t.Fatalf("the revision = %d %.300s", status, body)
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/documents/%d", rev), "", "", nil); status != 404 {
		t.Errorf("the public sees the revision: %d", status)
	}
	// publishing the revision changes the published document, under its own id
	status, body = s.do("POST", fmt.Sprintf("/api/v1/documents/%d/publish", rev), s.clerk, "", nil)
	if status != 200 || !strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
		t.Fatalf("publish the revision = %d %.300s", status, body)
	}
	if _, now := s.do("GET", path+"/text", "", "", nil); now == publicText {
		t.Errorf("the published text did not change with its revision")
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/documents/%d", rev), s.clerk, "", nil); status != 404 {
		t.Errorf("the revision row is still there after publication: %d", status)
	}
	_, audit := s.do("GET", fmt.Sprintf("/api/v1/audit?entity=document&id=%d", id), s.admin, "", nil)
	if !strings.Contains(audit, `"action":"publish revision"`) || !strings.Contains(audit, `\"state\":\"published\"`) {
		t.Errorf("the audit of the document does not keep the revision's publication with before and after: %.500s", audit)
	}
}

// stripTook drops the timing of a search answer.
func stripTook(body string) string {
	if i := strings.Index(body, `"took_ms"`); i >= 0 {
		return body[:i]
	}
	return body
}

// TestCorrectionOfPublishedIsRevision: a clerk's correction of a published
// document waits as its revision; the public sees it once published.
func TestCorrectionOfPublishedIsRevision(t *testing.T) {
	s := newScenario(t)
	status, body := s.do("PATCH", "/api/v1/documents/1", s.clerk, "application/json", []byte(`{"title":"Tiêu đề đã sửa qzvk"}`))
	if status != 200 || !strings.Contains(body, `"revision_of":1`) {
		t.Fatalf("PATCH of a published document = %d %.300s; want its revision", status, body)
	}
	var rev gazette.Document
	json.Unmarshal([]byte(body), &rev)
	if _, pub := s.do("GET", "/api/v1/documents/1", "", "", nil); strings.Contains(pub, "qzvk") {
		t.Errorf("the public document took the correction before review")
	}
	// a second correction goes to the same revision
	if _, body := s.do("PATCH", "/api/v1/documents/1", s.clerk, "application/json", []byte(`{"place":"Hà Nội qzvk"}`)); !strings.Contains(body, fmt.Sprintf(`"id":%d`, rev.ID)) || !strings.Contains(body, "Tiêu đề đã sửa") {
		t.Errorf("second correction did not go to revision %d with the first: %.300s", rev.ID, body)
	}
	if status, body := s.do("POST", fmt.Sprintf("/api/v1/documents/%d/publish", rev.ID), s.clerk, "", nil); status != 200 {
		t.Fatalf("publish revision = %d %.300s", status, body)
	}
	if _, pub := s.do("GET", "/api/v1/documents/1", "", "", nil); !strings.Contains(pub, "Tiêu đề đã sửa qzvk") || !strings.Contains(pub, "Hà Nội qzvk") {
		t.Errorf("the published document does not show its published revision: %.300s", pub)
	}
}

// TestClassifiedHeld: a document marked MẬT near its number is held: not
// public, not searchable, not in feeds, its original not served;
// publishing is 409 with the reason in Vietnamese; only an admin lifts
// the hold, with a reason the audit keeps.
func TestClassifiedHeld(t *testing.T) {
	s := newScenario(t)
	if status, body := s.do("GET", "/api/v1/documents/4", s.clerk, "", nil); status != 200 || !strings.Contains(body, `"classification":"MẬT"`) || !strings.Contains(body, `"state":"draft"`) {
		t.Fatalf("the marked record, imported as published = %d %.300s; want a held draft marked MẬT", status, body)
	}
	for _, path := range []string{"/api/v1/documents/4", "/api/v1/documents/4/text", "/api/v1/documents/4/original", "/van-ban/4"} {
		if status, _ := s.do("GET", path, "", "", nil); status != 404 {
			t.Errorf("public GET %s = %d, want 404", path, status)
		}
	}
	if _, body := s.do("GET", "/api/v1/search?q=qwxyz", "", "", nil); !strings.Contains(body, `"total":0`) {
		t.Errorf("search finds the held document: %.300s", body)
	}
	for _, path := range []string{"/feeds/van-ban.atom", "/api/v1/documents?number=15/2026/TT-BCA", "/?q=qwxyz"} {
		if _, body := s.do("GET", path, "", "", nil); strings.Contains(body, "bảo vệ mục tiêu") {
			t.Errorf("GET %s shows the held document: %.300s", path, body)
		}
	}
	status, body := s.do("POST", "/api/v1/documents/4/publish", s.clerk, "application/json", []byte(`{"override":"tôi chắc chắn"}`))
	if status != 409 || !strings.Contains(body, "bí mật nhà nước") {
		t.Errorf("publish a held document, even with an override = %d %.300s; want 409 saying why in Vietnamese", status, body)
	}
	if status, _ := s.do("POST", "/api/v1/documents/4/declassify", s.clerk, "application/json", []byte(`{"reason":"x"}`)); status != 403 {
		t.Errorf("a clerk declassifies: %d, want 403", status)
	}
	if status, _ := s.do("POST", "/api/v1/documents/4/declassify", s.admin, "application/json", []byte(`{"reason":" "}`)); status != 400 {
		t.Errorf("declassify without a reason: %d, want 400", status)
	}
	if status, body := s.do("POST", "/api/v1/documents/4/declassify", s.admin, "application/json", []byte(`{"reason":"Quyết định giải mật số 12/QĐ-BCA"}`)); status != 200 {
		t.Fatalf("declassify = %d %.300s", status, body)
	}
	_, audit := s.do("GET", "/api/v1/audit?entity=document&id=4", s.admin, "", nil)
	if !strings.Contains(audit, "Quyết định giải mật số 12/QĐ-BCA") {
		t.Errorf("the audit does not keep the reason: %.300s", audit)
	}
	if status, body := s.do("POST", "/api/v1/documents/4/publish", s.clerk, "", nil); status != 200 {
		t.Errorf("publish after declassification = %d %.300s", status, body)
	}
	// a correction cannot lift a mark: the mark is no field of the correction
	if status, _ := s.do("PATCH", "/api/v1/documents/4", s.clerk, "application/json", []byte(`{"classification":""}`)); status != 400 {
		t.Errorf("PATCH classification = %d, want 400 (unknown field)", status)
	}
}

// TestPublishSafetyNet: a draft with no number, a missing part or an
// unresolved check is published only with an override, which the audit
// keeps.
func TestPublishSafetyNet(t *testing.T) {
	s := newScenario(t)
	st, err := s.db.ImportRecord(context.Background(), "test", gazette.Record{Key: "test:nonumber", State: gazette.StateDraft,
		Text: "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\nQuy định về thử nghiệm\nĐiều 1. Phạm vi"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/documents/%d/publish", st.ID)
	status, body := s.do("POST", path, s.clerk, "", nil)
	if status != 409 || !strings.Contains(body, "chưa có số") {
		t.Fatalf("publish without a number = %d %.300s; want 409 naming the blocker", status, body)
	}
	if status, body := s.do("POST", path, s.clerk, "application/json", []byte(`{"override":"văn bản không có số theo bản gốc"}`)); status != 200 {
		t.Fatalf("publish with an override = %d %.300s", status, body)
	}
	_, audit := s.do("GET", fmt.Sprintf("/api/v1/audit?entity=document&id=%d", st.ID), s.admin, "", nil)
	if !strings.Contains(audit, "văn bản không có số theo bản gốc") || !strings.Contains(audit, "no_number") {
		t.Errorf("the audit does not keep the override and what it overrode: %.400s", audit)
	}
}

// TestOriginalServedOnlyWhenAllPublic: the original of a published
// document was served whole with a draft sibling from the same file
// inside. It is served to the public once every document in it is
// published.
func TestOriginalServedOnlyWhenAllPublic(t *testing.T) {
	s := newScenario(t)
	ctx := context.Background()
	pub, err := s.db.DocumentByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	sibling := &gazette.Document{Number: "44/2011/NĐ-CP", Title: "Bản nháp cùng số Công báo", State: gazette.StateDraft, Complete: true,
		SourceSHA256: pub.SourceSHA256, Text: "CHÍNH PHỦ\nSố: 44/2011/NĐ-CP\nĐiều 1. Nháp"}
	if err := s.db.CreateDocument(ctx, "test", sibling); err != nil {
		t.Fatal(err)
	}
	if status, body := s.do("GET", "/api/v1/documents/1/original", "", "", nil); status != 403 || strings.Contains(body, "%PDF") {
		t.Errorf("public original with a draft inside = %d %.100q; want 403", status, body)
	}
	if status, body := s.do("GET", "/api/v1/documents/1/original", s.clerk, "", nil); status != 200 || !strings.HasPrefix(body, "%PDF") {
		t.Errorf("the clerk's original = %d, want 200", status)
	}
	if _, err := s.db.Publish(ctx, "test", sibling.ID, ""); err != nil {
		t.Fatal(err)
	}
	if status, body := s.do("GET", "/api/v1/documents/1/original", "", "", nil); status != 200 || !strings.HasPrefix(body, "%PDF") {
		t.Errorf("public original once all is published = %d, want 200", status)
	}
}

// TestDraftLooksMissing: to the public a draft's id answers exactly as a
// missing one (the draft was loaded whole, text and all, then refused).
func TestDraftLooksMissing(t *testing.T) {
	s := newScenario(t)
	for _, suffix := range []string{"", "/text", "/original", "/citations", "/relations"} {
		_, draft := s.do("GET", "/api/v1/documents/2"+suffix, "", "", nil)
		_, missing := s.do("GET", "/api/v1/documents/999"+suffix, "", "", nil)
		if strings.ReplaceAll(draft, "2", "N") != strings.ReplaceAll(missing, "999", "N") {
			t.Errorf("GET %s: a draft answers %q, a missing id %q", suffix, draft, missing)
		}
	}
}

// TestMetricsShowNoStaffActivity: the public /metrics showed clerks'
// uploads and reviews, and counted a 404 as a 500. The public sees the
// public's requests only; an admin sees all.
func TestMetricsShowNoStaffActivity(t *testing.T) {
	s := newScenario(t)
	s.do("GET", "/api/v1/drafts", s.clerk, "", nil)
	s.do("GET", "/api/v1/documents/2", s.clerk, "", nil)
	s.do("GET", "/api/v1/documents/2", "", "", nil) // a draft, to the public: 404
	_, public := s.do("GET", "/metrics", "", "", nil)
	if strings.Contains(public, "/api/v1/drafts") || strings.Contains(public, `route="/api/v1/documents/:id",status="200"`) {
		t.Errorf("the public metrics show clerk activity:\n%s", grepLines(public, "congbao_http_requests_total"))
	}
	if !strings.Contains(public, `congbao_http_requests_total{method="GET",route="/api/v1/documents/:id",status="404"} 1`) {
		t.Errorf("the public's 404 is not counted as 404:\n%s", grepLines(public, "congbao_http_requests_total"))
	}
	_, full := s.do("GET", "/metrics", s.admin, "", nil)
	if !strings.Contains(full, `route="/api/v1/drafts"`) || !strings.Contains(full, "process_") {
		t.Errorf("the admin's metrics lack the clerk's requests or the process:\n%s", grepLines(full, "congbao_http_requests_total"))
	}
	_, health := s.do("GET", "/healthz", "", "", nil)
	if !strings.Contains(health, `"documents":3`) { // documents 1, 3 and 5; not the draft 2 nor the held 4
		t.Errorf("healthz = %s, want the 3 published documents counted", health)
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// signIn signs the clerk in through the form and returns the session cookie.
func (s *scenario) signIn(t *testing.T, srvURL string) *http.Cookie {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", srvURL+"/quan-ly/dang-nhap", strings.NewReader("token="+url.QueryEscape(s.clerk)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srvURL)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			return ck
		}
	}
	t.Fatalf("sign-in = %d without a session cookie", res.StatusCode)
	return nil
}

// post sends a form with a cookie and headers, and returns the status.
func post(t *testing.T, target string, ck *http.Cookie, form url.Values, headers map[string]string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if ck != nil {
		req.AddCookie(ck)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// TestSessionsAndCSRF: the cookie held the raw API token, which never
// expired and survived sign-out, and SameSite was the only defence against
// forged forms. The cookie holds a session that sign-out ends; unsafe
// requests need this site's origin and the session's form token.
func TestSessionsAndCSRF(t *testing.T) {
	s := newScenario(t)
	ck := s.signIn(t, s.srv.URL)
	if strings.Contains(ck.Value, s.clerk) || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.MaxAge <= 0 {
		t.Errorf("session cookie %+v: want a value of its own, HttpOnly, SameSite=Strict, expiring", ck)
	}
	page := func(ck *http.Cookie) string { return getPage(t, s.srv.URL+"/quan-ly/van-ban/2", ck) }
	body := page(ck)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the review page has no form token: %.300s", body)
	}
	target := s.srv.URL + "/quan-ly/van-ban/2"
	form := url.Values{"title": {"Tiêu đề sửa qua biểu mẫu"}}
	if status := post(t, target, ck, form, map[string]string{"Origin": s.srv.URL}); status != 403 {
		t.Errorf("a form without the token = %d, want 403", status)
	}
	form.Set("csrf", m[1])
	if status := post(t, target, ck, form, map[string]string{"Origin": "https://evil.example"}); status != 403 {
		t.Errorf("a form from another origin = %d, want 403", status)
	}
	if status := post(t, target, ck, form, map[string]string{"Sec-Fetch-Site": "cross-site"}); status != 403 {
		t.Errorf("a cross-site form = %d, want 403", status)
	}
	if status := post(t, target, ck, form, map[string]string{"Origin": s.srv.URL, "Sec-Fetch-Site": "same-origin"}); status != 303 {
		t.Errorf("the clerk's own form = %d, want 303", status)
	}
	// the raw token in a cookie signs nobody in
	if body := page(&http.Cookie{Name: "congbao_token", Value: s.clerk}); strings.Contains(body, "Duyệt văn bản") {
		t.Errorf("the API token in a cookie still signs in")
	}
	// sign-out ends the session for good
	if status := post(t, s.srv.URL+"/quan-ly/dang-xuat", ck, url.Values{"csrf": {m[1]}}, map[string]string{"Origin": s.srv.URL}); status != 303 {
		t.Errorf("sign-out = %d", status)
	}
	if body := page(ck); strings.Contains(body, "Duyệt văn bản") {
		t.Errorf("the session still works after sign-out")
	}
	// an expired session works no more
	tok, err := s.db.TokenByValue(context.Background(), s.clerk)
	if err != nil {
		t.Fatal(err)
	}
	value, _, err := s.db.CreateSession(context.Background(), tok.ID, -time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if body := page(&http.Cookie{Name: sessionCookie, Value: value}); strings.Contains(body, "Duyệt văn bản") {
		t.Errorf("an expired session still signs in")
	}
	// the sign-in form itself refuses another site's post
	if status := post(t, s.srv.URL+"/quan-ly/dang-nhap", nil, url.Values{"token": {s.clerk}}, map[string]string{"Origin": "https://evil.example"}); status != 403 {
		t.Errorf("a cross-site sign-in = %d, want 403", status)
	}
}

// TestHeadersAndLinks: the usual security headers on every answer; feed
// links from the configured base URL, whatever Host a request names.
func TestHeadersAndLinks(t *testing.T) {
	s := newScenario(t)
	srv := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, BaseURL: "https://congbao.example", RatePerSecond: 10000, Log: quietLog()}).Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/feeds/van-ban.atom", nil)
	req.Host = "evil.example"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(b), "evil.example") || !strings.Contains(string(b), "https://congbao.example/van-ban/1") {
		t.Errorf("feed links follow the Host header: %.400s", b)
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"} {
		if got := res.Header.Get(k); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

// TestReviewFormKeepsFields: the review form wiped the fields it did not
// send; the review page shows what a clerk must see before publishing.
func TestReviewFormKeepsFields(t *testing.T) {
	s := newScenario(t)
	ck := s.signIn(t, s.srv.URL)
	page := getPage(t, s.srv.URL+"/quan-ly/van-ban/4", ck)
	for _, want := range []string{`id="do-mat"`, "MẬT", "không bao giờ được công bố", `id="day-du"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the review page of a held document lacks %q", want)
		}
	}
	if strings.Contains(page, `id="cong-bo"`) {
		t.Errorf("the review page of a held document offers to publish it")
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form token")
	}
	before, _ := s.db.DocumentByID(context.Background(), 2)
	form := url.Values{"csrf": {m[1]}, "title": {"Chỉ sửa trích yếu"}}
	if status := post(t, s.srv.URL+"/quan-ly/van-ban/2", ck, form, map[string]string{"Origin": s.srv.URL}); status != 303 {
		t.Fatalf("save = %d", status)
	}
	after, _ := s.db.DocumentByID(context.Background(), 2)
	if after.Title != "Chỉ sửa trích yếu" || after.Number != before.Number || after.IssuerName != before.IssuerName || after.Gazette != before.Gazette {
		t.Errorf("a form with the title alone changed other fields: number %q→%q, issuer %q→%q", before.Number, after.Number, before.IssuerName, after.IssuerName)
	}
}

// TestBadTokensLimited: a flood of guessed bearer tokens was answered 401
// before the rate limit counted it (each a database lookup, unlimited).
func TestBadTokensLimited(t *testing.T) {
	s := newScenario(t)
	limited := httptest.NewServer(NewWith(s.db, s.ix, Options{Desk: s.db, Library: s.db, RatePerSecond: 1, Log: quietLog()}).Handler())
	defer limited.Close()
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		req, _ := http.NewRequest("GET", limited.URL+"/api/v1/drafts", nil)
		req.Header.Set("Authorization", fmt.Sprintf("Bearer cb_guess%d", i))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		codes[res.StatusCode]++
	}
	if codes[429] == 0 || codes[401] == 0 {
		t.Errorf("30 guessed tokens at 1/s: %v, want 401s and then 429s", codes)
	}
}

// TestSearchBudget: a search past its budget is stopped and answered 503
// with Retry-After (it ran to the end, however long).
func TestSearchBudget(t *testing.T) {
	s := newScenario(t)
	tight := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, RatePerSecond: 10000, Budget: time.Nanosecond, Log: quietLog()}).Handler())
	defer tight.Close()
	res, err := http.Get(tight.URL + "/api/v1/search?q=th%C3%B4ng+tin+d%E1%BB%8Bch+v%E1%BB%A5")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "budget") {
		t.Errorf("a search past its budget = %d %q, want 503 with Retry-After naming the budget", res.StatusCode, b)
	}
}

// TestBodyDeadlineSparesTheWait: the body's deadline was set on every
// request, bodiless ones too, and stayed while the handler waited, so a
// search waiting for a slot past it was taken for a client gone and
// answered 503 (TestLoad on a busy machine: searches cut at 21 s).
func TestBodyDeadlineSparesTheWait(t *testing.T) {
	s := newScenario(t)
	api := NewWith(s.db, s.ix, Options{Desk: s.db, Library: s.db, RatePerSecond: 10000, BodyTimeout: 500 * time.Millisecond,
		Budget: time.Minute, Log: quietLog()})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	for _, sl := range []*slots{api.searchSlots, api.resolveSlots} { // every slot busy for 2 s
		for i := 0; i < cap(sl.run); i++ {
			sl.run <- struct{}{}
		}
		go func() {
			time.Sleep(2 * time.Second) // four times the body deadline
			for i := 0; i < cap(sl.run); i++ {
				<-sl.run
			}
		}()
	}
	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/v1/search?q=th%C3%B4ng+tin", ""},
		{"POST", "/api/v1/resolve", `{"numbers":["43/2011/ND-CP"]}`},
	} {
		r, _ := http.NewRequest(req.method, srv.URL+req.path, strings.NewReader(req.body))
		if req.body == "" {
			r.Body = nil
		}
		r.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s %s that waited 2 s for a slot = %d %.200s; want 200", req.method, req.path, res.StatusCode, b)
		}
	}
}
