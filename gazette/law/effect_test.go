package law

import (
	"reflect"
	"strings"
	"testing"

	"congbao/gazette"
)

func at(d *gazette.Document, endings []gazette.Ending, ams []gazette.Amendment, day gazette.Date) string {
	tl := Derive(d, endings, ams, nil)
	return tl.At(day.Time).Status
}

// TestDeriveAtDates: the status at a date from the document's dates, the
// documents that end it and what its record says.
func TestDeriveAtDates(t *testing.T) {
	d := &gazette.Document{EffectiveDate: gazette.DateOf(2016, 7, 1), ExpiryDate: gazette.DateOf(2020, 1, 1), EffectStatus: gazette.StatusExpired}
	for _, tt := range []struct {
		at   gazette.Date
		want string
	}{{gazette.DateOf(2016, 6, 30), gazette.StatusNotYet}, {gazette.DateOf(2016, 7, 1), gazette.StatusInForce}, {gazette.DateOf(2019, 12, 31), gazette.StatusInForce}, {gazette.DateOf(2020, 1, 1), gazette.StatusExpired}} {
		if got := at(d, nil, nil, tt.at); got != tt.want {
			t.Errorf("at %s = %q, want %q", tt.at, got, tt.want)
		}
	}
	part := &gazette.Document{EffectiveDate: gazette.DateOf(2016, 7, 1), EffectStatus: gazette.StatusPartExpired}
	if got := at(part, nil, nil, gazette.DateOf(2024, 1, 1)); got != gazette.StatusPartExpired {
		t.Errorf("partly expired by its record = %q", got)
	}
	ended := &gazette.Document{EffectiveDate: gazette.DateOf(2016, 7, 1), EffectStatus: gazette.StatusExpired}
	if got := at(ended, nil, nil, gazette.DateOf(2024, 1, 1)); got != gazette.StatusExpired {
		t.Errorf("expired by its record, no date = %q", got)
	}
	// a whole replacement in force from 2022 after a partial repeal from 2020
	doc := &gazette.Document{EffectiveDate: gazette.DateOf(2014, 7, 1)}
	endings := []gazette.Ending{
		{Kind: gazette.RelRepeals, Number: "1/2020/NĐ-CP", Effective: gazette.DateOf(2020, 1, 1), Pinpoint: "Điều 5"},
		{Kind: gazette.RelReplaces, Number: "2/2022/QH15", Effective: gazette.DateOf(2022, 1, 1)},
		{Kind: gazette.RelRepeals, Number: "3/2010/NĐ-CP", Effective: gazette.DateOf(2010, 1, 1)}, // an earlier document of the same number
	}
	for _, tt := range []struct {
		at   gazette.Date
		want string
	}{{gazette.DateOf(2019, 12, 31), gazette.StatusInForce}, {gazette.DateOf(2020, 1, 1), gazette.StatusPartExpired}, {gazette.DateOf(2022, 1, 1), gazette.StatusExpired}} {
		if got := at(doc, endings, nil, tt.at); got != tt.want {
			t.Errorf("with endings at %s = %q, want %q", tt.at, got, tt.want)
		}
	}
	// an amendment keeps it in force and is named
	ams := []gazette.Amendment{{By: "54/2014/QH13", Action: gazette.ActAmend, Effective: gazette.DateOf(2015, 1, 1)}}
	e := Derive(doc, nil, ams, nil)
	eff := e.At(gazette.DateOf(2016, 1, 1).Time)
	if eff.Status != gazette.StatusInForce || len(eff.BasisVI) != 3 || eff.BasisVI[2] != "được sửa đổi, bổ sung bởi 54/2014/QH13 từ 2015-01-01" {
		t.Errorf("amended: %q %q", eff.Status, eff.BasisVI)
	}
	// a postponement moves the effective date
	post := []gazette.Amendment{{By: "144/2016/QH13", ByProvision: "khoản 1 Điều 1", Action: gazette.ActPostpone, Text: "2018-01-01", Effective: gazette.DateOf(2016, 6, 30)}}
	if got := at(d, nil, post, gazette.DateOf(2017, 1, 1)); got != gazette.StatusNotYet {
		t.Errorf("postponed to 2018, at 2017: %q", got)
	}
	// thresholds: what an index filters on
	h := Derive(doc, endings, nil, nil).Thresholds()
	if !h.Known || h.InForce.Format("2006-01-02") != "2014-07-01" || h.Part.Format("2006-01-02") != "2020-01-01" || h.Expired.Format("2006-01-02") != "2022-01-01" {
		t.Errorf("thresholds %+v", h)
	}
	if h := Derive(&gazette.Document{}, nil, nil, nil).Thresholds(); h.Known {
		t.Error("a document with no dates and no record has a known status")
	}
}

