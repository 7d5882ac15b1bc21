package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"congbao/indexer/harvest"
)

// published lists the published documents of a data folder as "number |
// title | sha256 of text | original", sorted: what two portals must agree on.
func published(t *testing.T, data string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(mustRun(t, "--data", data, "export")), "\n") {
		var d struct {
			Number     *string `json:"number"`
			Title      *string `json:"title"`
			State      string  `json:"state"`
			RevisionOf int64   `json:"revision_of"`
			Source     *struct {
				SHA256 string `json:"sha256"`
			} `json:"source"`
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		if d.State != "published" {
			continue
		}
		s := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		orig := ""
		if d.Source != nil {
			orig = d.Source.SHA256
		}
		out = append(out, fmt.Sprintf("%s | %s | %s", s(d.Number), s(d.Title), orig))
	}
	sort.Strings(out)
	return out
}

// syncOnce runs "congbao sync" as its own process, killed with SIGKILL
// after kill (0: never); it reports whether it was killed and the result
// of a completed run.
func syncOnce(t *testing.T, data, from string, kill time.Duration) (bool, harvest.Result) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "--data", data, "sync", "--from", from, "--json")
	cmd.Env = append(os.Environ(), "CONGBAO_TEST_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var timer *time.Timer
	if kill > 0 {
		timer = time.AfterFunc(kill, func() { cmd.Process.Signal(syscall.SIGKILL) })
	}
	err := cmd.Wait()
	if timer != nil {
		timer.Stop()
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return true, harvest.Result{}
	}
	if err != nil {
		t.Fatalf("sync exited with %v: %s", err, stderr.String())
	}
	var res harvest.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("sync --json: %v: %s", err, stdout.String())
	}
	return false, res
}

// TestSyncTwoPortals: a province's congbao and the national one on
// loopback. The national one syncs the province's published documents
// (the bundled law texts and a decree with its original PDF) while being
// killed with SIGKILL part way, runs again, and ends with exactly what the
// province publishes: not the clerk's draft revision, not the document
// the province withdrew. A third run adds nothing; congbao check passes.
func TestSyncTwoPortals(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	province, national := t.TempDir(), t.TempDir()
	mustRun(t, "--data", province, "import", "../../testdata/sample/uts_vlc_laws.jsonl.gz")
	mustRun(t, "--data", province, "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	admin := strings.TrimSpace(mustRun(t, "--data", province, "token", "create", "--role", "admin", "--name", "quan-tri"))
	srv := startServe(t, province)
	from := "http://" + srv.addr
	call := func(method, path, body string) string {
		t.Helper()
		req, _ := http.NewRequest(method, from+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s = %d %s", method, path, res.StatusCode, b)
		}
		return string(b)
	}
	// a clerk's correction of a published document is a draft revision: it must not travel
	call("PATCH", "/api/v1/documents/2", `{"title": "BẢN NHÁP CHƯA CÔNG BỐ"}`)

	kills := 0
	for _, after := range []time.Duration{400 * time.Millisecond, 1200 * time.Millisecond, 2500 * time.Millisecond} {
		if killed, _ := syncOnce(t, national, from, after); killed {
			kills++ // check runs after the next start has brought the index up to date
		}
	}
	heldAfterKills := len(published(t, national))
	// the province withdraws a document the national portal may hold by now
	call("POST", "/api/v1/documents/1/withdraw", `{"reason": "đăng nhầm"}`)
	_, done := syncOnce(t, national, from, 0)
	if done.Cursor == "" {
		t.Fatalf("the completing sync reports no cursor: %+v", done)
	}
	want, got := published(t, province), published(t, national)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("the national portal holds %d published documents, the province %d; first differences:\n%s",
			len(got), len(want), firstDiff(want, got))
	}
	for _, g := range got {
		if strings.Contains(g, "BẢN NHÁP CHƯA CÔNG BỐ") {
			t.Errorf("a draft travelled (before it was published): %s", g)
		}
	}
	pdf, _ := os.ReadFile("../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	sum := sha256.Sum256(pdf)
	if !strings.Contains(strings.Join(got, "\n"), hex.EncodeToString(sum[:])) {
		t.Errorf("the decree's original did not travel with it")
	}
	// the province publishes its clerk's revision: the national portal
	// takes it as a revision of what this source gave (no review needed
	// for the source's own documents)
	var drafts struct {
		Documents []struct {
			ID         int64 `json:"id"`
			RevisionOf int64 `json:"revision_of"`
		} `json:"documents"`
	}
	json.Unmarshal([]byte(call("GET", "/api/v1/drafts", "")), &drafts)
	revision := int64(0)
	for _, d := range drafts.Documents {
		if d.RevisionOf == 2 {
			revision = d.ID
		}
	}
	if revision == 0 {
		t.Fatalf("province drafts %+v: no revision of document 2", drafts.Documents)
	}
	call("POST", fmt.Sprintf("/api/v1/documents/%d/publish", revision), `{"override": "đã duyệt"}`)
	if _, rev := syncOnce(t, national, from, 0); rev.Updated != 1 || rev.Created != 0 || rev.Conflicts != 0 {
		t.Errorf("syncing the published revision: %+v, want one document updated", rev)
	}
	if got := published(t, national); !strings.Contains(strings.Join(got, "\n"), "BẢN NHÁP CHƯA CÔNG BỐ") {
		t.Errorf("the published revision did not reach the national portal")
	}
	_, third := syncOnce(t, national, from, 0)
	if third.Created+third.Updated+third.Withdrawn+third.Conflicts != 0 || third.Entries != 0 {
		t.Errorf("a third sync changed something: %+v", third)
	}
	if code, _, errOut := run(t, "", "--data", national, "check"); code != 0 {
		t.Errorf("check: exit %d: %s", code, errOut)
	}
	t.Logf("%d published documents synced; %d of 3 runs killed part way, %d documents held after them; the completing run: %+v; third run: %d entries",
		len(got), kills, heldAfterKills, done, third.Entries)
}

// firstDiff shows the first lines two sorted lists disagree on.
func firstDiff(a, b []string) string {
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range list {
			m[x] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, x := range a {
		if !mb[x] && len(out) < 5 {
			out = append(out, "only at the province: "+x)
		}
	}
	for _, x := range b {
		if !ma[x] && len(out) < 10 {
			out = append(out, "only at the national portal: "+x)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeSyncsFrom: serve --sync-from pulls a province's published
// documents on its own, and what it pulls is searchable.
func TestServeSyncsFrom(t *testing.T) {
	t.Parallel()
	province, national := t.TempDir(), t.TempDir()
	mustRun(t, "--data", province, "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	src := startServe(t, province)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errb := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--data", national, "serve", "--addr", "127.0.0.1:0", "--sample", "",
			"--sync-from", "http://" + src.addr, "--sync-every", "1s"}, nil, out, errb)
	}()
	addrRe := regexp.MustCompile(`http://(\S+)`)
	dst := &serving{out: out, errb: errb}
	for deadline := time.Now().Add(time.Minute); dst.addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			dst.addr = m[1]
		}
	}
	if dst.addr == "" {
		t.Fatalf("national serve did not start: %s", errb.String())
	}
	took := dst.waitFor(t, "/api/v1/search?q=49/2026/nd-cp", `"total":1}`) // the last key of the answer
	t.Logf("the province's decree searchable on the national portal %.1fs after it started", took.Seconds())
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Error("national serve did not stop")
	}
}

