package server

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"congbao/gazette"
)

// TestAgencyPublishesItsOwn: an agency token bound to the Ministry of
// Finance (BTC) publishes a BTC circular, and is refused, with the reason,
// another issuer's document; it cannot override blockers, list others'
// uploads, correct documents or reach the admin's routes.
func TestAgencyPublishesItsOwn(t *testing.T) {
	s := newScenario(t)
	ctx := context.Background()
	agency, _, err := s.db.CreateToken(ctx, "test", "bo-tai-chinh", gazette.RoleAgency, "BTC")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.db.CreateToken(ctx, "test", "khong-ma", gazette.RoleAgency); err == nil {
		t.Error("an agency token without issuer codes was created")
	}
	own := &gazette.Document{Number: "12/2026/TT-BTC", NumberPrinted: "12/2026/TT-BTC", Type: "TT", TypeName: "Thông tư", Issuer: "BTC",
		IssuerName: "Bộ Tài chính", Title: "Hướng dẫn quản lý phí", Place: "Hà Nội", IssueDate: gazette.DateOf(2026, 3, 1),
		Signer: "Nguyễn Văn A", SignerTitle: "KT. Bộ trưởng, Thứ trưởng", State: gazette.StateDraft,
		Text: "BỘ TÀI CHÍNH\nSố: 12/2026/TT-BTC\nHà Nội, ngày 01 tháng 3 năm 2026\nTHÔNG TƯ\nHướng dẫn quản lý phí\nĐiều 1. Phạm vi\nThông tư này hướng dẫn quản lý phí."}
	if err := s.db.CreateDocument(ctx, "test", own); err != nil {
		t.Fatal(err)
	}
	status, body := s.do("POST", "/api/v1/documents/2/publish", agency, "application/json", []byte(`{}`))
	if status != 403 || !strings.Contains(body, "issued by CP") || !strings.Contains(body, "publishes and uploads only for BTC") {
		t.Errorf("agency BTC publishing 777/2026/NĐ-CP = %d %s; want 403 with the reason", status, body)
	}
	if d, _ := s.db.DocumentByID(ctx, 2); d.State != gazette.StateDraft {
		t.Error("the refused document was published")
	}
	if status, body := s.do("POST", "/api/v1/documents/2/publish", agency, "application/json", []byte(`{"override": "vì sao không"}`)); status != 403 {
		t.Errorf("agency overriding = %d %s, want 403", status, body)
	}
	status, body = s.do("POST", fmt.Sprintf("/api/v1/documents/%d/publish", own.ID), agency, "application/json", []byte(`{}`))
	if status != 200 {
		t.Fatalf("agency BTC publishing its own 12/2026/TT-BTC = %d %s", status, body)
	}
	// an upload of another issuer's document is refused whole, with the
	// reason, and writes nothing; the same file from the issuer's own
	// agency is taken
	pdf, err := os.ReadFile(uploadPDF)
	if err != nil {
		t.Fatal(err)
	}
	draftsBefore, err := s.db.Drafts(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	heldBefore, err := s.db.DocumentsByNumber(ctx, "49/2026/NĐ-CP", true)
	if err != nil {
		t.Fatal(err)
	}
	job := s.uploadAs(agency, "nd-49.pdf", pdf)
	if job.State != gazette.JobFailed || len(job.Documents) != 0 ||
		!strings.Contains(job.Error, "49/2026/NĐ-CP is issued by CP") || !strings.Contains(job.Error, "only for BTC") {
		t.Fatalf("agency BTC uploading 49/2026/NĐ-CP: %+v; want refused with the reason", job)
	}
	if drafts, _ := s.db.Drafts(ctx, 1000); len(drafts) != len(draftsBefore) {
		t.Errorf("the refused upload left %d drafts (had %d)", len(drafts), len(draftsBefore))
	}
	if held, _ := s.db.DocumentsByNumber(ctx, "49/2026/NĐ-CP", true); len(held) != len(heldBefore) {
		t.Errorf("the refused upload changed the documents numbered 49/2026/NĐ-CP: %d, had %d", len(held), len(heldBefore))
	}
	government, _, err := s.db.CreateToken(ctx, "test", "van-phong-chinh-phu", gazette.RoleAgency, "CP")
	if err != nil {
		t.Fatal(err)
	}
	if job := s.uploadAs(government, "nd-49.pdf", pdf); job.State != gazette.JobDone || len(job.Documents) != 1 {
		t.Errorf("agency CP uploading its own 49/2026/NĐ-CP: %+v", job)
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/uploads/%d", job.ID), s.clerk, "", nil); status != 200 {
		t.Errorf("a clerk sees the agency's upload: %d", status)
	}
	other, _, err := s.db.CreateToken(ctx, "test", "so-tai-chinh", gazette.RoleAgency, "STC")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := s.do("GET", fmt.Sprintf("/api/v1/uploads/%d", job.ID), other, "", nil); status != 404 {
		t.Errorf("another agency sees this agency's upload: %d, want 404", status)
	}
	// a number of its own under another issuing body is refused too
	odd := &gazette.Document{Number: "13/2026/TT-BTC", NumberPrinted: "13/2026/TT-BTC", Type: "TT", TypeName: "Thông tư", Issuer: "BTC",
		IssuerName: "Bộ Công an", Title: "Văn bản lạ", State: gazette.StateDraft, Text: "BỘ CÔNG AN\nSố: 13/2026/TT-BTC\nĐiều 1. Phạm vi"}
	if err := s.db.CreateDocument(ctx, "test", odd); err != nil {
		t.Fatal(err)
	}
	status, body = s.do("POST", fmt.Sprintf("/api/v1/documents/%d/publish", odd.ID), agency, "application/json", []byte(`{}`))
	if status != 403 || !strings.Contains(body, "Bộ Công an") {
		t.Errorf("agency BTC publishing a BTC number under Bộ Công an = %d %s; want 403", status, body)
	}
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/v1/uploads", ""}, {"GET", "/api/v1/drafts", ""}, {"PATCH", "/api/v1/documents/2", `{"title": "x"}`},
		{"GET", "/api/v1/audit?entity=document&id=1", ""}, {"POST", "/api/v1/documents/1/withdraw", `{"reason": "x"}`},
	} {
		if status, body := s.do(r.method, r.path, agency, "application/json", []byte(r.body)); status != 403 {
			t.Errorf("agency %s %s = %d %.200s, want 403", r.method, r.path, status, body)
		}
	}
}