// TestParsePostponements: a resolution that moves or sets another law's
// effective date, in the wording such resolutions use (constructed here:
// the sample holds none), changes that law's status through Derive.
func TestParsePostponements(t *testing.T) {
	res := &gazette.Document{Number: "9/2016/QH13", TypeName: "Nghị quyết", EffectiveDate: gazette.DateOf(2016, 6, 30),
		Text: "Điều 1.\nLùi hiệu lực thi hành của Bộ luật hình sự số 100/2015/QH13 và Bộ luật tố tụng hình sự số 101/2015/QH13 từ ngày 01 tháng 7 năm 2016 sang ngày 01 tháng 01 năm 2018.\n" +
			"Điều 2.\nLuật tổ chức cơ quan điều tra hình sự số 99/2015/QH13 có hiệu lực thi hành từ ngày 01 tháng 01 năm 2018.\nNghị quyết này có hiệu lực từ ngày 30 tháng 6 năm 2016."}
	got := ParsePostponements(res)
	want := map[string]string{"100/2015/QH13": "2018-01-01", "101/2015/QH13": "2018-01-01", "99/2015/QH13": "2018-01-01"}
	if len(got) != len(want) {
		t.Fatalf("ParsePostponements = %+v, want %v", got, want)
	}
	for _, a := range got {
		if want[a.Target] != a.Text || a.Action != gazette.ActPostpone || a.Review != gazette.ReviewDraft {
			t.Errorf("%+v", a)
		}
	}
	code := &gazette.Document{Number: "101/2015/QH13", EffectiveDate: gazette.DateOf(2016, 7, 1)}
	var ams []gazette.Amendment
	for _, a := range got {
		if a.Target == code.Number {
			ams = append(ams, a)
		}
	}
	tl := Derive(code, nil, ams, nil)
	if s := tl.At(gazette.DateOf(2017, 1, 1).Time).Status; s != gazette.StatusNotYet {
		t.Errorf("101/2015/QH13 in 2017, postponed to 2018: %q", s)
	}
	if s := tl.At(gazette.DateOf(2018, 1, 1).Time).Status; s != gazette.StatusInForce {
		t.Errorf("101/2015/QH13 on 2018-01-01: %q", s)
	}
	// a decree restating a law's date is not a postponement
	decree := &gazette.Document{Number: "1/2017/NĐ-CP", TypeName: "Nghị định", Text: "Luật số 99/2015/QH13 có hiệu lực thi hành từ ngày 01 tháng 01 năm 2018."}
	if got := ParsePostponements(decree); len(got) != 0 {
		t.Errorf("a decree's restatement read as a postponement: %+v", got)
	}
}

// TestPostponeSentencesSameAsPattern: reading postponements from each verb
// of postponing (postponeSentences) finds what the pattern finds over the
// whole text, on every text of the sample (codes print "hoãn" hundreds of
// times) and on the constructed sentences above.
func TestPostponeSentencesSameAsPattern(t *testing.T) {
	texts := sampleTexts(t)
	texts["constructed"] = "Lùi hiệu lực thi hành của Bộ luật hình sự số 100/2015/QH13 từ ngày 01 tháng 7 năm 2016 sang ngày 01 tháng 01 năm 2018; " +
		"HOÃN hiệu lực của Luật số 99/2015/QH13 đến ngày 01 tháng 01 năm 2019. hoãn thi hành án."
	verbs, found := 0, 0
	for key, text := range texts {
		flat := strings.Join(strings.Fields(text), " ")
		want := postponeRe.FindAllStringSubmatch(flat, -1)
		got := postponeSentences(flat)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: from the verbs %q, the whole text %q", key, got, want)
		}
		verbs += len(postponeVerbs(flat))
		found += len(got)
	}
	if found < 2 || verbs < 100 {
		t.Errorf("%d sentences from %d verbs: the test reads too little", found, verbs)
	}
	t.Logf("%d texts, %d verbs of postponing, %d postponement sentences", len(texts), verbs, found)
}
