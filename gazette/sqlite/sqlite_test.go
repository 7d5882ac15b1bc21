package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/number"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(context.Background(), filepath.Join(dir, "congbao.db"), filepath.Join(dir, "originals"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func decree(printed string, issued gazette.Date) *gazette.Document {
	n, err := number.Parse(printed)
	if err != nil {
		panic(err)
	}
	return &gazette.Document{Number: n.String(), NumberPrinted: printed, Type: n.Type, TypeName: n.TypeName(),
		Issuer: n.Issuer(), IssuerName: n.IssuerName(), Title: "Quy định chi tiết", Place: "Hà Nội", IssueDate: issued,
		Signer: "Nguyễn Tấn Dũng", SignerTitle: "TM. CHÍNH PHỦ THỦ TƯỚNG", EffectiveDate: issued,
		Gazette: gazette.Placement{Issue: "449 + 450", Date: issued, FirstPage: 3, LastPage: 9},
		Text:    "CHÍNH PHỦ\nSố: " + printed, State: gazette.StatePublished}
}

func TestCreateAndGet(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	d := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	if err := db.CreateDocument(ctx, "clerk:an", d); err != nil {
		t.Fatal(err)
	}
	if d.ID == 0 {
		t.Fatal("CreateDocument did not set ID")
	}
	got, err := db.DocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != "43/2011/NĐ-CP" || got.TypeName != "Nghị định" || got.IssueDate != d.IssueDate ||
		got.Gazette.Issue != "449 + 450" || got.Gazette.Date != d.IssueDate || got.Gazette.LastPage != 9 ||
		got.Text != d.Text || got.SignerTitle != d.SignerTitle || got.State != gazette.StatePublished {
		t.Errorf("DocumentByID(%d) = %+v, want the stored %+v", d.ID, got, d)
	}
	if _, err := db.DocumentByID(ctx, 9999); !errors.Is(err, gazette.ErrNotFound) {
		t.Errorf("DocumentByID(9999) error %v, want ErrNotFound", err)
	}
}

func TestDocumentsByNumberSeveral(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Numbers without a year repeat every year.
	for _, y := range []int{2021, 2019, 2020} {
		d := decree("416/QĐ-TTg", gazette.DateOf(y, 3, 25))
		d.Gazette = gazette.Placement{}
		if err := db.CreateDocument(ctx, "import", d); err != nil {
			t.Fatal(err)
		}
	}
	draft := decree("416/QĐ-TTg", gazette.DateOf(2022, 1, 1))
	draft.State = gazette.StateDraft
	if err := db.CreateDocument(ctx, "import", draft); err != nil {
		t.Fatal(err)
	}
	got, err := db.DocumentsByNumber(ctx, "416/QĐ-TTg", false)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, d := range got {
		years = append(years, d.IssueDate.Year())
	}
	if len(years) != 3 || years[0] != 2019 || years[1] != 2020 || years[2] != 2021 {
		t.Errorf("DocumentsByNumber(416/QĐ-TTg) years %v, want [2019 2020 2021] (draft left out)", years)
	}
	all, _ := db.DocumentsByNumber(ctx, "416/QĐ-TTg", true)
	if len(all) != 4 {
		t.Errorf("DocumentsByNumber with drafts = %d documents, want 4", len(all))
	}
	none, err := db.DocumentsByNumber(ctx, "1/2000/NĐ-CP", true)
	if err != nil || len(none) != 0 {
		t.Errorf("DocumentsByNumber(absent) = %v, %v; want empty", none, err)
	}
}

