package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestNumberJSON(t *testing.T) {
	code, out, _ := run(t, "", "number", "--json", "43/2011/ND-CP", "416/QĐ-TTg", "01/07/2025")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), out)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"input": "43/2011/ND-CP", "ok": true, "canonical": "43/2011/NĐ-CP", "type": "NĐ",
		"type_name": "Nghị định", "issuer": "CP", "issuer_name": "Chính phủ", "year": 2011.0, "normative": true}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("number --json %s = %v, want %v", k, first[k], v)
		}
	}
	if w, _ := first["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "ND read as NĐ") {
		t.Errorf("warnings = %v, want [ND read as NĐ]", first["warnings"])
	}
	if !strings.Contains(lines[1], `"year":null`) || !strings.Contains(lines[1], `"normative":false`) {
		t.Errorf("416/QĐ-TTg line %s, want year null and not normative", lines[1])
	}
	if !strings.Contains(lines[2], `"ok":false`) || !strings.Contains(lines[2], `"error":"a date`) {
		t.Errorf("date line %s, want ok false with a reason", lines[2])
	}
}

func TestNumberStdinOrder(t *testing.T) {
	var in strings.Builder
	const n = 100000
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&in, "%d/2011/nd-cp\n", i%3000+1)
	}
	code, out, errs := run(t, in.String(), "number", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	i := 0
	for sc.Scan() {
		i++
		var r struct {
			Input     string `json:"input"`
			Canonical string `json:"canonical"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if want := fmt.Sprintf("%d/2011/nd-cp", i%3000+1); r.Input != want {
			t.Fatalf("line %d input %q, want %q (order lost)", i, r.Input, want)
		}
	}
	if i != n {
		t.Errorf("%d output lines, want %d", i, n)
	}
}

func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"number", "-h"}, 0},
		{[]string{"serve", "-h"}, 0},
		{[]string{"version", "-h"}, 0},
		{[]string{"help"}, 0},
		{nil, 2},
		{[]string{"nosuch"}, 2},
		{[]string{"number", "--nosuchflag"}, 2},
	} {
		if code, _, _ := run(t, "", tt.args...); code != tt.code {
			t.Errorf("congbao %v: exit %d, want %d", tt.args, code, tt.code)
		}
	}
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "congbao ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestServe starts serve on a new data folder (the sample is imported),
// checks /healthz and errors, then stops it while a clerk's upload is in
// flight: the upload must still be answered 201 (graceful shutdown).
func TestServe(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int)
	data := t.TempDir()
	// the bundled law texts as the sample (the vbpl records too would only
	// make the test longer)
	sample := lawsSample(t)
	go func() {
		done <- Main(ctx, []string{"--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", sample}, nil, &out, &errb)
	}()
	addrRe := regexp.MustCompile(`http://(\S+)`)
	var addr string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("serve did not report its address: %q %q", out.String(), errb.String())
	}
	// the sample is imported while serve answers: search answers from what
	// is indexed so far, and says how far the index is
	started := time.Now()
	var first struct {
		Total    int `json:"total"`
		Building *struct {
			Documents, Waiting, Importing int
		} `json:"building"`
	}
	for deadline := time.Now().Add(3 * time.Minute); first.Total == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no search hit in 3 minutes of serving the sample; log:\n%s", errb.String())
		}
		resp, err := http.Get("http://" + addr + "/api/v1/search?q=quyen+su+dung+dat")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 503 {
			continue // the empty index of the new folder is being made
		}
		if resp.StatusCode != 200 {
			t.Fatalf("search while importing = %d %s", resp.StatusCode, b)
		}
		if err := json.Unmarshal(b, &first); err != nil {
			t.Fatalf("search while importing: %v: %s", err, b)
		}
	}
	if first.Building != nil {
		t.Logf("first hits %.1fs after serve started, during the import: %+v", time.Since(started).Seconds(), *first.Building)
	} else {
		t.Logf("first hits %.1fs after serve started, the index complete", time.Since(started).Seconds())
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"status":"ok"`) {
		t.Errorf("/healthz = %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get("http://" + addr + "/nosuch")
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("/nosuch = %d %s %s, want 404 problem+json", resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	var tokOut, tokErr bytes.Buffer
	if code := Main(context.Background(), []string{"--data", data, "token", "create", "--role", "clerk", "--name", "lan"}, nil, &tokOut, &tokErr); code != 0 {
		t.Fatalf("token create: %d %s", code, tokErr.String())
	}
	pdf, err := os.ReadFile("../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/uploads?name=nd-49.pdf", pr)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tokOut.String()))
	req.Header.Set("Content-Type", "application/pdf")
	answered := make(chan int, 1)
	go func() {
		// a new connection: an idle kept-alive one may be closed by the
		// shutdown just as the client reuses it (a race of HTTP/1.1 itself)
		fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := fresh.Do(req)
		if err != nil {
			t.Errorf("upload during shutdown: %v", err)
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	pw.Write(pdf[:len(pdf)/2])
	// the handler is storing the body: the upload is in flight (a connection
	// not yet accepted when the listener closes is refused, as anywhere)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(data, "originals", "upload-*.tmp")); len(m) > 0 {
			break
		}
	}
	cancel() // SIGINT/SIGTERM cancel this context in main
	time.Sleep(300 * time.Millisecond)
	pw.Write(pdf[len(pdf)/2:])
	pw.Close()
	if code := <-answered; code != 201 {
		t.Errorf("upload in flight at shutdown = %d, want 201; server log:\n%s", code, errb.String())
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}

// lawsSample is a sample folder holding the bundled law texts alone.
func lawsSample(t *testing.T) string {
	t.Helper()
	sample := t.TempDir()
	laws, err := filepath.Abs("../../testdata/sample/uts_vlc_laws.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(laws, filepath.Join(sample, "uts_vlc_laws.jsonl.gz")); err != nil {
		t.Fatal(err)
	}
	return sample
}
