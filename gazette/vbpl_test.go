package gazette

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
)

const vbplPath = "../../shared/corpus/vbpl/vbpl_documents_2026-04.jsonl.gz"

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
func vbplDate(s string) (Date, bool) {
	p := strings.Split(s, "/")
	if len(p) != 3 {
		return Date{}, false
	}
	return dateFromParts(p[2], p[1], p[0])
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
	var numTotal, numAgree, numUnstated, effTotal, effAgree, effUnstated int
	classes := map[string][]string{}
	add := func(class, ex string) { classes[class] = append(classes[class], ex) }
	for _, r := range readVBPL(t) {
		if r.Language != "vi" || r.Kind != "fulltext" || r.Text == "" {
			continue
		}
		m := ExtractMetadata(r.Text)
		want, err := ParseNumber(r.Title)
		other := m.Title != "" && titleOverlap(r.Title, m.Title) < 0.5
		if err == nil {
			numTotal++
			switch {
			case m.Number == want.String():
				numAgree++
			case m.Number != "" && other:
				numUnstated++
				add("vbpl's page holds another document's text (its title does not match vbpl's): ours right for that text", fmt.Sprintf("vbpl %s %q, text %s %q", want, r.Title, m.Number, m.Title))
			case m.Number == "":
				numUnstated++
				add("number not stated in vbpl's text (header lost in the crawl, draft placeholder or misprinted line): vbpl right, nothing to extract", r.Title)
			default:
				add("number printed in the text differs from vbpl's title (a misprint on one side, or vbpl's page holds another document's text): ours is the text as printed", fmt.Sprintf("vbpl %s, text %s", want, m.Number))
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
		case m.EffectiveDate.Month() == wantEff.Month() && m.EffectiveDate.Day() == wantEff.Day():
			effUnstated++
			add("same day and month, another year: vbpl's year is a typo against the clause, ours right", fmt.Sprintf("%s: vbpl %s, text %q", want, wantEff, m.EffectiveBasis))
		case other || err == nil && m.Number != "" && m.Number != want.String():
			effUnstated++
			add("vbpl's page holds another document's text: ours right for that text", fmt.Sprintf("%s: vbpl %s, text of %s says %s", want, wantEff, m.Number, m.EffectiveDate))
		default:
			add("clause date differs from vbpl (vbpl's later correction, or its error): the text says ours", fmt.Sprintf("%s: vbpl %s, text %q", want, wantEff, m.EffectiveBasis))
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
	t.Logf("all records: number agrees %d/%d (%.1f%%), effective date %d/%d (%.1f%%)",
		numAgree, numTotal, pct(numAgree, numTotal), effAgree, effTotal, pct(effAgree, effTotal))
	num, eff := pct(numAgree, numTotal-numUnstated), pct(effAgree, effTotal-effUnstated)
	t.Logf("texts that state the value, less vbpl's own defects (another document's text, a year typo): number agrees %d/%d (%.1f%%), effective date %d/%d (%.1f%%)",
		numAgree, numTotal-numUnstated, num, effAgree, effTotal-effUnstated, eff)
	if num < 97 || eff < 97 {
		t.Errorf("agreement below 97%% on texts that state the value: number %.1f%%, effective date %.1f%%", num, eff)
	}
	if n := len(classes["effect clause not recognised: ours wrong"]); n > 0 {
		t.Errorf("%d effect clauses not recognised", n)
	}
}

// titleOverlap is the share of the words of our title found in vbpl's.
func titleOverlap(vbplTitle, ours string) float64 {
	have := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(FoldASCII(vbplTitle))) {
		have[strings.Trim(w, ",.;:()\"")] = true
	}
	words := strings.Fields(strings.ToLower(FoldASCII(ours)))
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