func TestAuditSameTransaction(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	d := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	if err := db.CreateDocument(ctx, "clerk:an", d); err != nil {
		t.Fatal(err)
	}
	d.Title = "Về việc sửa tiêu đề"
	if err := db.UpdateDocument(ctx, "clerk:binh", d); err != nil {
		t.Fatal(err)
	}
	log, err := db.AuditLog(ctx, "document", "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "create" || log[1].Actor != "clerk:binh" ||
		!bytes.Contains([]byte(log[1].Before), []byte("Quy định chi tiết")) ||
		!bytes.Contains([]byte(log[1].After), []byte("Về việc sửa tiêu đề")) {
		t.Fatalf("audit log = %+v, want create then update with before and after", log)
	}
	// Break the audit table: the document write must roll back with it.
	if _, err := db.write.Exec(`DROP TABLE audit_log`); err != nil {
		t.Fatal(err)
	}
	n0, _ := db.CountDocuments(ctx)
	if err := db.CreateDocument(ctx, "clerk:an", decree("44/2011/NĐ-CP", gazette.DateOf(2011, 6, 14))); err == nil {
		t.Fatal("CreateDocument succeeded without an audit table")
	}
	d.Title = "must not stick"
	if err := db.UpdateDocument(ctx, "clerk:an", d); err == nil {
		t.Fatal("UpdateDocument succeeded without an audit table")
	}
	n1, _ := db.CountDocuments(ctx)
	got, _ := db.DocumentByID(ctx, d.ID)
	if n1 != n0 || got.Title != "Về việc sửa tiêu đề" {
		t.Errorf("after failed audits: %d documents (want %d), title %q: the change was not rolled back", n1, n0, got.Title)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	path := filepath.Join(dir, "c.db")
	for i := 0; i < 3; i++ {
		db, err := Open(ctx, path, filepath.Join(dir, "o"))
		if err != nil {
			t.Fatalf("open #%d: %v", i, err)
		}
		if i == 0 {
			if err := db.CreateDocument(ctx, "t", decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))); err != nil {
				t.Fatal(err)
			}
		}
		v, err := db.SchemaVersion(ctx)
		n, _ := db.CountDocuments(ctx)
		if err != nil || v < 1 || n != 1 {
			t.Errorf("open #%d: schema version %d, %d documents, %v; want >= 1 and 1 document kept", i, v, n, err)
		}
		var applied int
		db.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&applied)
		if applied != v {
			t.Errorf("open #%d: %d migration rows for version %d", i, applied, v)
		}
		db.Close()
	}
}

func TestConcurrentReadsDuringWrite(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.CreateDocument(ctx, "t", decree("01/2020/NĐ-CP", gazette.DateOf(2020, 1, 1))); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	stop := make(chan struct{})
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.DocumentsByNumber(ctx, "01/2020/NĐ-CP", true); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 2; i < 200; i++ {
		d := decree("01/2020/NĐ-CP", gazette.DateOf(2000+i%20, 1, 1))
		if err := db.CreateDocument(ctx, "t", d); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent read: %v", err)
	}
	if n, _ := db.CountDocuments(ctx); n != 199 {
		t.Errorf("%d documents, want 199", n)
	}
}

func TestPutOriginalIdempotent(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	body := []byte("%PDF-1.4 not really")
	f, created, err := db.PutOriginal(ctx, "/tmp/a.pdf", bytes.NewReader(body))
	if err != nil || !created || f.Size != int64(len(body)) || f.Name != "a.pdf" {
		t.Fatalf("PutOriginal = %+v, %v, %v", f, created, err)
	}
	g, created, err := db.PutOriginal(ctx, "b.pdf", bytes.NewReader(body))
	if err != nil || created || g.SHA256 != f.SHA256 || g.Name != "a.pdf" {
		t.Fatalf("second PutOriginal = %+v, created %v, %v; want the first record", g, created, err)
	}
	got, err := os.ReadFile(db.OriginalPath(f.SHA256))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("original on disk = %q, %v", got, err)
	}
	left, _ := filepath.Glob(filepath.Join(db.Originals, "*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestDossier: a document and what its pages show come from one read; a
// draft is found only when drafts are asked for.
func TestDossier(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	pub := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	draft := decree("44/2011/NĐ-CP", gazette.DateOf(2011, 6, 14))
	draft.State = gazette.StateDraft
	for _, d := range []*gazette.Document{pub, draft} {
		if err := db.CreateDocument(ctx, "clerk:an", d); err != nil {
			t.Fatal(err)
		}
	}
	dos, err := db.Dossier(ctx, pub.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if dos.Document.Number != "43/2011/NĐ-CP" || dos.Document.Text != pub.Text || dos.CitedBy == nil {
		t.Errorf("dossier of the published decree: %+v", dos)
	}
	if _, err := db.Dossier(ctx, draft.ID, false); !errors.Is(err, gazette.ErrNotFound) {
		t.Errorf("a draft's dossier for the public: err = %v, want ErrNotFound", err)
	}
	if d, err := db.Dossier(ctx, draft.ID, true); err != nil || d.Document.ID != draft.ID {
		t.Errorf("a draft's dossier for a clerk: %v, %v", d, err)
	}
}
