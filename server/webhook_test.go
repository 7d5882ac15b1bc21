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
	recv := newReceiver(t, 3)
	status, body := s.do("POST", "/api/v1/webhooks", s.admin, "application/json", []byte(fmt.Sprintf(`{"url": %q}`, recv.srv.URL)))
	if status != 201 {
		t.Fatalf("create webhook = %d %s", status, body)
	}
	var hook gazette.Webhook
	json.Unmarshal([]byte(body), &hook)
	recv.setSecret(hook.Secret)
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
		if bodies, _, _ := recv.snapshot(); len(bodies) >= 2 {
			break
		}
		hs, _ := s.db.Webhooks(context.Background())
		waits = append(waits, hs[0].NextAt.Sub(clock).Round(time.Second))
		clock = hs[0].NextAt // the retry is due
	}
	bodies, before, bad := recv.snapshot()
	var got []Event
	for _, b := range bodies {
		var e Event
		if err := json.Unmarshal(b, &e); err != nil {
			t.Errorf("payload %s: %v", b, err)
		}
		got = append(got, e)
	}
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
	if _, after, _ := recv.snapshot(); after != before {
		t.Errorf("an idle tick sent %d more deliveries", after-before)
	}
}

// receiver is a webhook receiver on loopback that checks each delivery's
// signature, as a receiver would, and fails (503) its first fails
// deliveries.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	fails  int
	calls  int
	bad    int      // deliveries not signed with the secret
	bodies [][]byte // deliveries accepted, in order
}

func newReceiver(t *testing.T, fails int) *receiver {
	r := &receiver{fails: fails}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if req.Header.Get(SignatureHeader) != Sign(r.secret, body) {
			r.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if r.calls <= r.fails {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		r.bodies = append(r.bodies, body)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// setSecret sets the secret deliveries must be signed with.
func (r *receiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

// snapshot returns the deliveries accepted, the calls and the badly
// signed ones so far.
func (r *receiver) snapshot() ([][]byte, int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte{}, r.bodies...), r.calls, r.bad
}
