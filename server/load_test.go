package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/indexer"
)

// TestLoad runs 100 concurrent readers (50 searching, 50 resolving) on
// loopback against the 208 bundled laws while a clerk uploads a gazette
// issue of 185 pages in two files (the largest real issues in the shared
// corpus: Bộ luật Tố tụng hình sự, 94 + 91 pages). Every request must
// succeed; p50/p99 are reported. It is bounded: readers stop when the
// upload is done, or after 3 minutes.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: load test skipped")
	}
	issue := []string{"../../shared/corpus/pdf/congbao/cb-2015-1271-1272_bltths-101-2015-qh13_part1.pdf",
		"../../shared/corpus/pdf/congbao/cb-2015-1273-1274_bltths-101-2015-qh13_part2.pdf"}
	for _, f := range issue {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("no %s (the shared corpus): load test skipped", f)
		}
	}
	s := newScenario(t)
	ctx := context.Background()
	var ids []int64
	err := indexer.ReadRecords("../testdata/sample/uts_vlc_laws.jsonl.gz", func(r gazette.Record) error {
		st, err := s.db.ImportRecord(ctx, "test", r)
		id := st.ID
		ids = append(ids, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ix.Update(ctx, s.db, ids); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200}, Timeout: 10 * time.Minute} // a guard against a hang, not a speed target: a busy machine queues searches for tens of seconds
	searches := []string{"quyền sử dụng đất", "quyen su dung dat", `"hợp đồng lao động"`, "thuế thu nhập doanh nghiệp",
		"tội phạm", "bảo hiểm xã hội bắt buộc", "100/2015/qh13", "luat dat dai type:Luật", "xử phạt vi phạm hành chính -giao thông"}
	resolves := []string{
		`{"text":"Căn cứ Bộ luật Hình sự số 100/2015/QH13 được sửa đổi, bổ sung bởi Luật số 12/2017/QH14; Căn cứ Luật Đất đai số 31/2024/QH15; theo quy định tại điểm a khoản 2 Điều 5 Nghị định số 43/2011/NĐ-CP."}`,
		`{"numbers":["43/2011/ND-CP","31/2024/QH15","100/2015/QH13","45/2019/QH14","1/2099/QĐ-TTg"]}`,
	}
	for _, q := range searches { // alone, for comparison
		start := time.Now()
		status, _ := s.do("GET", "/api/v1/search?q="+urlQuery(q), "", "", nil)
		t.Logf("alone: search %q = %d in %.1f ms", q, status, ms(time.Since(start)))
	}
	var stop atomic.Bool
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	var errs []string
	var wg sync.WaitGroup
	reader := func(kind string, n int) {
		defer wg.Done()
		for i := n; !stop.Load(); i++ {
			var req *http.Request
			if kind == "search" {
				req, _ = http.NewRequest("GET", s.srv.URL+"/api/v1/search?q="+urlQuery(searches[i%len(searches)]), nil)
			} else {
				req, _ = http.NewRequest("POST", s.srv.URL+"/api/v1/resolve", bytes.NewBufferString(resolves[i%len(resolves)]))
				req.Header.Set("Content-Type", "application/json")
			}
			start := time.Now()
			res, err := client.Do(req)
			d := time.Since(start)
			mu.Lock()
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", kind, err))
			} else {
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs = append(errs, fmt.Sprintf("%s %s: %d %.200s", kind, req.URL, res.StatusCode, body))
				}
				lat[kind] = append(lat[kind], d)
			}
			mu.Unlock()
		}
	}
	begin := time.Now()
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go reader("search", i)
		go reader("resolve", i)
	}
	// the clerk uploads the issue and waits for both jobs
	var uploadTimes []time.Duration
	for _, f := range issue {
		pdf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		status, body := s.do("POST", "/api/v1/uploads?name="+f[len(f)-40:], s.clerk, "application/pdf", pdf)
		uploadTimes = append(uploadTimes, time.Since(start))
		if status != 201 {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("upload %s under load = %d %s", f, status, body)
		}
	}
	deadline := time.Now().Add(10 * time.Minute) // a hang guard: the ingest takes seconds on an idle machine
	var jobs struct {
		Uploads []gazette.Job `json:"uploads"`
	}
	for time.Now().Before(deadline) {
		_, body := s.do("GET", "/api/v1/uploads", s.clerk, "", nil)
		json.Unmarshal([]byte(body), &jobs)
		done := 0
		for _, j := range jobs.Uploads {
			if j.State == gazette.JobDone || j.State == gazette.JobFailed {
				done++
			}
		}
		if done == len(issue) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	ingestTime := time.Since(begin)
	stop.Store(true)
	wg.Wait()
	pages := 0
	for _, j := range jobs.Uploads {
		if j.State != gazette.JobDone {
			t.Errorf("upload job %+v did not finish well under load", j)
		}
		pages += j.Pages
	}
	if len(errs) > 0 {
		t.Errorf("%d failed requests under load, first: %s", len(errs), errs[0])
	}
	for _, kind := range []string{"search", "resolve"} {
		d := lat[kind]
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		if len(d) == 0 {
			t.Errorf("no %s request completed", kind)
			continue
		}
		t.Logf("%s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms", kind, len(d),
			ms(d[len(d)/2]), ms(d[len(d)*99/100]), ms(d[len(d)-1]))
	}
	t.Logf("100 readers for %.1f s; the clerk's %d pages acknowledged in %v and ingested (as drafts) within %.1f s; %d errors",
		ingestTime.Seconds(), pages, uploadTimes, ingestTime.Seconds(), len(errs))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func urlQuery(q string) string { return url.QueryEscape(q) }
