package sqlite

import (
	"context"
	"strings"
	"testing"

	"congbao/gazette"
)

const lawText = "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLuật số: 15/2012/QH13\nLUẬT\nXỬ LÝ VI PHẠM HÀNH CHÍNH\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định về xử lý vi phạm hành chính."

// TestImportRevisions: a record that would change a published document
// created by another import run waits as its draft revision; a record of
// the same run merges directly; a record that says nothing new writes
// nothing.
func TestImportRevisions(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	law := gazette.Record{Key: "law:1", Text: lawText, State: gazette.StatePublished, Batch: "run-1"}
	st, err := db.ImportRecord(ctx, "test", law)
	if err != nil || !st.Created {
		t.Fatalf("first record = %+v, %v", st, err)
	}
	id := st.ID
	vbpl := gazette.Record{Key: "vbpl:9", State: gazette.StatePublished, Batch: "run-1",
		Stated: gazette.Claims{Number: "15/2012/QH13", Title: "Luật Xử lý vi phạm hành chính", EffectStatus: gazette.StatusPartExpired}}
	if st, err = db.ImportRecord(ctx, "test", vbpl); err != nil || st.ID != id || st.RevisionOf != 0 {
		t.Fatalf("a record of the same run = %+v, %v; want merged into %d directly", st, err, id)
	}
	// the same record in a later run: nothing new, nothing written
	vbpl.Batch = "run-2"
	n0 := auditRows(t, db)
	if st, err = db.ImportRecord(ctx, "test", vbpl); err != nil || !st.Unchanged || st.ID != id {
		t.Fatalf("the same record again = %+v, %v; want unchanged", st, err)
	}
	if n := auditRows(t, db); n != n0 {
		t.Errorf("an unchanged record wrote %d audit rows", n-n0)
	}
	// a later run that changes it: a draft revision, the public record as it was
	vbpl.Stated.EffectStatus = gazette.StatusExpired
	if st, err = db.ImportRecord(ctx, "test", vbpl); err != nil || st.RevisionOf != id || st.ID == id {
		t.Fatalf("a changing record of another run = %+v, %v; want a revision of %d", st, err, id)
	}
	if !strings.Contains(st.Note(), "revision of published document") {
		t.Errorf("note %q", st.Note())
	}
	pub, _ := db.DocumentByID(ctx, id)
	rev, _ := db.DocumentByID(ctx, st.ID)
	if pub.EffectStatus != gazette.StatusPartExpired || pub.State != gazette.StatePublished {
		t.Errorf("the published document changed: %q %s", pub.EffectStatus, pub.State)
	}
	if rev.EffectStatus != gazette.StatusExpired || rev.State != gazette.StateDraft || rev.RevisionOf != id || rev.Text != pub.Text {
		t.Errorf("revision = %q %s of %d; want the change, a draft of %d with the text", rev.EffectStatus, rev.State, rev.RevisionOf, id)
	}
	// lookups by number and record key see the published document only
	docs, _ := db.DocumentsByNumber(ctx, "15/2012/QH13", true)
	if len(docs) != 2 {
		t.Errorf("clerks see %d documents numbered 15/2012/QH13, want the document and its revision", len(docs))
	}
	if docs, _ = db.DocumentsByNumber(ctx, "15/2012/QH13", false); len(docs) != 1 || docs[0].ID != id {
		t.Errorf("the public sees %d documents numbered 15/2012/QH13", len(docs))
	}
	again, err := db.ImportRecord(ctx, "test", vbpl)
	if err != nil || again.ID != st.ID {
		t.Errorf("the same change again = %+v, %v; want the same revision %d", again, err, st.ID)
	}
	if _, err := db.Publish(ctx, "clerk:lan", st.ID, ""); err != nil {
		t.Fatal(err)
	}
	pub, _ = db.DocumentByID(ctx, id)
	if pub.EffectStatus != gazette.StatusExpired || pub.State != gazette.StatePublished || pub.RevisionOf != 0 {
		t.Errorf("after publishing the revision: %q %s", pub.EffectStatus, pub.State)
	}
	if arts, _ := db.Articles(ctx, id); len(arts) != 1 {
		t.Errorf("the document has %d articles after its revision, want 1", len(arts))
	}
}

func auditRows(t *testing.T, db *DB) int {
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportHeld: a record whose text is stamped MẬT is stored held,
// whatever state the record asks, and cannot be published.
func TestImportHeld(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	st, err := db.ImportRecord(ctx, "test", gazette.Record{Key: "x:1", State: gazette.StatePublished,
		Text: "BỘ QUỐC PHÒNG\nSố: 15/2026/TT-BQP\nTỐI MẬT\nTHÔNG TƯ\nVề việc bảo vệ\nĐiều 1. Phạm vi"})
	if err != nil || st.Held != gazette.MarkTopSecret {
		t.Fatalf("ImportRecord = %+v, %v; want held TỐI MẬT", st, err)
	}
	d, _ := db.DocumentByID(ctx, st.ID)
	if d.State != gazette.StateDraft || !d.Held() {
		t.Errorf("state %s, held %t", d.State, d.Held())
	}
	if n, _ := db.CountPublished(ctx); n != 0 {
		t.Errorf("%d published", n)
	}
	if _, err := db.Publish(ctx, "clerk:lan", st.ID, "override"); err == nil || !strings.Contains(err.Error(), "bí mật nhà nước") {
		t.Errorf("Publish of a held document = %v", err)
	}
}

// TestImportKeepsDraftsDrafts: a record that names a clerk's draft under
// review (an upload not yet published) adds what it states, and the draft
// stays a draft: the import published it, past review and its blockers.
func TestImportKeepsDraftsDrafts(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	d := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	d.State = gazette.StateDraft
	if err := db.CreateDocument(ctx, "upload", d); err != nil {
		t.Fatal(err)
	}
	st, err := db.ImportRecord(ctx, "cli:import", gazette.Record{Key: "vbpl:1", State: gazette.StatePublished, Batch: "run-9",
		Stated: gazette.Claims{Number: "43/2011/NĐ-CP", EffectStatus: gazette.StatusInForce}})
	if err != nil || st.ID != d.ID {
		t.Fatalf("ImportRecord = %+v, %v; want the draft %d", st, err, d.ID)
	}
	got, _ := db.DocumentByID(ctx, d.ID)
	if got.State != gazette.StateDraft || got.EffectStatus != gazette.StatusInForce {
		t.Errorf("the draft after the import: %s, status %q; want a draft with the record's status", got.State, got.EffectStatus)
	}
}
