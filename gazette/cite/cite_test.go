package cite

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"congbao/gazette"
	"congbao/gazette/vntext"
)

type citeCase struct {
	Text string `json:"text"`
	Note string `json:"note,omitempty"` // why a label is what it is, where that is not plain
	Want []struct {
		Key      string `json:"key"` // "n:NUMBER", "self:TYPE" or "name:NAME"
		Relation string `json:"relation"`
		Pinpoint string `json:"pinpoint"`
	} `json:"want"`
}

func citeKey(c gazette.Citation) string {
	switch {
	case c.Self:
		return "self:" + c.Type
	case c.Number != "":
		return "n:" + c.Number
	case c.Name != "":
		return "name:" + c.Name
	}
	return "malformed:" + c.Surface
}

// TestCitationTable checks FindCitations on real sentences from the
// corpus (vbpl.vn and law texts) and the extractor rows of docs/rules.md: the
// citations found against those expected (precision, recall), with their
// relation and pinpoint. Each miss is logged; the rates must hold.
func TestCitationTable(t *testing.T) {
	b, err := os.ReadFile("testdata/citations.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []citeCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, relOK, relAll, pinOK, pinAll int
	for _, c := range cases {
		got := FindCitations(c.Text)
		want := map[string]int{}
		for _, w := range c.Want {
			want[w.Key]++
		}
		for _, g := range got {
			if want[citeKey(g)] > 0 {
				want[citeKey(g)]--
				tp++
			} else {
				fp++
				t.Logf("%q: unexpected citation %s (%q)", c.Text, citeKey(g), g.Surface)
			}
		}
		for k, n := range want {
			if n > 0 {
				fn += n
				t.Logf("%q: missed %s", c.Text, k)
			}
		}
		// the i-th expected citation of a key is compared with the i-th found
		seen := map[string]int{}
		for _, w := range c.Want {
			var match *gazette.Citation
			n := seen[w.Key]
			seen[w.Key]++
			for i := range got {
				if citeKey(got[i]) != w.Key {
					continue
				}
				if n == 0 {
					match = &got[i]
					break
				}
				n--
			}
			if match == nil {
				continue
			}
			relAll++
			pinAll++
			if match.Relation == w.Relation {
				relOK++
			} else {
				t.Logf("%q: %s relation %q, want %q", c.Text, w.Key, match.Relation, w.Relation)
			}
			if match.Pinpoint == w.Pinpoint {
				pinOK++
			} else {
				t.Logf("%q: %s pinpoint %q, want %q", c.Text, w.Key, match.Pinpoint, w.Pinpoint)
			}
		}
	}
	p := float64(tp) / float64(max(tp+fp, 1))
	r := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d sentences: precision %.3f, recall %.3f (%d found, %d extra, %d missed); relations %d/%d, pinpoints %d/%d",
		len(cases), p, r, tp, fp, fn, relOK, relAll, pinOK, pinAll)
	if p < 0.98 || r < 0.95 || float64(relOK) < 0.95*float64(relAll) || float64(pinOK) < 0.95*float64(pinAll) {
		t.Errorf("below the bar (precision >= 0.98, recall >= 0.95, relations and pinpoints >= 0.95): see the log")
	}
}

func TestCitationSpans(t *testing.T) {
	text := "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011 của Chính phủ;"
	cs := FindCitations(text)
	if len(cs) != 1 {
		t.Fatalf("FindCitations = %+v", cs)
	}
	c := cs[0]
	if text[c.Start:c.End] != c.Surface || c.Surface != "Nghị định số 43/2011/NĐ-CP" || c.RuneStart != 7 ||
		c.RuneEnd != c.RuneStart+len([]rune(c.Surface)) || c.Date.String() != "2011-06-13" || c.Relation != gazette.RelBasis {
		t.Errorf("citation %+v", c)
	}
}

func FuzzFindCitations(f *testing.F) {
	for _, s := range []string{"Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011;", "các Luật số 43/2024/QH15, số 47/2024/QH15 và số 58/2024/QH15",
		"điểm a khoản 2 Điều 5 Nghị định này", "Luật Đất đai", "Nghị định nêu trên", "QCVN 06:2022/BXD", "108-SL/L.10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := vntext.NFC(s)
		for _, c := range FindCitations(s) {
			if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Surface || c.RuneEnd < c.RuneStart {
				t.Fatalf("FindCitations(%q): bad span %+v", s, c)
			}
		}
	})
}

// BenchmarkFindCitations reports MB/s of real text scanned (the vbpl texts
// of the bundled sample).
func BenchmarkFindCitations(b *testing.B) {
	f, err := os.Open("../../testdata/sample/vbpl_documents_2026-04.jsonl.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, _ := gzip.NewReader(f)
	var texts []string
	size := 0
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() && size < 8<<20 {
		var r struct{ Text *string }
		json.Unmarshal(sc.Bytes(), &r)
		if r.Text != nil {
			texts = append(texts, *r.Text)
			size += len(*r.Text)
		}
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			n += len(FindCitations(t))
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "citations/op")
}
