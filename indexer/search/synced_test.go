package search

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"congbao/gazette"
)

// TestOpenComparesOnlyAfterWrites: an index opened over a database that
// nothing has written to since the index last held it all is not compared
// with it (the comparison reads every document); one written to since (an
// ingest whose index update was lost in a crash) is compared and repaired.
func TestOpenComparesOnlyAfterWrites(t *testing.T) {
	data, db := newData(t)
	ctx := context.Background()
	record := func(key, number, title string) *gazette.Stored {
		text := "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: " + number + "\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\n" +
			title + "\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định về " + title + "."
		st, err := db.ImportRecord(ctx, "import", gazette.Record{Key: key, Text: text, State: gazette.StatePublished, Batch: "run-1"})
		if err != nil {
			t.Fatal(err)
		}
		return &st
	}
	first := record("test:1", "14/2026/NĐ-CP", "thử nghiệm qpwz")
	dir := filepath.Join(data, "index")
	if _, err := Rebuild(ctx, dir, db); err != nil {
		t.Fatal(err)
	}
	count, err := db.ChangeCount(ctx)
	if err != nil || count == 0 {
		t.Fatalf("ChangeCount = %d, %v; want the writes counted", count, err)
	}
	hits := func(q string) uint64 {
		ix, err := OpenSynced(ctx, dir, db, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if at, ok := ix.SyncedAt(); !ok || at != count {
			t.Errorf("SyncedAt = %d, %v after open; want %d", at, ok, count)
		}
		res, err := ix.Search(ctx, gazette.SearchRequest{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return uint64(len(res.Hits))
	}
	if n := hits("qpwz"); n != 1 {
		t.Fatalf("after the rebuild: %d hits, want 1", n)
	}
	// the index loses the document behind the database's back: with no
	// write since, the open takes the index as it is
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.DeleteDocument(strconv.FormatInt(first.ID, 10)); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if n := hits("qpwz"); n != 0 {
		t.Fatalf("an open with nothing written compared anyway: %d hits, want 0 (the index as left)", n)
	}
	// a write the index never saw (a crash before its update): compared, both documents found
	record("test:2", "15/2026/NĐ-CP", "thử nghiệm zxkv")
	if count, err = db.ChangeCount(ctx); err != nil {
		t.Fatal(err)
	}
	if n := hits("qpwz"); n != 1 {
		t.Errorf("after a write: %d hits for the lost document, want 1 (compared and repaired)", n)
	}
	if n := hits("zxkv"); n != 1 {
		t.Errorf("after a write: %d hits for the new document, want 1", n)
	}
}

// TestFollowerRecordsOnStop: a serve that followed the database's changes
// records, when it stops, the count its index holds every change at, so
// that the next open does not compare.
func TestFollowerRecordsOnStop(t *testing.T) {
	data, db := newData(t)
	ctx := context.Background()
	dir := filepath.Join(data, "index")
	l, err := Start(ctx, dir, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	<-l.ready
	text := "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 16/2026/NĐ-CP\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\n" +
		"Quy định về theo dõi\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định về theo dõi."
	if _, err := db.ImportRecord(ctx, "import", gazette.Record{Key: "test:3", Text: text, State: gazette.StatePublished, Batch: "run-1"}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); !l.CaughtUp(ctx); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the follower did not index the change within a minute")
		}
	}
	count, err := db.ChangeCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if at, ok := ix.SyncedAt(); !ok || at != count {
		t.Errorf("SyncedAt after the follower stopped = %d, %v; want %d", at, ok, count)
	}
}
