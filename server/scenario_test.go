package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/pdftext"
	"congbao/indexer/search"
)

// uploadPDF is a real decree (49/2026/NĐ-CP) that clerks upload in the tests.
const uploadPDF = "../testdata/pdf/nd-49-2026-nd-cp.signed.pdf"

// scenario is a running server on a real store and index, with one
// published document (id 1, in gazette issue 1, with its original), one
// draft (id 2), a published document citing the first (id 3), one held as
// a state secret (id 4), and tokens of each role.
type scenario struct {
	t                     testing.TB
	db                    *sqlite.DB
	ix                    *search.Index
	srv                   *httptest.Server
	api                   *Server
	clerk, admin, revoked string
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newScenario(t testing.TB) *scenario {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, dir+"/congbao.db", dir+"/originals")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ix, err := search.NewMem()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	pdf, err := os.ReadFile(uploadPDF)
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := db.PutOriginal(ctx, "nd-49.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	pub := &gazette.Document{Number: "43/2011/NĐ-CP", NumberPrinted: "43/2011/NĐ-CP", Type: "NĐ", TypeName: "Nghị định", Issuer: "CP",
		IssuerName: "Chính phủ", Title: "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến", Place: "Hà Nội",
		IssueDate: gazette.DateOf(2011, 6, 13), EffectiveDate: gazette.DateOf(2011, 8, 1), State: gazette.StatePublished,
		Gazette: gazette.Placement{Issue: "375 + 376", Date: gazette.DateOf(2011, 6, 25), FirstPage: 3, LastPage: 14}, SourceSHA256: src.SHA256,
		Text: "CHÍNH PHỦ\nSố: 43/2011/NĐ-CP\nNGHỊ ĐỊNH\nQuy định về việc cung cấp thông tin và dịch vụ công trực tuyến\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định việc cung cấp thông tin trên trang thông tin điện tử."}
	draft := &gazette.Document{Number: "777/2026/NĐ-CP", NumberPrinted: "777/2026/NĐ-CP", Type: "NĐ", TypeName: "Nghị định", Issuer: "CP",
		IssuerName: "Chính phủ", Title: "Quy định bí mật về quản lý thử nghiệm zyxwv", State: gazette.StateDraft,
		Gazette: gazette.Placement{Issue: "375 + 376", Date: gazette.DateOf(2011, 6, 25), FirstPage: 15, LastPage: 16},
		Text:    "CHÍNH PHỦ\nSố: 777/2026/NĐ-CP\nQuy định bí mật về quản lý thử nghiệm zyxwv\nĐiều 1. Căn cứ Nghị định số 43/2011/NĐ-CP."}
	for _, d := range []*gazette.Document{pub, draft} {
		if err := db.CreateDocument(ctx, "test", d); err != nil {
			t.Fatal(err)
		}
	}
	// document 3 cites document 1 (stored citations come from the import)
	citingSt, err := db.ImportRecord(ctx, "test", gazette.Record{Key: "test:3", State: gazette.StatePublished,
		Text: "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 26/2012/TT-BTTTT\nHà Nội, ngày 21 tháng 12 năm 2012\nTHÔNG TƯ\nQuy định về trang thông tin điện tử\n" +
			"Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011 của Chính phủ quy định về việc cung cấp thông tin và dịch vụ công trực tuyến;\n" +
			"Điều 1. Phạm vi\nThông tư này hướng dẫn khoản 2 Điều 5 Nghị định số 43/2011/NĐ-CP.\nĐiều 2. Hiệu lực\nThông tư này có hiệu lực kể từ ngày 01 tháng 3 năm 2013."})
	if err != nil {
		t.Fatal(err)
	}
	citing := citingSt.ID
	// document 4 is marked as a state secret: held, whatever the record says
	if _, err := db.ImportRecord(ctx, "test", gazette.Record{Key: "test:4", State: gazette.StatePublished,
		Text: "BỘ CÔNG AN\n-------\nSố: 15/2026/TT-BCA\nMẬT\nHà Nội, ngày 01 tháng 3 năm 2026\nTHÔNG TƯ\nQuy định về công tác bảo vệ mục tiêu qwxyz\nĐiều 1. Phạm vi\nThông tư này quy định việc bảo vệ mục tiêu qwxyz."}); err != nil {
		t.Fatal(err)
	}
	// document 5 amends document 1 from 2013 (a constructed text in the form amending decrees take)
	if _, err := db.ImportRecord(ctx, "test", gazette.Record{Key: "test:5", State: gazette.StatePublished,
		Text: "CHÍNH PHỦ\nSố: 12/2012/NĐ-CP\nHà Nội, ngày 01 tháng 11 năm 2012\nNGHỊ ĐỊNH\nSửa đổi Nghị định số 43/2011/NĐ-CP\n" +
			"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 43/2011/NĐ-CP\n1. Sửa đổi Điều 1 như sau:\n“Điều 1. Phạm vi điều chỉnh\nNghị định này quy định phạm vi mới qvxyz.”.\n" +
			"Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2013."}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Update(ctx, db, []int64{pub.ID, draft.ID, citing, 4, 5}); err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, db: db, ix: ix}
	for _, tk := range []struct {
		dst  *string
		name string
		role gazette.Role
	}{{&s.clerk, "lan", gazette.RoleClerk}, {&s.admin, "minh", gazette.RoleAdmin}, {&s.revoked, "cu", gazette.RoleClerk}} {
		v, _, err := db.CreateToken(ctx, "test", tk.name, tk.role)
		if err != nil {
			t.Fatal(err)
		}
		*tk.dst = v
	}
	if err := db.RevokeToken(ctx, "test", "cu"); err != nil {
		t.Fatal(err)
	}
	pipe := &indexer.Pipeline{Store: db, Workers: 1, State: gazette.StateDraft, Index: updater{ix, db},
		Extractor: indexer.ExtractFunc(func(ctx context.Context, data []byte) (*pdftext.Result, error) {
			return pdftext.Extract(ctx, data, pdftext.Options{})
		})}
	uploads := indexer.NewUploads(db, pipe, quietLog())
	uploads.Agencies = db
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); uploads.Run(wctx) }()
	t.Cleanup(func() { stop(); <-done })
	// the tests check answers, not speed: a busy machine must not turn a
	// slow search into a 503 past its budget (TestLoad runs 100 readers)
	api := NewWith(db, ix, Options{Desk: db, Library: db, Hooks: db, Watches: db, Uploads: uploads, Index: updater{ix, db}, RatePerSecond: 10000,
		Budget: 5 * time.Minute, Log: quietLog()})
	s.api, s.srv = api, httptest.NewServer(api.Handler())
	t.Cleanup(s.srv.Close)
	return s
}

