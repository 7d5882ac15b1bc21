package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The tests of this file reproduce the attacks of the security review
// (issue 13): each failed before its fix.

// TestHugePagesRefused: a from or size that overflows from+size panicked
// in a search goroutine and ended the process; every route refuses it.
func TestHugePagesRefused(t *testing.T) {
	s := newScenario(t)
	for _, path := range []string{
		"/api/v1/search?q=lu%E1%BA%ADt&from=3074457345618258600",
		"/api/v1/search?q=a&from=4611686018427387904",
		"/api/v1/search?q=a&size=4611686018427387904",
		"/api/v1/search?q=a&from=-1",
		"/api/v1/search?q=a&from=1001",
		"/?q=a&from=4611686018427387904",
		"/?q=a&from=9223372036854775807",
	} {
		status, body := s.do("GET", path, "", "", nil)
		if status != 400 || !strings.Contains(body, "want") {
			t.Errorf("GET %s = %d %.200s; want 400 saying what to send", path, status, body)
		}
	}
	// the server is still there
	if status, _ := s.do("GET", "/api/v1/search?q=th%C3%B4ng+tin&from=1000", "", "", nil); status != 200 {
		t.Errorf("search at the last allowed page = %d, want 200", status)
	}
}

// TestLongQueriesRefused: a query of a thousand words ran 10 s of CPU;
// beyond the caps it is 400, and within them it is answered.
func TestLongQueriesRefused(t *testing.T) {
	s := newScenario(t)
	long := strings.Repeat("thông tin ", 1000)
	for _, q := range []string{long, strings.Repeat("a", 5000), strings.Repeat(`"dịch vụ" `, 40)} {
		status, body := s.do("GET", "/api/v1/search?q="+url.QueryEscape(q), "", "", nil)
		if status != 400 || !strings.Contains(body, "limit") {
			t.Errorf("query of %d bytes = %d %.200s; want 400 naming the limit", len(q), status, body)
		}
		if status, _ := s.do("GET", "/?q="+url.QueryEscape(q), "", "", nil); status != 400 {
			t.Errorf("search page with a query of %d bytes = %d, want 400", len(q), status)
		}
	}
	ok := strings.TrimSpace(strings.Repeat("thông tin ", 16)) // 32 terms: the cap
	if status, body := s.do("GET", "/api/v1/search?q="+url.QueryEscape(ok), "", "", nil); status != 200 {
		t.Errorf("query of 32 terms = %d %.200s, want 200", status, body)
	}
}

// TestSearchStopsWithItsClient: a search whose request was given up stops
// instead of running on (it ran to the end after the client had gone).
func TestSearchStopsWithItsClient(t *testing.T) {
	s := newScenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("GET", "/api/v1/search?q=th%C3%B4ng+tin", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	start := time.Now()
	s.api.Handler().ServeHTTP(rec, req)
	if rec.Code != 503 {
		t.Errorf("search of a request given up = %d %s, want 503", rec.Code, rec.Body)
	}
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != 503 {
		t.Errorf("answer is not problem+json: %s", rec.Body)
	}
	t.Logf("answered in %s", time.Since(start))
}

// TestSlowBodiesHoldNoSlot: connections that send a resolve body slowly
// took every resolve slot before reading it, and held them for minutes.
// The body is read first, within a short deadline: other resolves are
// answered meanwhile, and the slow connections are cut at the deadline.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	s := newScenario(t)
	api := NewWith(s.db, s.ix, Options{Desk: s.db, Library: s.db, RatePerSecond: 10000, BodyTimeout: 2 * time.Second, Log: quietLog()})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	var slow []net.Conn
	for i := 0; i < 3*cap(api.resolveSlots); i++ {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/resolve HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"text\": \"")
		slow = append(slow, conn)
	}
	time.Sleep(200 * time.Millisecond)           // let the server take them up
	client := &http.Client{Timeout: time.Minute} // generous: what is checked is that it is answered at all
	res, err := client.Post(srv.URL+"/api/v1/resolve", "application/json", strings.NewReader(`{"numbers":["43/2011/ND-CP"]}`))
	if err != nil {
		t.Fatalf("a resolve beside %d slow bodies: %v", len(slow), err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("a resolve beside %d slow bodies = %d, want 200", len(slow), res.StatusCode)
	}
	// the slow ones are answered (408) or cut once their deadline passes
	slow[0].SetReadDeadline(time.Now().Add(time.Minute))
	b, _ := io.ReadAll(slow[0])
	if len(b) > 0 && !strings.Contains(string(b), "408") {
		t.Errorf("a slow body was answered %.100q, want 408 or a closed connection", b)
	}
}

