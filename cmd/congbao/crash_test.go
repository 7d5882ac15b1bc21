package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"congbao/gazette/sqlite"
	"congbao/indexer"
)

// TestCrashSafety kills "congbao ingest" with SIGKILL at random points over
// the real PDFs of ../shared/corpus, restarts it, and after each kill checks
// with "congbao check" (once the next start has brought the index up to
// date) that the database is sound and every file reported added is there.
// A final run completes the folder: every file is then added exactly once.
func TestCrashSafety(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	folder := "../../../shared/corpus/pdf"
	if _, err := os.Stat(folder); err != nil {
		t.Skipf("no %s (the shared corpus): crash test skipped", folder)
	}
	files, err := indexer.Files([]string{folder})
	if err != nil || len(files) < 5 {
		t.Fatalf("PDFs in %s: %d, %v", folder, len(files), err)
	}
	data := t.TempDir()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	added := map[string][]int64{} // path -> documents, as reported before a kill
	final := map[string]string{}  // path -> status in the last, complete run
	ingest := func(kill time.Duration) (killed bool) {
		cmd := exec.Command(os.Args[0], "--data", data, "ingest", "--json", "--workers", "2", folder)
		cmd.Env = append(os.Environ(), "CONGBAO_TEST_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var timer *time.Timer
		if kill > 0 {
			timer = time.AfterFunc(kill, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var r indexer.FileResult
			if json.Unmarshal(sc.Bytes(), &r) != nil {
				continue
			}
			final[r.Path] = r.Status
			if r.Status == indexer.Added {
				if _, twice := added[r.Path]; twice {
					t.Errorf("%s reported added twice", r.Path)
				}
				added[r.Path] = r.Documents
			}
		}
		err = cmd.Wait()
		if timer != nil {
			timer.Stop()
		}
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return true
		}
		if err != nil {
			t.Fatalf("ingest exited with %v: %s", err, stderr.String())
		}
		return false
	}
	kills := 0
	for round := 0; round < 6; round++ {
		if ingest(time.Duration(100+rng.Intn(1500)) * time.Millisecond) {
			kills++
		}
		// the next command to open the index brings it up to date; then check
		var so, se bytes.Buffer
		if code := Main(context.Background(), []string{"--data", data, "search", "--limit", "1", "luật"}, nil, &so, &se); code != 0 {
			t.Fatalf("search after kill %d: %s", round, se.String())
		}
		so.Reset()
		se.Reset()
		if code := Main(context.Background(), []string{"--data", data, "check"}, nil, &so, &se); code != 0 {
			t.Fatalf("check after kill %d: exit %d\n%s%s", round, code, so.String(), se.String())
		}
		verifyAdded(t, data, added)
	}
	clear(final)
	ingest(0) // to the end
	verifyAdded(t, data, added)
	for _, f := range files {
		if st := final[f]; st != indexer.Added && st != indexer.Present {
			t.Errorf("%s: %q in the complete run, want added or present", f, st)
		}
	}
	var so, se bytes.Buffer
	if code := Main(context.Background(), []string{"--data", data, "check"}, nil, &so, &se); code != 0 || !strings.Contains(so.String(), "database: 0 problems") {
		t.Fatalf("final check: exit %d\n%s%s", code, so.String(), se.String())
	}
	if kills == 0 {
		t.Errorf("no run was killed: the test proves nothing")
	}
	t.Logf("%d runs killed at random points; %d of %d files reported added (once each; a file committed just before a kill is found present afterwards); check clean after every kill",
		kills, len(added), len(files))
}

// verifyAdded checks that every file reported added has its documents.
func verifyAdded(t *testing.T, data string, added map[string][]int64) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), data+"/congbao.db", data+"/originals")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for path, ids := range added {
		for _, id := range ids {
			if _, err := db.DocumentByID(context.Background(), id); err != nil {
				t.Errorf("%s was reported added with document %d: %v", path, id, err)
			}
		}
	}
}
