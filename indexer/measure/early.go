package measure

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
)

// earlyDocs is how many documents the publish-to-visible row publishes.
const earlyDocs = 25

// benchPublishToVisible measures, on a running serve, the time from a
// clerk's publish (the API call) to the document being visible in the
// change feed, in search, in the Atom feed and at a webhook receiver:
// four latencies per document, each polled every 5 ms.
func benchPublishToVisible(ctx context.Context, exe, data string, open func(context.Context, string) (*sqlite.DB, error)) (map[string][]time.Duration, error) {
	db, err := open(ctx, data)
	if err != nil {
		return nil, err
	}
	admin, _, err := db.CreateToken(ctx, "bench", "bench-admin", gazette.RoleAdmin)
	if err != nil {
		db.Close()
		return nil, err
	}
	ids := make([]int64, earlyDocs)
	words := make([]string, earlyDocs)
	for i := range ids {
		words[i] = fmt.Sprintf("benchzq%04d", i)
		num := fmt.Sprintf("%d/2026/NĐ-CP", 900+i)
		d := &gazette.Document{Number: num, NumberPrinted: num, Type: "NĐ", TypeName: "Nghị định", Issuer: "CP", IssuerName: "Chính phủ",
			Title: "Quy định thử " + words[i], Place: "Hà Nội", IssueDate: gazette.DateOf(2026, 3, 1), Signer: "Nguyễn Văn A",
			SignerTitle: "TM. Chính phủ, Thủ tướng", State: gazette.StateDraft, Complete: true,
			Text: "CHÍNH PHỦ\nSố: " + num + "\nNGHỊ ĐỊNH\nQuy định thử " + words[i] + "\nĐiều 1. Phạm vi\nNghị định này quy định " + words[i] + "."}
		if err := db.CreateDocument(ctx, "bench", d); err != nil {
			db.Close()
			return nil, err
		}
		ids[i] = d.ID
	}
	db.Close()

	// the webhook receiver notes when each document's event arrives
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	arrived := map[int64]time.Time{}
	recv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e struct {
			DocumentID int64 `json:"document_id"`
		}
		json.NewDecoder(r.Body).Decode(&e)
		mu.Lock()
		if _, ok := arrived[e.DocumentID]; !ok {
			arrived[e.DocumentID] = time.Now()
		}
		mu.Unlock()
	})}
	go recv.Serve(ln)
	defer recv.Close()

	addr, _, stop, err := startServe(ctx, exe, data, "")
	if err != nil {
		return nil, err
	}
	defer stop()
	base := "http://" + addr
	call := func(method, path, body string) (int, []byte, error) {
		req, _ := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b, nil
	}
	if st, b, err := call("POST", "/api/v1/webhooks", fmt.Sprintf(`{"url": "http://%s/hook"}`, ln.Addr())); err != nil || st != 201 {
		return nil, fmt.Errorf("create the bench webhook: %d %s %v", st, b, err)
	}
	// wait until search answers (the index opened) before timing
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if st, _, _ := call("GET", "/api/v1/search?q=x", ""); st == 200 {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("serve on %s: search never answered", data)
		}
	}
	out := map[string][]time.Duration{}
	for i, id := range ids {
		seen := func(path, want string) func() bool {
			return func() bool {
				st, b, err := call("GET", path, "")
				return err == nil && st == 200 && strings.Contains(string(b), want)
			}
		}
		probes := map[string]func() bool{
			"change feed": seen("/api/v1/changes?limit=200&since=0", fmt.Sprintf(`"document_id":%d,"number"`, id)),
			"search":      seen("/api/v1/search?q="+words[i], `"total":1}`),
			"Atom feed":   seen("/feeds/van-ban.atom", fmt.Sprintf("/van-ban/%d<", id)),
			"webhook": func() bool {
				mu.Lock()
				defer mu.Unlock()
				_, ok := arrived[id]
				return ok
			},
		}
		start := time.Now()
		if st, b, err := call("POST", fmt.Sprintf("/api/v1/documents/%d/publish", id), `{}`); err != nil || st != 200 {
			return nil, fmt.Errorf("publish %d: %d %s %v", id, st, b, err)
		}
		var wg sync.WaitGroup
		var omu sync.Mutex
		for name, probe := range probes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for deadline := start.Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
					if probe() {
						omu.Lock()
						out[name] = append(out[name], time.Since(start))
						omu.Unlock()
						return
					}
				}
			}()
		}
		wg.Wait()
		for name := range probes {
			if len(out[name]) != i+1 {
				return nil, fmt.Errorf("document %d not visible in the %s within 30 s of its publish", id, name)
			}
		}
	}
	return out, nil
}

// earlyData is the data folder of the publish-to-visible row.
func earlyData(work string) string { return filepath.Join(work, "early") }
