package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
)

// TestFilesOwnerOnly: the database was created world-readable (drafts,
// held documents, token hashes); a killed upload's temporary file stayed
// for good. The database is 0600, and stale temporary files go on open.
func TestFilesOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	originals := filepath.Join(dir, "originals")
	os.MkdirAll(originals, 0o700)
	stale, fresh := filepath.Join(originals, "upload-1.tmp"), filepath.Join(originals, "upload-2.tmp")
	for _, f := range []string{stale, fresh} {
		os.WriteFile(f, []byte("part of an upload"), 0o600)
	}
	old := time.Now().Add(-2 * staleUpload)
	os.Chtimes(stale, old, old)
	db, err := Open(context.Background(), filepath.Join(dir, "congbao.db"), originals)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CountPublished(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"congbao.db", "congbao.db-wal"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode&0o077 != 0 {
			t.Errorf("%s has mode %v, want no access for group and others", f, mode)
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a killed upload's temporary file is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("an upload in progress lost its temporary file: %v", err)
	}
}

// TestBackupIndependent: a backup's originals were hard links to the data
// folder's (the same disk blocks): they are independent copies unless
// asked otherwise.
func TestBackupIndependent(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	src, _, err := db.PutOriginal(ctx, "a.pdf", strings.NewReader("%PDF-1.4 an original"))
	if err != nil {
		t.Fatal(err)
	}
	d := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	d.SourceSHA256 = src.SHA256
	if err := db.CreateDocument(ctx, "test", d); err != nil {
		t.Fatal(err)
	}
	for _, link := range []bool{false, true} {
		dest := t.TempDir()
		if n, err := db.Backup(ctx, dest, link); err != nil || n != 1 {
			t.Fatalf("Backup(link %t) = %d, %v", link, n, err)
		}
		a, _ := os.Stat(db.OriginalPath(src.SHA256))
		b, err := os.Stat(filepath.Join(dest, "originals", src.SHA256[:2], src.SHA256))
		if err != nil {
			t.Fatal(err)
		}
		if os.SameFile(a, b) != link {
			t.Errorf("Backup(link %t): the copy is the same file as the original: %t", link, os.SameFile(a, b))
		}
	}
}