// TestSyncFeedAndRecords: `congbao sync --feed` takes the PDFs of a
// portal's RSS items as drafts (nothing public until a clerk publishes),
// `--records` imports vbpl records as drafts, and second runs add nothing;
// both sources are loopback fixture servers.
func TestSyncFeedAndRecords(t *testing.T) {
	t.Parallel()
	pdf, err := os.ReadFile("../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var records bytes.Buffer
	if err := readGzipLines("../../testdata/sample/vbpl_documents_2026-04.jsonl.gz", 3, &records); err != nil {
		t.Fatal(err)
	}
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Văn bản mới</title>
<item><title>Nghị định số 49/2026/NĐ-CP</title><link>%s/van-ban/nghi-dinh-so-49-2026-nd-cp-1.htm</link><guid>1</guid></item>
</channel></rss>`, srvURL)
		case "/van-ban/nghi-dinh-so-49-2026-nd-cp-1.htm":
			io.WriteString(w, `<html><a href="/files/49-2026-nd-cp.signed.pdf">Tải văn bản</a></html>`)
		case "/files/49-2026-nd-cp.signed.pdf":
			w.Write(pdf)
		case "/vbpl.jsonl":
			w.Write(records.Bytes())
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	srvURL = srv.URL
	data := t.TempDir()
	out := mustRun(t, "--data", data, "sync", "--feed", srv.URL+"/rss", "--json")
	var res harvest.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Created != 1 {
		t.Fatalf("sync --feed = %s (%v); want 1 item taken", out, err)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "ingested as drafts for review") {
		t.Errorf("notes %q do not say the PDF became drafts", res.Notes)
	}
	if got := published(t, data); len(got) != 0 {
		t.Errorf("harvested documents are public before review: %v", got)
	}
	if all := mustRun(t, "--data", data, "export"); !strings.Contains(all, `"49/2026/NĐ-CP"`) || !strings.Contains(all, `"state":"draft"`) {
		t.Errorf("the harvested decree is not held as a draft:\n%.400s", all)
	}
	out = mustRun(t, "--data", data, "sync", "--feed", srv.URL+"/rss", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Created != 0 || res.Unchanged != 1 {
		t.Errorf("second sync --feed = %s; want nothing new", out)
	}
	out = mustRun(t, "--data", data, "sync", "--records", srv.URL+"/vbpl.jsonl", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Created != 3 {
		t.Fatalf("sync --records = %s (%v); want 3 new drafts", out, err)
	}
	if got := published(t, data); len(got) != 0 {
		t.Errorf("harvested records are public before review: %v", got)
	}
	out = mustRun(t, "--data", data, "sync", "--records", srv.URL+"/vbpl.jsonl", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Unchanged != 3 || res.Created != 0 {
		t.Errorf("second sync --records = %s; want 3 unchanged", out)
	}
	if code, _, stderr := run(t, "", "--data", data, "sync", "--feed", srv.URL+"/rss", "--records", srv.URL+"/vbpl.jsonl"); code == 0 ||
		!strings.Contains(stderr, "one of --from, --feed or --records") {
		t.Errorf("two sources at once: exit %d, %s", code, stderr)
	}
	mustRun(t, "--data", data, "check")
}

// readGzipLines copies the first n lines of a gzip file to w.
func readGzipLines(path string, n int, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		fmt.Fprintln(w, sc.Text())
	}
	return sc.Err()
}