// updater binds the index to the store it reads documents from.
type updater struct {
	ix *search.Index
	db *sqlite.DB
}

func (u updater) Update(ctx context.Context, ids []int64) error { return u.ix.Update(ctx, u.db, ids) }

// do sends a request with a token ("" for the public) and returns status and body.
func (s *scenario) do(method, path, token, contentType string, body []byte) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// uploadAndWait uploads the real decree as the clerk and waits for its job.
func (s *scenario) uploadAndWait() gazette.Job {
	s.t.Helper()
	pdf, err := os.ReadFile(uploadPDF)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.uploadBytes("nd-49-2026.pdf", pdf)
}

// uploadBytes uploads pdf as the clerk under name and waits for its job.
func (s *scenario) uploadBytes(name string, pdf []byte) (job gazette.Job) {
	s.t.Helper()
	return s.uploadAs(s.clerk, name, pdf)
}

// uploadAs uploads pdf with a token under name and waits for its job.
func (s *scenario) uploadAs(token, name string, pdf []byte) (job gazette.Job) {
	s.t.Helper()
	status, body := s.do("POST", "/api/v1/uploads?name="+name, token, "application/pdf", pdf)
	if status != 201 {
		s.t.Fatalf("upload = %d %s", status, body)
	}
	if err := json.Unmarshal([]byte(body), &job); err != nil || job.ID == 0 || job.SHA256 == "" {
		s.t.Fatalf("upload answer %s: %v", body, err)
	}
	// acknowledged only once stored: the original is on disk now
	if _, err := os.Stat(s.db.OriginalPath(job.SHA256)); err != nil {
		s.t.Fatalf("201 before the original was stored: %v", err)
	}
	deadline := time.Now().Add(2 * time.Minute) // generous: what is checked is that it ends
	for time.Now().Before(deadline) {
		_, body = s.do("GET", fmt.Sprintf("/api/v1/uploads/%d", job.ID), token, "", nil)
		if err := json.Unmarshal([]byte(body), &job); err != nil {
			s.t.Fatal(err)
		}
		if job.State == gazette.JobDone || job.State == gazette.JobFailed {
			return job
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("upload job still %s after 2 minutes", job.State)
	return job
}

// TestRoutesByRole calls every route as the public, a clerk, an admin and
// with a revoked token: status and body.
func TestRoutesByRole(t *testing.T) {
	s := newScenario(t)
	tests := []struct {
		method, path, token, ctype, body string
		status                           int
		has                              string
	}{
		{"GET", "/healthz", "", "", "", 200, `"status":"ok"`},
		{"GET", "/metrics", "", "", "", 200, "congbao_http_requests_total"},
		{"GET", "/api/openapi.json", "", "", "", 200, `"openapi"`},
		{"GET", "/api/v1/documents?number=43/2011/nd-cp", "", "", "", 200, `"number":"43/2011/NĐ-CP"`},
		{"GET", "/api/v1/documents?number=hello", "", "", "", 400, "not a document number"},
		{"GET", "/api/v1/documents/1", "", "", "", 200, `"effect"`},
		{"GET", "/api/v1/documents/2", "", "", "", 404, "not found"},
		{"GET", "/api/v1/documents/2", s.clerk, "", "", 200, `"state":"draft"`},
		{"GET", "/api/v1/documents/x", "", "", "", 400, "not a positive integer"},
		{"GET", "/api/v1/documents/1/text", "", "", "", 200, "Phạm vi điều chỉnh"},
		{"GET", "/api/v1/documents/1/original", "", "", "", 200, "%PDF"},
		{"GET", "/api/v1/documents/2/original", "", "", "", 404, "not found"},
		{"GET", "/api/v1/documents/1/citations", "", "", "", 200, `"citations"`},
		{"GET", "/api/v1/documents/1/cited-by", "", "", "", 200, `"cited_by"`},
		{"GET", "/api/v1/documents/1/relations", "", "", "", 200, `"incoming"`},
		{"GET", "/api/v1/search?q=dich+vu+cong+truc+tuyen", "", "", "", 200, `"total":2`},
		{"GET", "/api/v1/documents/1/cited-by", "", "", "", 200, `"number":"26/2012/TT-BTTTT"`},
		{"POST", "/api/v1/resolve", "", "application/json", `{"numbers":["43/2011/ND-CP"]}`, 200, `"status":200`},
		{"GET", "/api/v1/gazette-issues", "", "", "", 200, `"issue":"375 + 376"`},
		{"GET", "/api/v1/gazette-issues/1", "", "", "", 200, `"documents"`},
		{"GET", "/api/v1/gazette-issues/99", "", "", "", 404, "not found"},
		{"POST", "/api/v1/uploads", "", "application/pdf", "%PDF-1.4", 401, "needs a token of role clerk"},
		{"POST", "/api/v1/uploads", s.revoked, "application/pdf", "%PDF-1.4", 401, "revoked"},
		{"POST", "/api/v1/uploads", s.clerk, "application/pdf", "", 400, "empty"},
		{"GET", "/api/v1/uploads", s.clerk, "", "", 200, `"uploads"`},
		{"GET", "/api/v1/uploads/99", s.clerk, "", "", 404, "not found"},
		{"GET", "/api/v1/uploads", "", "", "", 401, "token"},
		{"GET", "/api/v1/drafts", s.clerk, "", "", 200, "777/2026/NĐ-CP"},
		{"GET", "/api/v1/drafts", "", "", "", 401, "token"},
		{"PATCH", "/api/v1/documents/2", "", "application/json", `{"title":"x"}`, 401, "token"},
		{"PATCH", "/api/v1/documents/2", s.clerk, "application/json", `{"titel":"x"}`, 400, "unknown field"},
		{"PATCH", "/api/v1/documents/2", s.clerk, "application/json", `{"issue_date":"31/13/2026"}`, 400, "want dd/mm/yyyy (20/11/2020) or YYYY-MM-DD"},
		{"POST", "/api/v1/documents/2/publish", "", "", "", 401, "token"},
		{"GET", "/api/v1/audit?entity=document&id=2", s.clerk, "", "", 403, "needs admin"},
		{"GET", "/api/v1/audit?entity=document&id=2", s.admin, "", "", 200, `"entries"`},
		{"GET", "/api/v1/audit", s.admin, "", "", 400, "required"},
		{"GET", "/feeds/van-ban.atom", "", "", "", 200, "43/2011/NĐ-CP"},
		{"GET", "/feeds/van-ban.atom?type=QĐ", "", "", "", 200, "<feed"},
		{"GET", "/feeds/cong-bao.atom", "", "", "", 200, "Công báo số 375 + 376"},
		{"GET", "/", "", "", "", 200, "Tra số, ký hiệu"},
		{"GET", "/?q=thông+tin", "", "", "", 200, "43/2011/NĐ-CP"},
		{"GET", "/van-ban/1", "", "", "", 200, "Phạm vi điều chỉnh"},
		{"GET", "/van-ban/1", "", "", "", 200, "có hiệu lực từ 01/08/2011"}, // the derivation, in Vietnamese, dates as dd/mm/yyyy
		{"GET", "/api/v1/documents/1", "", "", "", 200, `"basis_vi":["chưa có hiệu lực trước ngày 2011-08-01","có hiệu lực từ 2011-08-01`},
		{"GET", "/van-ban/2", "", "", "", 404, "Không tìm thấy"},
		{"GET", "/api/v1/documents/1/articles/1", "", "", "", 200, `"article":"1"`},
		{"GET", "/api/v1/documents/5/amendments", "", "", "", 200, `"review":"draft"`},
		{"GET", "/api/v1/documents/1/articles/1?as_of=2013-06-01", "", "", "", 200, "phạm vi mới qvxyz"},
		{"GET", "/api/v1/documents/1/articles/1?as_of=2012-06-01", "", "", "", 200, `"pending":[{"action":"amend","by":"12/2012/NĐ-CP"`},
		{"POST", "/api/v1/amendments/1/review", "", "application/json", `{"review":"rejected"}`, 401, "token"},
		{"POST", "/api/v1/amendments/1/review", s.clerk, "application/json", `{"review":"maybe"}`, 400, "want confirmed, rejected or draft"},
		{"POST", "/api/v1/amendments/999/review", s.clerk, "application/json", `{"review":"confirmed"}`, 404, "amendment 999"},
		{"POST", "/api/v1/amendments/1/review", s.clerk, "application/json", `{"review":"rejected"}`, 200, `"review":"rejected"`},
		{"GET", "/api/v1/documents/1/articles/1?as_of=2013-06-01", "", "", "", 200, "trang thông tin điện tử"}, // the rejected amendment is not applied
		{"GET", "/api/v1/documents/1/articles/1?as_of=2012-01-01", "", "", "", 200, `"history":[]`},
		{"GET", "/api/v1/documents/1/articles/999", "", "", "", 404, "has no Điều 999"},
		{"GET", "/api/v1/documents/1/articles/1?as_of=2012-13-45", "", "", "", 400, "as_of"},
		{"GET", "/api/v1/documents/2/articles/1", "", "", "", 404, "not found"}, // a draft, for the public
		{"GET", "/api/v1/documents/1/text?as_of=2012-01-01", "", "", "", 200, "Phạm vi điều chỉnh"},
		{"GET", "/van-ban/1?tai-ngay=20/11/2020", "", "", "", 200, "Văn bản tại ngày 20/11/2020"},
		{"GET", "/van-ban/1?tai-ngay=hôm+qua", "", "", "", 400, "không hợp lệ"},
		{"GET", "/api/v1/search?q=status:xyz", "", "", "", 400, "status:xyz"},
		{"GET", "/api/v1/search?q=status:in_force+kind:document&as_of=2011-01-01", "", "", "", 200, `"total":0`},
		{"GET", "/api/v1/search?q=status:in_force+kind:document", "", "", "", 200, `"effect":{"status":"Còn hiệu lực"`},
		{"GET", "/van-ban?so=43/2011/nd-cp", "", "", "", 200, "Phạm vi điều chỉnh"}, // redirected to the page
		{"GET", "/cong-bao", "", "", "", 200, `href="/cong-bao/1"`},
		{"GET", "/cong-bao/1", "", "", "", 200, "43/2011/NĐ-CP"},
		{"GET", "/quan-ly", "", "", "", 200, "Đăng nhập"},
		{"GET", "/quan-ly/van-ban/2", s.clerk, "", "", 200, "Duyệt văn bản #2"},
	}
	for _, tt := range tests {
		status, body := s.do(tt.method, tt.path, tt.token, tt.ctype, []byte(tt.body))
		if status != tt.status || !strings.Contains(body, tt.has) {
			t.Errorf("%s %s (token %t) = %d %.300s; want %d containing %q", tt.method, tt.path, tt.token != "", status, body, tt.status, tt.has)
		}
	}
}

// TestUploadReviewPublish is the clerk's path: upload a real decree, see
// what was extracted, correct a field, publish; the audit log keeps who
// did what, and the public sees the document only after publication.
func TestUploadReviewPublish(t *testing.T) {
	s := newScenario(t)
	job := s.uploadAndWait()
	if job.State != gazette.JobDone || len(job.Documents) != 1 || job.Pages != 29 {
		t.Fatalf("job = %+v, want done with one document of 29 pages", job)
	}
	id := job.Documents[0]
	path := fmt.Sprintf("/api/v1/documents/%d", id)
	if status, _ := s.do("GET", path, "", "", nil); status != 404 {
		t.Errorf("public GET of the new draft = %d, want 404", status)
	}
	status, body := s.do("GET", path, s.clerk, "", nil)
	if status != 200 || !strings.Contains(body, `"number":"49/2026/NĐ-CP"`) || !strings.Contains(body, `"state":"draft"`) || !strings.Contains(body, "Trần Hồng Hà") {
		t.Fatalf("clerk GET of the draft = %d %.400s", status, body)
	}
	if !strings.Contains(body, `"checks":[]`) { // the signed decree is consistent: nothing to flag
		t.Errorf("checks on the real decree: %.2000s", body)
	}
	status, body = s.do("PATCH", path, s.clerk, "application/json", []byte(`{"place":"Hà Nội (đã kiểm tra)"}`))
	if status != 200 || !strings.Contains(body, "đã kiểm tra") {
		t.Fatalf("PATCH = %d %.300s", status, body)
	}
	status, body = s.do("GET", fmt.Sprintf("/api/v1/audit?entity=document&id=%d", id), s.admin, "", nil)
	if status != 200 || !strings.Contains(body, `"actor":"clerk:lan"`) || !strings.Contains(body, `"action":"update"`) || !strings.Contains(body, "đã kiểm tra") {
		t.Fatalf("audit = %d %.500s", status, body)
	}
	if status, body = s.do("POST", path+"/publish", s.clerk, "", nil); status != 200 || !strings.Contains(body, `"state":"published"`) {
		t.Fatalf("publish = %d %.300s", status, body)
	}
	if status, body = s.do("GET", path, "", "", nil); status != 200 {
		t.Errorf("public GET after publication = %d %.200s", status, body)
	}
	if _, body = s.do("GET", "/api/v1/search?q=49/2026/NĐ-CP", "", "", nil); !strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
		t.Errorf("published document not found by its number: %.300s", body)
	}
	if _, body = s.do("GET", "/feeds/van-ban.atom", "", "", nil); !strings.Contains(body, "49/2026/NĐ-CP") {
		t.Errorf("published document not in the feed")
	}
	// the same bytes again: acknowledged, and nothing new is added
	again := s.uploadAndWait()
	if again.State != gazette.JobDone || len(again.Documents) != 1 || again.Documents[0] != id {
		t.Errorf("second upload of the same file = %+v, want done pointing at document %d", again, id)
	}
}

// TestReviewShowsChecks imports, as a draft, the header of a real vbpl
// text whose number contradicts its own type line and issuing body
// (97/2025/QĐ-UBND printed on a Thông tư of the Bộ Tài chính): the API and
// the clerk's review page name both doubts, and no field is changed.
func TestReviewShowsChecks(t *testing.T) {
	s := newScenario(t)
	st, err := s.db.ImportRecord(context.Background(), "test", gazette.Record{Key: "test:checks", State: gazette.StateDraft,
		Text: "BỘ TÀI CHÍNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 97/2025/QĐ-UBND\n" +
			"Hà Nội, ngày 24 tháng 10 năm 2025\nTHÔNG TƯ\nHướng dẫn thực hiện các chính sách tài chính đối với doanh nghiệp trực tiếp phục vụ quốc phòng, an ninh\n" +
			"Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2025;\nĐiều 1. Hiệu lực\n1. Thông tư này có hiệu lực kể từ ngày 01 tháng 01 năm 2026."})
	if err != nil {
		t.Fatal(err)
	}
	id := st.ID
	status, body := s.do("GET", fmt.Sprintf("/api/v1/documents/%d", id), s.clerk, "", nil)
	var doc struct {
		Number     string `json:"number"`
		IssuerName string `json:"issuer_name"`
		Checks     []gazette.Check
	}
	if err := json.Unmarshal([]byte(body), &doc); status != 200 || err != nil {
		t.Fatalf("GET = %d %v %.300s", status, err, body)
	}
	if doc.Number != "97/2025/QĐ-UBND" || doc.IssuerName != "Bộ Tài chính" {
		t.Errorf("fields changed by the checks: number %q, issuer %q", doc.Number, doc.IssuerName)
	}
	if len(doc.Checks) != 2 || doc.Checks[0].Code != "type" || doc.Checks[1].Code != "issuer" {
		t.Errorf("checks = %+v, want type and issuer", doc.Checks)
	}
	status, page := s.do("GET", fmt.Sprintf("/quan-ly/van-ban/%d", id), s.clerk, "", nil)
	if status != 200 || !strings.Contains(page, "Cần kiểm tra") || !strings.Contains(page, "tiêu đề ghi Thông tư, số hiệu 97/2025/QĐ-UBND là của Quyết định") ||
		!strings.Contains(page, "tiêu đề ghi cơ quan Bộ Tài chính, số hiệu 97/2025/QĐ-UBND mang mã UBND") {
		t.Errorf("review page = %d, without the checks: %.3000s", status, page)
	}
	if _, page = s.do("GET", "/quan-ly/van-ban/2", s.clerk, "", nil); strings.Contains(page, "Cần kiểm tra") {
		t.Errorf("review page of a document without doubts shows checks")
	}
}

// TestDraftNeverLeaks uploads a document and, while it is a draft, reads
// everything a public reader can: search, resolve, feeds, pages and the
// API. Nothing of it may show.
func TestDraftNeverLeaks(t *testing.T) {
	s := newScenario(t)
	job := s.uploadAndWait()
	if len(job.Documents) != 1 {
		t.Fatalf("job = %+v", job)
	}
	id := job.Documents[0]
	// what would identify the drafts (the uploaded decree and the seeded
	// draft 2); a reader's own query echoed back is not a leak, so a secret
	// the request itself holds is not looked for in its answer
	secrets := []string{"49/2026/NĐ-CP", "254/2025/QH15 của Quốc hội quy định một số cơ chế", "Trần Hồng Hà", "777/2026/NĐ-CP",
		"bí mật về quản lý thử nghiệm", "zyxwv", fmt.Sprintf("/van-ban/%d\"", id), fmt.Sprintf(`"id":%d,`, id), `"id":2,`, "/van-ban/2\""}
	resolve := `{"text":"Căn cứ Nghị định số 49/2026/NĐ-CP và Nghị định số 777/2026/NĐ-CP","numbers":[]}`
	reads := []struct{ method, path, body string }{
		{"GET", "/api/v1/search?q=49/2026/NĐ-CP", ""},
		{"GET", "/api/v1/search?q=thao+go+kho+khan+vuong+mac+dat+dai", ""},
		{"GET", "/api/v1/search?q=zyxwv", ""},
		{"GET", "/api/v1/search?q=nghị+định&size=100", ""},
		{"POST", "/api/v1/resolve", resolve},
		{"POST", "/api/v1/resolve", `{"numbers":["49/2026/NĐ-CP","777/2026/NĐ-CP"]}`},
		{"GET", "/api/v1/documents?number=49/2026/NĐ-CP", ""},
		{"GET", "/api/v1/documents?number=777/2026/NĐ-CP", ""},
		{"GET", fmt.Sprintf("/api/v1/documents/%d", id), ""},
		{"GET", fmt.Sprintf("/api/v1/documents/%d/text", id), ""},
		{"GET", fmt.Sprintf("/api/v1/documents/%d/original", id), ""},
		{"GET", fmt.Sprintf("/api/v1/documents/%d/citations", id), ""},
		{"GET", "/api/v1/documents/2/relations", ""},
		{"GET", "/api/v1/documents/1/cited-by", ""},
		{"GET", "/api/v1/gazette-issues", ""},
		{"GET", "/api/v1/gazette-issues/1", ""},
		{"GET", "/feeds/van-ban.atom", ""},
		{"GET", "/feeds/van-ban.atom?type=NĐ&issuer=CP", ""},
		{"GET", "/feeds/cong-bao.atom", ""},
		{"GET", "/", ""},
		{"GET", "/?q=49/2026/NĐ-CP", ""},
		{"GET", "/?q=zyxwv", ""},
		{"GET", fmt.Sprintf("/van-ban/%d", id), ""},
		{"GET", "/van-ban/2", ""},
		{"GET", "/van-ban?so=49/2026/NĐ-CP", ""},
		{"GET", "/cong-bao", ""},
		{"GET", "/cong-bao/1", ""},
		{"GET", "/quan-ly", ""},
		{"GET", "/quan-ly/van-ban/2", ""},
		{"GET", "/api/v1/drafts", ""},
		{"GET", "/api/v1/uploads", ""},
	}
	for _, r := range reads {
		status, body := s.do(r.method, r.path, "", "application/json", []byte(r.body))
		sent, _ := url.QueryUnescape(r.path + r.body)
		for _, secret := range secrets {
			if !strings.Contains(sent, secret) && strings.Contains(body, secret) {
				t.Errorf("public %s %s (%d) shows %q of a draft: %.300s", r.method, r.path, status, secret, body)
			}
		}
		if status >= 500 {
			t.Errorf("public %s %s = %d", r.method, r.path, status)
		}
		if strings.HasPrefix(r.path, "/api/v1/search") && !strings.Contains(body, `"hits":[]`) && strings.Contains(r.path, "2026") {
			t.Errorf("public search for a draft's number has hits: %.300s", body)
		}
	}
	// and the drafts are there for a clerk: the check above could fail
	if _, body := s.do("GET", "/api/v1/drafts", s.clerk, "", nil); !strings.Contains(body, "49/2026/NĐ-CP") || !strings.Contains(body, "777/2026/NĐ-CP") {
		t.Errorf("clerk does not see the drafts: %.300s", body)
	}
}

// TestRateLimit: public requests over the rate get 429 with Retry-After;
// token holders are not limited.
func TestRateLimit(t *testing.T) {
	s := newScenario(t)
	limited := httptest.NewServer(NewWith(s.db, s.ix, Options{Desk: s.db, Library: s.db, RatePerSecond: 1, Log: quietLog()}).Handler())
	defer limited.Close()
	get := func(token string) *http.Response {
		req, _ := http.NewRequest("GET", limited.URL+"/api/v1/documents/1", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	var tooMany *http.Response
	for i := 0; i < 20 && tooMany == nil; i++ {
		if res := get(""); res.StatusCode == 429 {
			tooMany = res
		}
	}
	if tooMany == nil || tooMany.Header.Get("Retry-After") == "" || tooMany.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("20 quick public requests at 1/s: no 429 with Retry-After and problem+json (%v)", tooMany)
	}
	for i := 0; i < 20; i++ {
		if res := get(s.clerk); res.StatusCode != 200 {
			t.Fatalf("clerk request %d = %d, want 200 (tokens are not limited)", i, res.StatusCode)
		}
	}
}

// TestReviewShowsSources: after an upload of a real decree, the API and
// the review page say where each field was read (page, line, confidence),
// the page linking the original at that page; a field a clerk corrected
// names no line any more.
func TestReviewShowsSources(t *testing.T) {
	s := newScenario(t)
	job := s.uploadAndWait()
	if len(job.Documents) != 1 {
		t.Fatalf("job %+v", job)
	}
	id := job.Documents[0]
	var doc struct {
		Sources []gazette.FieldSource `json:"sources"`
	}
	_, body := s.do("GET", fmt.Sprintf("/api/v1/documents/%d", id), s.clerk, "", nil)
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	src := map[string]gazette.FieldSource{}
	for _, f := range doc.Sources {
		src[f.Field] = f
	}
	if n := src["number"]; n.Page != 1 || n.Line < 1 || !strings.Contains(n.Text, "49/2026/NĐ-CP") || n.Confidence < 0.9 {
		t.Errorf("number source %+v", n)
	}
	if sg := src["signer"]; sg.Page < 2 || sg.Confidence <= 0 {
		t.Errorf("signer source %+v: the signature is at the end of a 29-page decree", sg)
	}
	_, page := s.do("GET", fmt.Sprintf("/quan-ly/van-ban/%d", id), s.clerk, "", nil)
	link := fmt.Sprintf(`href="/api/v1/documents/%d/original#page=1" target="ban-goc">tr. 1</a>, dòng %d · tin cậy`, id, src["number"].Line)
	if !strings.Contains(page, link) || !strings.Contains(page, `name="ban-goc"`) {
		t.Errorf("review page without the number's source %q", link)
	}
	if _, err := s.db.Correct(context.Background(), "clerk", id, func(d *gazette.Document) error {
		d.Signer = "Người Khác"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, body = s.do("GET", fmt.Sprintf("/api/v1/documents/%d", id), s.clerk, "", nil)
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Sources {
		if f.Field == "signer" {
			t.Errorf("a corrected signer still names the line it was read from: %+v", f)
		}
	}
	if len(doc.Sources) == 0 {
		t.Errorf("the other fields lost their sources")
	}
}
