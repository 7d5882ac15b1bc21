package main

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/law"
)

// TestEffectAgreement derives the effect status of the 974 vbpl.vn records
// of the bundled sample at vbpl's crawl date (2026-04-26) from their own
// dates and the relations among the sample's documents, and reports
// agreement with the status vbpl states, by class.
func TestEffectAgreement(t *testing.T) {
	ctx := context.Background()
	db := sampleDB(t)
	crawl := time.Date(2026, 4, 26, 0, 0, 0, 0, time.UTC)
	agree, agreeAlone, total := 0, 0, 0
	classes, aloneClasses := map[string]int{}, map[string]int{}
	examples := map[string][]string{}
	err := db.EachDocument(ctx, false, func(d *gazette.Document) error {
		if !strings.HasPrefix(d.RecordKey, "vbpl:") || d.Stated == nil || d.Stated.EffectStatus == "" {
			return nil
		}
		endings, err := db.Endings(ctx, d.Number)
		if err != nil {
			return err
		}
		ams, err := db.Amendments(ctx, d.Number)
		if err != nil {
			return err
		}
		got := d.EffectAt(crawl) // the one rule, as every surface reads it
		// the same rule without the record's own status: what the documents
		// and dates alone say, to show how much the record's word carries
		alone := *d
		alone.EffectStatus = ""
		tl := law.Derive(&alone, endings, ams, nil)
		total++
		if tl.At(crawl).Status == d.Stated.EffectStatus {
			agreeAlone++
		} else {
			aloneClasses["vbpl «"+d.Stated.EffectStatus+"», documents alone «"+tl.At(crawl).Status+"»"]++
		}
		if got.Status == d.Stated.EffectStatus {
			agree++
			return nil
		}
		k := "vbpl «" + d.Stated.EffectStatus + "», ours «" + got.Status + "»"
		classes[k]++
		if len(examples[k]) < 3 {
			examples[k] = append(examples[k], d.Number+": "+strings.Join(got.Basis, "; "))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(classes))
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return classes[keys[i]] > classes[keys[j]] })
	for _, k := range keys {
		t.Logf("%3d × %s", classes[k], k)
		for _, ex := range examples[k] {
			t.Logf("        %s", ex)
		}
	}
	t.Logf("effect status agrees with vbpl for %d of %d records (%.1f%%)", agree, total, 100*float64(agree)/float64(max(total, 1)))
	t.Logf("from the documents and dates alone (the record's own status not read): %d of %d (%.1f%%)", agreeAlone, total, 100*float64(agreeAlone)/float64(max(total, 1)))
	for k, n := range aloneClasses {
		t.Logf("   alone: %3d × %s", n, k)
	}
	if total < 800 || float64(agree) < 0.9*float64(total) {
		t.Errorf("agreement %d/%d below the floor measured when this test was written", agree, total)
	}
}
