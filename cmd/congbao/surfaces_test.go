package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/indexer/search"
	"congbao/server"
)

// TestStatusSameOnEverySurface: for every document of the bundled
// sample, its effect status today is the same in the document API, on its
// page, in citation lookup, in search hits, under the status: filter and
// in the status facet, since all read it from one rule (law.Derive).
func TestStatusSameOnEverySurface(t *testing.T) {
	ctx := context.Background()
	db := sampleDB(t)
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := search.Rebuild(ctx, dir, db); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv := httptest.NewServer(server.NewWith(db, search.Bound{Index: ix, Source: db}, server.Options{RatePerSecond: 1e6, Library: db}).Handler())
	defer srv.Close()
	get := func(path string, v any) string {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		if v != nil {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		return string(b)
	}
	now := time.Now()
	want := map[int64]string{}
	byStatus := map[string]int{}
	var numbers []string
	numberOf := map[int64]string{}
	err = db.EachDocument(ctx, false, func(d *gazette.Document) error {
		if d.State != gazette.StatePublished || d.NeedsOCR || d.TranslationOf != 0 {
			return nil
		}
		st := d.EffectAt(now).Status
		want[d.ID] = st
		byStatus[st]++
		if d.Number != "" {
			numbers = append(numbers, d.Number)
			numberOf[d.ID] = d.Number
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 1000 {
		t.Fatalf("%d published documents; the sample has more", len(want))
	}
	t.Logf("statuses today: %v", byStatus)
	bad := 0
	fail := func(format string, args ...any) {
		bad++
		if bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for id, st := range want {
		var doc struct {
			Effect       gazette.Effect `json:"effect"`
			EffectStatus *string        `json:"effect_status"`
		}
		get(fmt.Sprintf("/api/v1/documents/%d", id), &doc)
		if doc.Effect.Status != st || (doc.EffectStatus == nil) != (st == "") || doc.EffectStatus != nil && *doc.EffectStatus != st {
			fail("document %d: API effect %q, effect_status %v; want %q", id, doc.Effect.Status, doc.EffectStatus, st)
		}
		page := get(fmt.Sprintf("/van-ban/%d", id), nil)
		if !strings.Contains(page, `id="hieu-luc">`+st+`<`) {
			fail("document %d: its page does not show %q", id, st)
		}
	}
	// the feed of new documents
	feed := get("/feeds/van-ban.atom", nil)
	entryRe := regexp.MustCompile(`(?s)<entry>.*?/van-ban/(\d+)</id>.*?<summary>(.*?)</summary>`)
	entries := entryRe.FindAllStringSubmatch(feed, -1)
	if len(entries) == 0 {
		t.Fatal("the feed has no entries")
	}
	for _, m := range entries {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if st, ok := want[id]; ok && st != "" && !strings.Contains(m[2], "hiệu lực: "+st) {
			fail("feed entry %d: summary %q lacks %q", id, m[2], st)
		}
	}
	// citation lookup, by number
	for len(numbers) > 0 {
		batch := numbers[:min(100, len(numbers))]
		numbers = numbers[len(batch):]
		body, _ := json.Marshal(map[string]any{"numbers": batch})
		resp, err := http.Post(srv.URL+"/api/v1/resolve", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Citations []gazette.Resolved `json:"citations"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		for _, r := range out.Citations {
			for _, d := range r.Documents {
				if w, ok := want[d.ID]; ok && d.EffectStatus != w {
					fail("resolve %s: document %d is %q, want %q", r.Surface, d.ID, d.EffectStatus, w)
				}
			}
		}
	}
	// the status filter and the facet
	type hit struct {
		ID       string `json:"id"`
		Effect   gazette.Effect
		Document struct {
			EffectStatus string `json:"effect_status"`
		} `json:"document"`
	}
	var all struct {
		Facets map[string][]gazette.FacetCount `json:"facets"`
	}
	get("/api/v1/search?q="+url.QueryEscape("kind:document"), &all)
	facet := map[string]int{}
	for _, f := range all.Facets["status"] {
		facet[f.Value] = f.Count
	}
	for _, st := range []string{gazette.StatusInForce, gazette.StatusNotYet, gazette.StatusPartExpired, gazette.StatusExpired} {
		if facet[st] != byStatus[st] {
			fail("facet %q counts %d documents; the store derives %d", st, facet[st], byStatus[st])
		}
		var res struct {
			Total uint64 `json:"total"`
			Hits  []hit  `json:"hits"`
		}
		get("/api/v1/search?size=100&q="+url.QueryEscape(`status:"`+st+`" kind:document`), &res)
		if int(res.Total) != byStatus[st] {
			fail("status:%q finds %d documents; the store derives %d", st, res.Total, byStatus[st])
		}
		for _, h := range res.Hits {
			if h.Effect.Status != st || h.Document.EffectStatus != st {
				fail("status:%q hit %s: effect %q, document %q", st, h.ID, h.Effect.Status, h.Document.EffectStatus)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d disagreements between surfaces", bad)
	}

	// translations are language versions of the Vietnamese document: linked
	// both ways, titled from their own text, not listed apart in search
	docs, err := db.DocumentsByNumber(ctx, "15/2012/QH13", false)
	if err != nil {
		t.Fatal(err)
	}
	var vi, en *gazette.Document
	for _, d := range docs {
		if d.Language == "en" {
			en = d
		} else {
			vi = d
		}
	}
	if vi == nil || en == nil {
		t.Fatalf("15/2012/QH13: want a Vietnamese document and its English translation, got %d documents", len(docs))
	}
	if en.TranslationOf != vi.ID || len(vi.Translations) != 1 || vi.Translations[0] != en.ID {
		t.Errorf("15/2012/QH13: translation_of %d, translations %v; want %d and [%d]", en.TranslationOf, vi.Translations, vi.ID, en.ID)
	}
	if en.Title == "Law" || !strings.Contains(en.Title, "Administrative Violations") {
		t.Errorf("15/2012/QH13 in English is titled %q", en.Title)
	}
	var lookup struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	get("/api/v1/search?q="+url.QueryEscape("15/2012/QH13"), &lookup)
	for _, h := range lookup.Hits {
		if h.ID == fmt.Sprint(en.ID) {
			t.Errorf("the English translation #%d is a search result of its own", en.ID)
		}
	}
	if page := get(fmt.Sprintf("/van-ban/%d", vi.ID), nil); !strings.Contains(page, fmt.Sprintf(`href="/van-ban/%d" hreflang="en"`, en.ID)) {
		t.Error("the Vietnamese page does not link its English translation")
	}
}