// TestResolveEscapedText: a text within the limit, written in JSON
// escapes, is read whole (a 900 KB text escaped was cut at the read limit
// and answered "unexpected end of JSON input").
func TestResolveEscapedText(t *testing.T) {
	s := newScenario(t)
	text := "Căn cứ Nghị định số 43/2011/NĐ-CP. " + strings.Repeat("Điều khoản chung của văn bản. ", 900<<10/len("Điều khoản chung của văn bản. "))
	var b strings.Builder
	b.WriteString(`{"text":"`)
	for _, r := range text {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	b.WriteString(`"}`)
	status, body := s.do("POST", "/api/v1/resolve", "", "application/json", []byte(b.String()))
	if status != 200 || !strings.Contains(body, `"status":200`) {
		t.Errorf("resolve of a %d-byte text as %d bytes of escapes = %d %.200s; want 200 with the citation found", len(text), b.Len(), status, body)
	}
}

// TestForwardedHeadersNotTrusted: a rotating X-Forwarded-For or X-Real-IP
// escaped the rate limit and faked the logged address. Only a configured
// proxy's X-Forwarded-For names the client.
func TestForwardedHeadersNotTrusted(t *testing.T) {
	s := newScenario(t)
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	get := func(url string, i int) int {
		req, _ := http.NewRequest("GET", url+"/api/v1/documents/1", nil)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i%250))
		req.Header.Set("X-Real-IP", fmt.Sprintf("198.51.100.%d", i%250))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	direct := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, RatePerSecond: 1, Log: log}).Handler())
	defer direct.Close()
	limited := 0
	for i := 0; i < 30; i++ {
		if get(direct.URL, i) == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Errorf("30 requests at 1/s with rotating forwarding headers: none limited")
	}
	if strings.Contains(logged.String(), "203.0.113.") || strings.Contains(logged.String(), "198.51.100.") {
		t.Errorf("the log took an address from a header: %.300s", logged.String())
	}
	// behind a configured proxy, its X-Forwarded-For names the client
	_, lo, _ := net.ParseCIDR("127.0.0.0/8")
	proxied := httptest.NewServer(NewWith(s.db, s.ix, Options{Library: s.db, RatePerSecond: 1, TrustedProxies: []*net.IPNet{lo}, Log: log}).Handler())
	defer proxied.Close()
	for i := 0; i < 30; i++ {
		if status := get(proxied.URL, i); status != 200 {
			t.Fatalf("request %d from its own client behind a trusted proxy = %d, want 200", i, status)
		}
	}
	if !strings.Contains(logged.String(), "ip=203.0.113.29") {
		t.Errorf("behind a trusted proxy the log does not name the forwarded client")
	}
}

// TestLimiterMemoryBounded: 100,000 addresses keep at most max buckets,
// and new ones past it share one bucket, so they are still limited.
func TestLimiterMemoryBounded(t *testing.T) {
	l := newLimiterStore(1, 3, 1000)
	denied := 0
	for i := 0; i < 100_000; i++ {
		ok, _ := l.Allow(fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff))
		if !ok {
			denied++
		}
	}
	if len(l.visitors) > 1000 {
		t.Errorf("%d buckets after 100,000 addresses, want at most 1000", len(l.visitors))
	}
	if denied < 90_000 {
		t.Errorf("%d of 100,000 rotating addresses denied, want nearly all past the first thousand", denied)
	}
	// addresses of one /64 are one client
	l = newLimiterStore(1, 3, 1000)
	for i := 0; i < 10; i++ {
		l.Allow(fmt.Sprintf("2001:db8::%x", i))
	}
	if len(l.visitors) != 1 {
		t.Errorf("10 addresses of one /64 made %d buckets, want 1", len(l.visitors))
	}
}
