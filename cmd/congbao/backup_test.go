package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
)

// mustRun calls Main and fails the test on a non-zero exit.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Main(context.Background(), args, nil, &out, &errb); code != 0 {
		t.Fatalf("congbao %s: exit %d: %s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String()
}

// searchHits runs congbao search --json and keeps what a reader sees:
// the documents in order, with the article that matched.
func searchHits(t *testing.T, data, q string) string {
	t.Helper()
	var res struct {
		Total uint64 `json:"total"`
		Hits  []struct {
			ID      string  `json:"id"`
			Article string  `json:"article"`
			Score   float64 `json:"score"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--data", data, "search", "--json", "--limit", "20", q)), &res); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", res.Total)
	for _, h := range res.Hits {
		fmt.Fprintf(&b, " %s/%s/%.4f", h.ID, h.Article, h.Score)
	}
	return b.String()
}

// TestBackupRestore backs up while the server runs and a writer adds
// documents, restores into a new data folder, reindexes, and checks that
// the copy is sound and searches the same.
func TestBackupRestore(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	data, restored, dest := t.TempDir(), t.TempDir(), t.TempDir()+"/backup"
	mustRun(t, "--data", data, "import", "../../testdata/sample/uts_vlc_laws.jsonl.gz")
	mustRun(t, "--data", data, "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	mustRun(t, "--data", data, "reindex")

	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	served := make(chan int)
	go func() {
		served <- Main(ctx, []string{"--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", ""}, nil, &out, &errb)
	}()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !regexp.MustCompile(`http://`).MatchString(out.String()); {
		time.Sleep(20 * time.Millisecond)
	}
	// a clerk's drafts keep arriving during the backup (drafts are not searched)
	db, err := sqlite.Open(context.Background(), data+"/congbao.db", data+"/originals")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	writes := 0
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			rec := gazette.Record{Key: fmt.Sprintf("test:%d", i), State: gazette.StateDraft,
				Text: fmt.Sprintf("ỦY BAN NHÂN DÂN\nSố: %d/2026/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc thử sao lưu\nĐiều 1. Quyết định này có hiệu lực kể từ ngày ký.", i+1)}
			if _, err := db.ImportRecord(context.Background(), "test", rec); err != nil {
				t.Errorf("write during backup: %v", err)
				return
			}
			writes++
		}
	}()
	time.Sleep(100 * time.Millisecond)
	msg := mustRun(t, "--data", data, "backup", dest)
	close(stop)
	wg.Wait()
	db.Close()
	cancel()
	if code := <-served; code != 0 {
		t.Fatalf("serve exit %d: %s", code, errb.String())
	}
	if !strings.Contains(msg, "1 originals") || writes == 0 {
		t.Errorf("backup said %q with %d writes during it", msg, writes)
	}
	mustRun(t, "--data", restored, "restore", dest)
	mustRun(t, "--data", restored, "reindex")
	if got := mustRun(t, "--data", restored, "check"); !strings.Contains(got, "database: 0 problems") {
		t.Errorf("check of the restored copy: %s", got)
	}
	for _, q := range []string{"quyền sử dụng đất", "quyen su dung dat", `"hợp đồng"`, "49/2026/NĐ-CP", "thuế thu nhập cá nhân type:Luật", "Bộ luật Hình sự"} {
		a, b := searchHits(t, data, q), searchHits(t, restored, q)
		if a != b {
			t.Errorf("search %q: original %s, restored %s", q, a, b)
		}
		if strings.HasPrefix(a, "0:") {
			t.Errorf("search %q finds nothing: the comparison proves little", q)
		}
	}
	var errOut bytes.Buffer
	if code := Main(context.Background(), []string{"--data", restored, "restore", dest}, nil, &errOut, &errOut); code == 0 || !strings.Contains(errOut.String(), "exists") {
		t.Errorf("restore over a database: exit %d %s, want a refusal", code, errOut.String())
	}
}
