package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// recordFile writes one generic source record per text to a JSON Lines
// file and returns its path.
func recordFile(t *testing.T, dir string, texts ...string) string {
	t.Helper()
	var b strings.Builder
	for i, text := range texts {
		fmt.Fprintf(&b, "{\"key\":\"test:%d-%d\",\"text\":%q}\n", time.Now().UnixNano(), i, text)
	}
	path := filepath.Join(dir, fmt.Sprintf("records-%d.jsonl", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func decreeText(number, subject string) string {
	return "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: " + number + "\nHà Nội, ngày 01 tháng 3 năm 2026\nNGHỊ ĐỊNH\nQuy định về " + subject +
		"\nĐiều 1. Phạm vi điều chỉnh\nNghị định này quy định về " + subject + "."
}

// serving is a serve run in process on a data folder.
type serving struct {
	addr      string
	out, errb *syncBuffer
	stop      context.CancelFunc
	done      chan int
}

// startServe starts serve on data without the sample and waits for its address.
func startServe(t *testing.T, data string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{out: &syncBuffer{}, errb: &syncBuffer{}, stop: cancel, done: make(chan int, 1)}
	go func() {
		s.done <- Main(ctx, []string{"--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", ""}, nil, s.out, s.errb)
	}()
	addrRe := regexp.MustCompile(`http://(\S+)`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && s.addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(s.out.String()); m != nil {
			s.addr = m[1]
		}
		select {
		case code := <-s.done:
			t.Fatalf("serve exited %d: %s", code, s.errb.String())
		default:
		}
	}
	if s.addr == "" {
		t.Fatalf("serve did not report its address: %q %q", s.out.String(), s.errb.String())
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(time.Minute):
			t.Errorf("serve did not stop")
		}
	})
	return s
}

// get answers status and body of a GET on the server.
func (s *serving) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := http.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// waitFor polls a GET until its body holds want (a generous bound: this
// checks that it happens, not how fast).
func (s *serving) waitFor(t *testing.T, path, want string) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 2*time.Minute {
		if status, body := s.get(t, path); status == 200 && strings.Contains(body, want) {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, body := s.get(t, path)
	t.Fatalf("GET %s never held %q: %.300s", path, want, body)
	return 0
}

// runBounded runs a command that must not hang: it must end within a
// minute (it waited forever on the index lock).
func runBounded(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	ch := make(chan result, 1)
	go func() {
		code, out, errs := run(t, "", args...)
		ch <- result{code, out, errs}
	}()
	select {
	case r := <-ch:
		return r.code, r.out, r.err
	case <-time.After(time.Minute):
		t.Fatalf("%v did not end within a minute while serve holds the index", args)
	}
	return 0, "", ""
}

// TestCommandsWhileServing: with serve running, check, search, import,
// reindex and a second serve waited forever on the index lock. None
// hangs: check checks the database, import works and its documents are
// searchable within seconds (the server follows the database), the
// others fail naming the process that holds the index.
func TestCommandsWhileServing(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	if code, _, errs := run(t, "", "--data", data, "import", recordFile(t, dir, decreeText("11/2026/NĐ-CP", "thử nghiệm quản lý kho vwxq"))); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	srv := startServe(t, data)
	srv.waitFor(t, "/api/v1/search?q=vwxq", `"total":1`)

	code, out, errs := runBounded(t, "--data", data, "check")
	if code != 0 || !strings.Contains(out, "not compared") || !strings.Contains(out, "pid") {
		t.Errorf("check while serving = %d %q %q; want the database checked and the index named as held", code, out, errs)
	}
	if code, _, errs := runBounded(t, "--data", data, "search", "vwxq"); code != 1 || !strings.Contains(errs, "pid") || !strings.Contains(errs, "congbao serve on http://"+srv.addr) {
		t.Errorf("search while serving = %d %q; want an error naming the serving process and its address", code, errs)
	}
	if code, _, errs := runBounded(t, "--data", data, "reindex"); code != 1 || !strings.Contains(errs, "pid") {
		t.Errorf("reindex while serving = %d %q; want an error naming the serving process", code, errs)
	}
	second := make(chan string, 1)
	go func() {
		code, _, errs := runBounded(t, "--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", "")
		second <- fmt.Sprint(code, " ", errs)
	}()
	if got := <-second; !strings.HasPrefix(got, "1 ") || !strings.Contains(got, "pid") {
		t.Errorf("a second serve = %q; want exit 1 naming the first", got)
	}
	start := time.Now()
	code, _, errs = runBounded(t, "--data", data, "import", recordFile(t, dir, decreeText("12/2026/NĐ-CP", "thử nghiệm lưu trữ mới zqxj")))
	if code != 0 || !strings.Contains(errs, "indexes") {
		t.Fatalf("import while serving = %d %q; want it done, saying the server indexes it", code, errs)
	}
	took := srv.waitFor(t, "/api/v1/search?q=zqxj", `"total":1`)
	t.Logf("import while serving took %s; its document was searchable %s after it ended", time.Since(start)-took, took)
}

// TestDamagedIndexRebuilt: garbage in the index folder stopped serve from
// starting. The damaged index is moved aside and rebuilt in the
// background; search answers 503 with Retry-After until it is ready.
func TestDamagedIndexRebuilt(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	if code, _, errs := run(t, "", "--data", data, "import", recordFile(t, dir, decreeText("13/2026/NĐ-CP", "thử nghiệm chỉ mục hỏng kjvq"))); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	for _, f := range []string{"shard-0/root.bolt", "shard-0/index_meta.json"} {
		if err := os.WriteFile(filepath.Join(data, "index", f), []byte("garbage, not an index"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	srv := startServe(t, data)
	if status, _ := srv.get(t, "/api/v1/search?q=kjvq"); status != 200 && status != 503 {
		t.Errorf("search while the index is rebuilt = %d, want 200 or 503", status)
	}
	srv.waitFor(t, "/api/v1/search?q=kjvq", `"total":1`)
	if aside, _ := filepath.Glob(filepath.Join(data, "index.damaged-*")); len(aside) != 1 {
		t.Errorf("the damaged index was not moved aside: %v", aside)
	}
}
