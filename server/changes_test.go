package server

import (
	"encoding/json"
	"strings"
	"testing"

	"congbao/gazette"
)

type feedPage struct {
	Changes []gazette.FeedEntry `json:"changes"`
	Next    string              `json:"next"`
	More    bool                `json:"more"`
}

func (s *scenario) feed(t *testing.T, since string) feedPage {
	t.Helper()
	status, body := s.do("GET", "/api/v1/changes?limit=200&since="+since, "", "", nil)
	if status != 200 {
		t.Fatalf("changes since %s = %d %s", since, status, body)
	}
	var p feedPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestChangeFeed: the public change feed lists what was published, never a
// draft or a held document; a publish and a withdrawal each add an entry
// after the cursor; a withdrawal is a tombstone; from any cursor each
// document appears once, at its latest change.
func TestChangeFeed(t *testing.T) {
	s := newScenario(t)
	first := s.feed(t, "")
	ids := map[int64]bool{}
	for _, e := range first.Changes {
		ids[e.DocumentID] = true
		if e.Kind == gazette.FeedPublish && e.Document == nil {
			t.Errorf("publish entry %s of document %d carries no document", e.Cursor, e.DocumentID)
		}
	}
	if !ids[1] || !ids[3] || ids[2] || ids[4] {
		t.Fatalf("feed documents %v: want 1 and 3, never the draft 2 or the held 4", ids)
	}
	for _, e := range first.Changes {
		if e.DocumentID == 1 && (e.Original == nil || e.Original.SHA256 == "" || !strings.HasSuffix(e.Original.URL, "/api/v1/documents/1/original") || !strings.Contains(e.Text, "Phạm vi")) {
			t.Errorf("entry of document 1: original %+v, text %.40q", e.Original, e.Text)
		}
	}
	// publish the draft: one new entry after the cursor
	if status, body := s.do("POST", "/api/v1/documents/2/publish", s.clerk, "application/json", []byte(`{"override": "kiểm tra xong"}`)); status != 200 {
		t.Fatalf("publish 2 = %d %s", status, body)
	}
	p := s.feed(t, first.Next)
	if len(p.Changes) != 1 || p.Changes[0].Kind != gazette.FeedPublish || p.Changes[0].DocumentID != 2 {
		t.Fatalf("after publishing 2: %+v", p.Changes)
	}
	// withdraw document 3: a tombstone; its publish entry is gone
	if status, body := s.do("POST", "/api/v1/documents/3/withdraw", s.admin, "application/json", []byte(`{"reason": "đăng nhầm"}`)); status != 200 {
		t.Fatalf("withdraw 3 = %d %s", status, body)
	}
	if status, _ := s.do("POST", "/api/v1/documents/1/withdraw", s.clerk, "application/json", []byte(`{"reason": "x"}`)); status != 403 {
		t.Errorf("a clerk withdrawing = %d, want 403 (admins only)", status)
	}
	p2 := s.feed(t, p.Next)
	if len(p2.Changes) != 1 || p2.Changes[0].Kind != gazette.FeedWithdraw || p2.Changes[0].DocumentID != 3 || p2.Changes[0].Document != nil {
		t.Fatalf("after withdrawing 3: %+v", p2.Changes)
	}
	// from the start, each document appears once, at its latest change:
	// document 3 as its tombstone, carrying no text
	seen := map[int64]int{}
	for _, e := range s.feed(t, "").Changes {
		seen[e.DocumentID]++
		if e.DocumentID == 3 && (e.Kind != gazette.FeedWithdraw || e.Document != nil || e.Text != "") {
			t.Errorf("withdrawn document 3 appears as %+v", e)
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("document %d appears %d times in the feed from the start", id, n)
		}
	}
	if seen[3] != 1 {
		t.Error("the tombstone of document 3 is not in the feed from the start")
	}
	if status, _ := s.do("GET", "/van-ban/3", "", "", nil); status != 404 {
		t.Errorf("withdrawn document page = %d, want 404", status)
	}
	// cursors only grow, and a bad one is refused
	if next := s.feed(t, p2.Next); len(next.Changes) != 0 || next.Next != p2.Next {
		t.Errorf("past the end: %+v", next)
	}
	if status, _ := s.do("GET", "/api/v1/changes?since=abc", "", "", nil); status != 400 {
		t.Errorf("since=abc = %d, want 400", status)
	}
}

// TestChangeFeedPageBound: a page stops early, with more set, once its
// texts pass the bound, and the rest follows from its cursor.
func TestChangeFeedPageBound(t *testing.T) {
	s := newScenario(t)
	all := s.feed(t, "")
	defer func(n int) { maxChangeText = n }(maxChangeText)
	maxChangeText = 1
	p := s.feed(t, "")
	if len(p.Changes) != 1 || !p.More {
		t.Fatalf("with a 1-byte bound: %d entries, more %v; want 1 and more", len(p.Changes), p.More)
	}
	var n int
	for cursor := ""; ; {
		p := s.feed(t, cursor)
		n += len(p.Changes)
		if !p.More {
			break
		}
		cursor = p.Next
	}
	if n != len(all.Changes) {
		t.Errorf("paged one by one: %d entries, the whole feed has %d", n, len(all.Changes))
	}
}
