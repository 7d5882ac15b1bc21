package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"congbao/gazette"
)

// TestWebhookRecovers: a receiver that fails its first three deliveries
// receives every event once it recovers, in order, each signed with the
// hook's secret (checked here as a receiver would); the delivery log holds
// every attempt, and the retries wait 1 s, 2 s, 4 s.
func TestWebhookRecovers(t *testing.T) {
	s := newScenario(t)
	var mu sync.Mutex
	var got []Event
	calls, bad := 0, 0
	var secret string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if r.Header.Get(SignatureHeader) != Sign(secret, body) {
			bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if calls <= 3 {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		var e Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("payload %s: %v", body, err)
		}
		got = append(got, e)
	}))
	defer recv.Close()

	status, body := s.do("POST", "/api/v1/webhooks", s.admin, "application/json", []byte(fmt.Sprintf(`{"url": %q}`, recv.URL)))
	if status != 201 {
		t.Fatalf("create webhook = %d %s", status, body)
	}
	var hook gazette.Webhook
	json.Unmarshal([]byte(body), &hook)
	mu.Lock()
	secret = hook.Secret
	mu.Unlock()
	if hook.Secret == "" {
		t.Fatal("the new webhook's secret is not shown")
	}
	if status, body := s.do("GET", "/api/v1/webhooks", s.admin, "", nil); status != 200 || strings.Contains(body, hook.Secret) {
		t.Errorf("webhook list = %d and shows the secret: %v", status, strings.Contains(body, hook.Secret))
	}
	if status, _ := s.do("POST", "/api/v1/webhooks", s.clerk, "application/json", []byte(`{"url": "http://x.example"}`)); status != 403 {
		t.Errorf("a clerk creating a webhook = %d, want 403", status)
	}
	if status, _ := s.do("POST", "/api/v1/webhooks", s.admin, "application/json", []byte(`{"url": "file:///etc/passwd"}`)); status != 400 {
		t.Errorf("a file: webhook = %d, want 400", status)
	}
	// two events: a publish and a withdrawal
	if status, body := s.do("POST", "/api/v1/documents/2/publish", s.clerk, "application/json", []byte(`{"override": "đã duyệt"}`)); status != 200 {
		t.Fatalf("publish = %d %s", status, body)
	}
	if status, body := s.do("POST", "/api/v1/documents/3/withdraw", s.admin, "application/json", []byte(`{"reason": "đăng nhầm"}`)); status != 200 {
		t.Fatalf("withdraw = %d %s", status, body)
	}
	clock := time.Now()
	d := &Dispatcher{Hooks: s.db, Store: s.db, BaseURL: "http://congbao.test", Now: func() time.Time { return clock }}
	var waits []time.Duration
	for i := 0; i < 20; i++ {
		if err := d.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 2 {
			break
		}
		hs, _ := s.db.Webhooks(context.Background())
		waits = append(waits, hs[0].NextAt.Sub(clock).Round(time.Second))
		clock = hs[0].NextAt // the retry is due
	}
	mu.Lock()
	received, badSigs, before := append([]Event{}, got...), bad, calls
	mu.Unlock()
	got, bad = received, badSigs
	if len(got) != 2 || got[0].Kind != gazette.FeedPublish || got[0].DocumentID != 2 || got[0].Document == nil ||
		got[1].Kind != gazette.FeedWithdraw || got[1].DocumentID != 3 || got[1].Document != nil {
		t.Fatalf("received %+v; want the publish of 2 (with the document), then the withdrawal of 3 (without)", got)
	}
	if bad != 0 {
		t.Errorf("%d deliveries were not signed with the hook's secret", bad)
	}
	if fmt.Sprint(waits[:3]) != "[1s 2s 4s]" {
		t.Errorf("waits before the retries %v, want [1s 2s 4s]", waits)
	}
	status, body = s.do("GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), s.admin, "", nil)
	var log struct {
		Deliveries []gazette.Delivery `json:"deliveries"`
	}
	json.Unmarshal([]byte(body), &log)
	failed, ok := 0, 0
	for _, dl := range log.Deliveries {
		if dl.Status == 503 {
			failed++
		} else if dl.Status == 200 {
			ok++
		}
	}
	if status != 200 || failed != 3 || ok != 2 {
		t.Errorf("delivery log = %d: %d failed, %d delivered; want 3 and 2: %s", status, failed, ok, body)
	}
	// nothing more to deliver: nothing is sent twice
	clock = clock.Add(time.Hour)
	d.Tick(context.Background())
	mu.Lock()
	after := calls
	mu.Unlock()
	if after != before {
		t.Errorf("an idle tick sent %d more deliveries", after-before)
	}
}
