package server

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestFeedEntries checks what a feed reader shows: each entry's updated
// is the document's own date (its issue date), not the instant of a bulk
// import; summaries have no empty parts; categories have terms.
func TestFeedEntries(t *testing.T) {
	s := newScenario(t)
	status, body := s.do("GET", "/feeds/van-ban.atom", "", "", nil)
	if status != 200 {
		t.Fatalf("feed = %d", status)
	}
	var feed struct {
		Entries []struct {
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Summary   string `xml:"summary"`
			Category  []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) == 0 {
		t.Fatal("no entries")
	}
	seen43 := false
	for _, e := range feed.Entries {
		if strings.Contains(e.Summary, ", ,") || strings.HasSuffix(e.Summary, ",") || strings.Contains(e.Title, "  ") {
			t.Errorf("entry %q: summary %q", e.Title, e.Summary)
		}
		for _, c := range e.Category {
			if c.Term == "" {
				t.Errorf("entry %q has a category without a term", e.Title)
			}
		}
		if strings.HasPrefix(e.Title, "Nghị định 43/2011/NĐ-CP") {
			seen43 = true
			if !strings.HasPrefix(e.Updated, "2011-06-13") || e.Updated != e.Published {
				t.Errorf("43/2011/NĐ-CP: updated %q, published %q; want its issue date, 2011-06-13", e.Updated, e.Published)
			}
			if !strings.Contains(e.Summary, "ban hành ngày ") {
				t.Errorf("43/2011/NĐ-CP summary %q", e.Summary)
			}
		}
	}
	if !seen43 {
		t.Error("43/2011/NĐ-CP is not in the feed")
	}
}
