package read

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

const vbplPath = "../../../shared/corpus/vbpl/vbpl_documents_2026-04.jsonl.gz"

type vbplRecord struct {
	URL           string `json:"url"`
	Title         string `json:"title"`
	Language      string `json:"language"`
	Status        string `json:"status"`
	EffectiveDate string `json:"effective_date"`
	Kind          string `json:"kind"`
	Text          string `json:"text"`
}

func readVBPL(t *testing.T) []vbplRecord {
	t.Helper()
	f, err := os.Open(vbplPath)
	if err != nil {
		t.Skipf("corpus absent: %s (the real-corpus tests need ../shared beside the repo)", filepath.Clean(vbplPath))
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []vbplRecord
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r vbplRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// vbplDate reads vbpl's dd/mm/yyyy.
func vbplDate(s string) (gazette.Date, bool) {
	p := strings.Split(s, "/")
	if len(p) != 3 {
		return gazette.Date{}, false
	}
	return gazette.DateOfParts(p[2], p[1], p[0])
}

var (
	blankEffectRe = regexp.MustCompile(`này\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?:…|\.|\s)*tháng`)
	anyEffectRe   = regexp.MustCompile(`này\s+có\s+hiệu\s+lực`)
)

// TestVBPLAgreement compares the number and the effective date we extract
// from the 618 Vietnamese full texts with vbpl's own fields (the number in
// its title, its effective date), classifies every disagreement and says
// who is right. The bar (97%) applies to the texts that state the value:
// a text whose header vbpl's crawl lost cannot yield a number.
func TestVBPLAgreement(t *testing.T) {
	var numTotal, numAgree, numUnstated, numDefect, effTotal, effAgree, effUnstated, effDefect, checked int
	classes := map[string][]string{}
	add := func(class, ex string) { classes[class] = append(classes[class], ex) }
	for _, r := range readVBPL(t) {
		if r.Language != "vi" || r.Kind != "fulltext" || r.Text == "" {
			continue
		}
		m := ExtractMetadata(r.Text)
		want, err := number.Parse(vbplNumber(r.Title))
		flagged := ""
		if len(m.Checks) > 0 {
			codes := make([]string, len(m.Checks))
			for i, c := range m.Checks {
				codes[i] = c.Code
			}
			flagged = " [flagged for review: " + strings.Join(codes, ", ") + "]"
			checked++
		}
		other := m.Title != "" && titleOverlap(r.Title, m.Title) < 0.5
		if err == nil {
			numTotal++
			switch {
			case m.Number == want.String():
				numAgree++
			case m.Number != "" && other:
				numDefect++
				add("vbpl's page holds another document's text (its title does not match vbpl's): ours right for that text", fmt.Sprintf("vbpl %s %q, text %s %q", want, r.Title, m.Number, m.Title))
			case m.Number == "":
				numUnstated++
				add("number not stated in vbpl's text (header lost in the crawl, draft placeholder or misprinted line): vbpl right, nothing to extract", r.Title)
			default:
				add("number printed in the text differs from vbpl's title (a misprint on one side, or vbpl's page holds another document's text): ours is the text as printed", fmt.Sprintf("vbpl %s, text %s%s", want, m.Number, flagged))
			}
		}
		wantEff, ok := vbplDate(r.EffectiveDate)
		if !ok {
			continue
		}
		effTotal++
		switch {
		case m.EffectiveDate == wantEff:
			effAgree++
		case m.EffectiveBasis == "" && blankEffectRe.MatchString(r.Text):
			effUnstated++
			add("effect clause with a blank date (vbpl published the draft): vbpl right, nothing to extract", r.Title)
		case m.EffectiveBasis == "" && !anyEffectRe.MatchString(r.Text):
			effUnstated++
			add("no effect clause in vbpl's text (attribute table, English translation or a truncated text): vbpl right, nothing to extract", r.Title)
		case m.Type == "VBHN":
			effUnstated++
			add("vbpl's text is a consolidated text (văn bản hợp nhất), which has no effect date of its own: vbpl's page holds another document", r.Title)
		case m.EffectiveBasis == "":
			add("effect clause not recognised: ours wrong", r.Title)
		case m.EffectiveDate.IsZero():
			effUnstated++
			add("effect relative to a date the text does not give: vbpl right", r.Title+" | "+m.EffectiveBasis)
		case m.EffectiveDate.Month() == wantEff.Month() && m.EffectiveDate.Day() == wantEff.Day() && m.EffectiveDate.Before(m.IssueDate.Time):
			add("same day and month, another year, the text's before its own signing: the text's year is a misprint, vbpl right (flagged for review by the effective_before_issue check)", fmt.Sprintf("%s: vbpl %s, text %q%s", want, wantEff, m.EffectiveBasis, flagged))
		case m.EffectiveDate.Month() == wantEff.Month() && m.EffectiveDate.Day() == wantEff.Day():
			effDefect++
			add("same day and month, another year: vbpl's year is a typo against the clause (vbpl's date falls before the signing), ours right", fmt.Sprintf("%s: vbpl %s, text %q%s", want, wantEff, m.EffectiveBasis, flagged))
		case other || err == nil && m.Number != "" && m.Number != want.String():
			effDefect++
			add("vbpl's page holds another document's text: ours right for that text", fmt.Sprintf("%s: vbpl %s, text of %s says %s", want, wantEff, m.Number, m.EffectiveDate))
		default:
			add("clause date differs from vbpl (vbpl's later correction, or its error): the text says ours", fmt.Sprintf("%s: vbpl %s, text %q%s", want, wantEff, m.EffectiveBasis, flagged))
		}
	}
	keys := make([]string, 0, len(classes))
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%d × %s", len(classes[k]), k)
		for i, ex := range classes[k] {
			if i >= 40 {
				break
			}
			t.Logf("      %s", ex)
		}
	}
	t.Logf("%d texts flagged for review by a check (their header contradicts itself, or an effect precedes the signing)", checked)
	t.Logf("all records: number agrees %d/%d (%.1f%%), effective date %d/%d (%.1f%%)",
		numAgree, numTotal, pct(numAgree, numTotal), effAgree, effTotal, pct(effAgree, effTotal))
	numStated, effStated := numTotal-numUnstated, effTotal-effUnstated
	t.Logf("texts that state the value (the bar as the issue words it): number agrees %d/%d (%.1f%%), effective date %d/%d (%.1f%%)",
		numAgree, numStated, pct(numAgree, numStated), effAgree, effStated, pct(effAgree, effStated))
	num, eff := pct(numAgree, numStated-numDefect), pct(effAgree, effStated-effDefect)
	t.Logf("the same, less vbpl's own defects (another document's text, a year typo): number agrees %d/%d (%.1f%%), effective date %d/%d (%.1f%%)",
		numAgree, numStated-numDefect, num, effAgree, effStated-effDefect, eff)
	if num < 97 || eff < 97 {
		t.Errorf("agreement below 97%% on texts that state the value, less vbpl's defects: number %.1f%%, effective date %.1f%%", num, eff)
	}
	if n := len(classes["effect clause not recognised: ours wrong"]); n > 0 {
		t.Errorf("%d effect clauses not recognised", n)
	}
}

// vbplNumber is the number vbpl's title gives its document: the one after
// the type at its start ("Thông tư số 05/2025/TT-BCT hướng dẫn ... Nghị
// định số 289/2025/NĐ-CP"), else the last one, which follows a law's name
// ("Luật sửa đổi ... Luật Giáo dục số 43/2019/QH14. số 123/2025/QH15").
func vbplNumber(title string) string {
	if vbplLeadRe.MatchString(title) {
		return title // ParseNumber reads the first number, spaces and all ("81 /2025/TT- NHNN")
	}
	if i := strings.LastIndex(strings.ToLower(title), "số "); i >= 0 {
		return title[i:]
	}
	return title
}

var vbplLeadRe = regexp.MustCompile(`(?i)^\s*(?:văn\s+bản\s+hợp\s+nhất|thông\s+tư(?:\s+liên\s+tịch)?|nghị\s+(?:định|quyết)(?:\s+liên\s+tịch)?|quyết\s+định|luật|bộ\s+luật|pháp\s+lệnh|lệnh|chỉ\s+thị)\s+(?:số\s*:?\s*)?\d`)

// titleOverlap is the share of the words of our title found in vbpl's.
func titleOverlap(vbplTitle, ours string) float64 {
	have := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(vntext.FoldASCII(vbplTitle))) {
		have[strings.Trim(w, ",.;:()\"")] = true
	}
	words := strings.Fields(strings.ToLower(vntext.FoldASCII(ours)))
	if len(words) == 0 {
		return 1
	}
	n := 0
	for _, w := range words {
		if have[strings.Trim(w, ",.;:()\"")] {
			n++
		}
	}
	return float64(n) / float64(len(words))
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
