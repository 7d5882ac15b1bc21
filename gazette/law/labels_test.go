package law

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"congbao/gazette"
	"congbao/gazette/internal/sample"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
)

// label is one hand-labelled amending clause (testdata/amendments).
type label struct {
	amender, clause, target, provisions, action, text, effective string
}

func readLabels(t *testing.T) []label {
	f, err := os.Open(filepath.Join(sample.Dir(), "..", "amendments", "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 7 {
			t.Fatalf("labels.tsv: want 7 columns: %q", sc.Text())
		}
		out = append(out, label{c[0], c[1], c[2], c[3], c[4], c[5], c[6]})
	}
	return out
}

// sampleDocument finds the bundled text whose header carries the number,
// read as the importer reads it.
func sampleDocument(t *testing.T, texts map[string]string, num string) *gazette.Document {
	for _, text := range texts {
		text = vntext.CleanText(vntext.NFC(text))
		head := text[:min(len(text), 400)]
		if !strings.Contains(head, num) {
			continue
		}
		m := read.ExtractMetadata(text)
		if m.Number != num {
			continue
		}
		return &gazette.Document{Number: num, Text: text, EffectiveDate: m.EffectiveDate, IssueDate: m.IssueDate}
	}
	return nil
}

func sampleTexts(t *testing.T) map[string]string {
	texts := sample.MustTexts(t, "vbpl_documents_2026-04.jsonl.gz")
	for k, v := range sample.MustTexts(t, "uts_vlc_laws.jsonl.gz") {
		texts[k] = v
	}
	return texts
}

// TestLabels scores ParseAmendments on the labelled clauses: a clause is
// right in a field when one amendment parsed from it agrees with the
// label there; precision counts the amendments parsed from the labelled
// documents' clauses that match no label.
func TestLabels(t *testing.T) {
	labels := readLabels(t)
	if len(labels) < 100 {
		t.Fatalf("%d labelled clauses; want at least 100", len(labels))
	}
	texts := sampleTexts(t)
	parsed := map[string][]gazette.Amendment{} // amender → amendments
	for _, l := range labels {
		if _, ok := parsed[l.amender]; ok {
			continue
		}
		d := sampleDocument(t, texts, l.amender)
		if d == nil {
			t.Fatalf("%s: not in the bundled sample", l.amender)
		}
		parsed[l.amender] = ParseAmendments(d)
	}
	fields := []string{"target", "provisions", "action", "text", "effective", "all"}
	right := map[string]int{}
	labelled := map[string]bool{}
	for _, l := range labels {
		labelled[l.amender+"|"+l.clause] = true
		var best map[string]bool
		for _, a := range parsed[l.amender] {
			if a.ByProvision != l.clause {
				continue
			}
			got := map[string]bool{
				"target":     a.Target == l.target,
				"provisions": strings.Join(a.Provisions, "; ") == l.provisions,
				"action":     a.Action == l.action,
				"text":       prefix(firstLine(a.Text)) == prefix(l.text),
				"effective":  a.Effective.String() == l.effective,
			}
			got["all"] = got["target"] && got["provisions"] && got["action"] && got["text"] && got["effective"]
			if best == nil || score(got) > score(best) {
				best = got
			}
		}
		for _, f := range fields {
			if best[f] {
				right[f]++
			}
		}
		if !best["all"] && testing.Verbose() {
			var got []string
			for _, a := range parsed[l.amender] {
				if a.ByProvision == l.clause {
					got = append(got, a.Target+" | "+strings.Join(a.Provisions, "; ")+" | "+a.Action+" | "+prefix(a.Text)+" | "+a.Effective.String())
				}
			}
			t.Logf("miss %s %s: want %s | %s | %s | %s | %s; got %q", l.amender, l.clause, l.target, l.provisions, l.action, l.text, l.effective, got)
		}
	}
	extra, total := 0, 0
	for am, as := range parsed {
		for _, a := range as {
			total++
			if !labelled[am+"|"+a.ByProvision] {
				extra++
				if testing.Verbose() {
					t.Logf("unlabelled %s %s: %s %s %v", am, a.ByProvision, a.Action, a.Target, a.Provisions)
				}
			}
		}
	}
	n := len(labels)
	for _, f := range fields {
		t.Logf("%-10s recall %d/%d = %.3f", f, right[f], n, float64(right[f])/float64(n))
	}
	p := float64(right["all"]) / float64(max(1, total-extra))
	t.Logf("amendments parsed %d, of clauses not labelled %d; all fields right on %d of %d labelled clauses (precision of the labelled clauses' amendments %.3f)",
		total, extra, right["all"], n, p)
	if float64(right["all"])/float64(n) < floorAll {
		t.Errorf("all fields right on %d of %d clauses; the floor is %.2f", right["all"], n, floorAll)
	}
}

// floorAll is the share of labelled clauses that must be read right in
// every field: the figure measured, less a margin, so that a change that
// loses clauses fails.
const floorAll = 0.95

func score(m map[string]bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}

// prefix is how much of a new wording the labels keep.
func prefix(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > 30 {
		r = r[:30]
	}
	return strings.TrimSpace(string(r))
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
