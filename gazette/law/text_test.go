package law

import (
	"strings"
	"testing"
	"time"

	"congbao/gazette"
)

// TestConsolidateLyLichTuPhap applies the amendments 107/2025/QH15 makes
// to Luật Lý lịch tư pháp 28/2009/QH12 (both in the bundled sample) and
// checks the text in force the day before and after they take effect.
func TestConsolidateLyLichTuPhap(t *testing.T) {
	texts := sampleTexts(t)
	target := sampleDocument(t, texts, "28/2009/QH12")
	amender := sampleDocument(t, texts, "107/2025/QH15")
	if target == nil || amender == nil {
		t.Fatal("28/2009/QH12 or 107/2025/QH15 missing from the sample")
	}
	ams := ParseAmendments(amender)
	before := Consolidate(target, ams, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
	after := Consolidate(target, ams, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if before.Text != target.Text {
		i := 0
		for i < min(len(before.Text), len(target.Text)) && before.Text[i] == target.Text[i] {
			i++
		}
		t.Errorf("before the amendments take effect the text is not the original: from byte %d, %q against %q", i,
			before.Text[i:min(len(before.Text), i+80)], target.Text[i:min(len(target.Text), i+80)])
	}
	if len(before.Pending) == 0 || len(after.Pending) != 0 {
		t.Errorf("pending: %d before, %d after", len(before.Pending), len(after.Pending))
	}
	art := func(ta gazette.TextAt, n string) gazette.ArticleAt {
		a, _, ok := Article(ta, n)
		if !ok {
			t.Fatalf("no Điều %s", n)
		}
		return a
	}
	// Điều 7 replaced by the quoted article
	var newArt7 string
	for _, a := range ams {
		if a.Action == gazette.ActAmend && strings.Join(a.Provisions, ";") == "Điều 7" {
			newArt7 = a.Text
		}
	}
	if got := strings.TrimSpace(art(after, "7").Text); got != strings.TrimSpace(newArt7) || newArt7 == "" {
		t.Errorf("Điều 7 after:\n%s\nwant the quoted wording:\n%s", got, newArt7)
	}
	if a := art(after, "13"); !a.Repealed || !strings.Contains(a.Text, "được bãi bỏ") {
		t.Errorf("Điều 13 after: %+v", a)
	}
	if a := art(after, "2"); !strings.Contains(a.Text, "1a. Thông tin lý lịch tư pháp") {
		t.Errorf("khoản 1a Điều 2 not inserted: %s", a.Text)
	}
	if a := art(after, "17"); strings.Contains(a.Text, "Trung tâm Lý lịch tư pháp quốc gia") || !strings.Contains(a.Text, "Cục Hồ sơ nghiệp vụ Bộ Công an") {
		t.Errorf("the phrase in Điều 17 not replaced: %s", a.Text)
	}
	if strings.Contains(target.Text, "CHO CÁ NHÂN VÀ CUNG CẤP") || !strings.Contains(after.Text, "Chương IV\nCẤP PHIẾU LÝ LỊCH TƯ PHÁP CHO CÁ NHÂN VÀ CUNG CẤP") {
		t.Error("the new name of Chương IV is not in the text")
	}
	for _, o := range after.Other {
		if o.Provision == "tên Chương IV" && !o.Applied {
			t.Errorf("tên Chương IV not applied: %s", o.Note)
		}
	}
	applied, notApplied := 0, map[string]int{}
	for _, a := range after.Articles {
		for _, h := range a.History {
			if h.Applied {
				applied++
			} else {
				notApplied[h.Note]++
			}
		}
	}
	t.Logf("changes applied %d; not applied %v", applied, notApplied)
	if applied < 60 {
		t.Errorf("%d changes applied; 107/2025/QH15 makes more than 60", applied)
	}
}

func TestLabelLess(t *testing.T) {
	for _, c := range [][2]string{{"1", "1a"}, {"1a", "2"}, {"9", "10"}, {"d", "đ"}, {"đ", "e"}, {"đ", "đ1"}} {
		if !labelLess(c[0], c[1]) || labelLess(c[1], c[0]) {
			t.Errorf("labelLess(%q, %q) wrong", c[0], c[1])
		}
	}
}
