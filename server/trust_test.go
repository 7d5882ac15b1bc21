package server

import (
	"context"
	"encoding/json"
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
