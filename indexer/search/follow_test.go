package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
)

// newData returns a new data folder and its database, closed at the end of t.
func newData(t *testing.T) (string, *sqlite.DB) {
	t.Helper()
	data := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(data, "congbao.db"), filepath.Join(data, "originals"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return data, db
}

// TestCorrectionDuringBuildIndexed: a correction published while serve
// built its index never reached the index (the update was dropped while
// it was not ready). The change list brings it in once the build is done.
func TestCorrectionDuringBuildIndexed(t *testing.T) {
	data, db := newData(t)
	ctx := context.Background()
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

// TestSearchAnswersWhileFilling: serve on a new data folder imports the
// sample while it serves. Search must answer from what is indexed so far,
// saying how far the index is, and stop saying so once the import has
// ended and every document written is indexed.
func TestSearchAnswersWhileFilling(t *testing.T) {
	data, db := newData(t)
	ctx := context.Background()
	l, err := Start(ctx, filepath.Join(data, "index"), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Importing(1) // an import has begun and has not ended
	record := func(i int) {
		text := fmt.Sprintf("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: %d/2026/NĐ-CP\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\n"+
			"Quy định về thủ tục xqvz số %d\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định về thủ tục xqvz.", i, i)
		if _, err := db.ImportRecord(ctx, "import", gazette.Record{Key: fmt.Sprint("test:", i), Text: text, State: gazette.StatePublished, Batch: "run-1"}); err != nil {
			t.Fatal(err)
		}
	}
	record(1)
	var during *gazette.SearchResult
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline) && during == nil; time.Sleep(50 * time.Millisecond) {
		res, err := l.Search(ctx, gazette.SearchRequest{Query: "xqvz", Facets: true})
		if errors.Is(err, ErrBuilding) {
			continue // the empty index of the new folder is being made
		}
		if err != nil {
			t.Fatalf("search during the import: %v", err)
		}
		if res.Total > 0 {
			during = res
		}
	}
	if during == nil {
		t.Fatal("the document imported never became searchable during the import")
	}
	if during.Building == nil || during.Building.Importing != 1 || during.Building.Documents != 1 {
		t.Fatalf("a result during the import says %+v, want the import running and 1 document indexed", during.Building)
	}
	record(2)
	l.Importing(0) // the import has ended
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		res, err := l.Search(ctx, gazette.SearchRequest{Query: "xqvz", Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Building == nil {
			if res.Total != 2 || !l.CaughtUp(ctx) {
				t.Fatalf("the index says it is complete with %d of 2 documents (caught up: %v)", res.Total, l.CaughtUp(ctx))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a minute after the import ended, results still say %+v", res.Building)
		}
	}
}
