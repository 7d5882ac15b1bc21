package search

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
)

// TestCorrectionDuringBuildIndexed: a correction published while serve
// built its index never reached the index (the update was dropped while
// it was not ready). The change list brings it in once the build is done.
func TestCorrectionDuringBuildIndexed(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(data, "congbao.db"), filepath.Join(data, "originals"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 14/2026/NĐ-CP\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\n" +
		"Quy định về thử nghiệm trước khi sửa\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định về thử nghiệm trước khi sửa."
	st, err := db.ImportRecord(ctx, "import", gazette.Record{Key: "test:1", Text: text, State: gazette.StatePublished, Batch: "run-1"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(data, "index")
	from, err := db.LastChange(ctx) // as Start takes it, before its build
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Rebuild(ctx, dir, db); err != nil { // the build has read the document
		t.Fatal(err)
	}
	// the correction lands after the build read the document, before it is ready
	l := &Lazy{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), ready: make(chan struct{}), done: make(chan struct{})}
	rev, err := db.Correct(ctx, "clerk:lan", st.ID, func(d *gazette.Document) error { d.Title = "Đã sửa trong khi xây chỉ mục qpwz"; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Publish(ctx, "clerk:lan", rev.ID, ""); err != nil { // the corrected revision goes public
		t.Fatal(err)
	}
	if err := l.Update(ctx, []int64{st.ID}); err != nil { // dropped: the index is not ready
		t.Fatal(err)
	}
	if _, err := l.Search(ctx, gazette.SearchRequest{Query: "qpwz"}); err != ErrBuilding {
		t.Fatalf("search before the index is ready: err = %v, want ErrBuilding", err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.ix = ix
	close(l.ready)
	fctx, stop := context.WithCancel(ctx)
	l.stop = stop
	go l.follow(fctx, from)
	defer l.Close()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := ix.Search(ctx, gazette.SearchRequest{Query: "qpwz"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 1 {
			return
		}
	}
	t.Fatal("the correction made during the build never reached the index")
}
