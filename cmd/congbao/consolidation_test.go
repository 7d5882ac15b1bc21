package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/law"
	"congbao/gazette/vntext"
	"congbao/indexer/pdftext"
)

// consolidation is an official consolidated text (văn bản hợp nhất) read
// from its gazette PDF: its articles without the gazette's running heads,
// with its footnotes taken out, and for each article the amenders its
// footnotes name.
type consolidation struct {
	articles map[string]string          // number → text
	touched  map[string]map[string]bool // number → amenders named by the footnotes marked in it
}

var (
	runningHeadRe = regexp.MustCompile(`^(?:\d+\s+)?CÔNG BÁO/Số\s.*$`)
	footStartRe   = regexp.MustCompile(`^(\d{1,3})\s+(?:Khoản|Điều|Điểm|Cụm từ|Luật|Chương|Mục|Bổ sung|Tên|Từ|Đoạn|Nội dung|Các|Quy định|Thay|Phần|Bãi bỏ)`)
	amenderRe     = regexp.MustCompile(`\d{1,3}/\d{4}/QH\d{1,2}`)
)

// mark is a footnote marker: where it stood in the body, and its number.
type mark struct{ at, n int }

// readConsolidation reads a consolidated text's PDF. Footnotes stand at
// the foot of a page and are numbered through the document; the body
// marks each by its number glued to the word before ("cộng đồng2 và").
func readConsolidation(t *testing.T, path string) consolidation {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("consolidated text not available (%v): the comparison needs ../shared/corpus", err)
	}
	res, err := pdftext.Extract(context.Background(), data, pdftext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	next := 1
	foot := map[int]string{}
	var body []string
	for _, page := range res.Pages {
		inFoot := false
		for _, line := range strings.Split(vntext.NFC(page), "\n") {
			l := strings.TrimSpace(line)
			if runningHeadRe.MatchString(l) {
				continue
			}
			if m := footStartRe.FindStringSubmatch(l); m != nil && m[1] == strconv.Itoa(next) {
				inFoot = true
				foot[next] = l
				next++
				continue
			}
			if inFoot {
				foot[next-1] += " " + l
				continue
			}
			body = append(body, l)
		}
	}
	text := strings.Join(body, "\n")
	// the markers, in order
	var marks []markSpan
	pos := 0
	for k := 1; k < next; k++ {
		re := regexp.MustCompile(`[\p{L}.,;:)”]` + strconv.Itoa(k) + `(?:[\s.,;:]|$)`)
		loc := re.FindStringIndex(text[pos:])
		if loc == nil {
			continue
		}
		at := pos + loc[0] + 1
		marks = append(marks, markSpan{at, at + len(strconv.Itoa(k)), k})
		pos = at
	}
	return unmark(text, marks, foot)
}

// markSpan is a footnote marker in a text: its bytes, and its number.
type markSpan struct{ at, end, n int }

// unmark takes the footnote markers out of text, in order, and reads its
// articles, each with the amenders that the footnotes marked in it name.
func unmark(text string, marks []markSpan, foot map[int]string) consolidation {
	var b strings.Builder
	var kept []mark
	last := 0
	for _, m := range marks {
		b.WriteString(text[last:m.at])
		kept = append(kept, mark{b.Len(), m.n})
		last = m.end
	}
	b.WriteString(text[last:])
	clean := b.String()
	c := consolidation{articles: map[string]string{}, touched: map[string]map[string]bool{}}
	for _, a := range law.Provisions(clean) {
		collect(clean, a, c, kept, foot)
	}
	return c
}

func collect(text string, p *gazette.Provision, c consolidation, marks []mark, foot map[int]string) {
	if p.Kind != gazette.ProvArticle {
		for _, k := range p.Children {
			collect(text, k, c, marks, foot)
		}
		return
	}
	c.articles[p.Label] = text[p.Start:p.End]
	for _, m := range marks {
		if m.at >= p.Start && m.at < p.End {
			if c.touched[p.Label] == nil {
				c.touched[p.Label] = map[string]bool{}
			}
			for _, n := range amenderRe.FindAllString(foot[m.n], -1) {
				c.touched[p.Label][n] = true
			}
		}
	}
}

var (
	docRuleRe = regexp.MustCompile(`(?m)^\s*-{10,}\s*$`)
	docFootRe = regexp.MustCompile(`(?m)^\s*\[(\d{1,3})\]\s`)
	docMarkRe = regexp.MustCompile(`\[(\d{1,3})\]`)
	docAuthRe = regexp.MustCompile(`(?m)^.*XÁC THỰC VĂN BẢN HỢP NHẤT`)
	docPicRe  = regexp.MustCompile(`\[pic\]`)
)

// readConsolidationDoc reads a consolidated text from its Word 97 file with
// antiword (Debian antiword, which .ci/run installs): the body, whose
// footnote markers are "[12]", then a rule and the footnotes "[12] Khoản
// này được sửa đổi …".
func readConsolidationDoc(t *testing.T, path string) consolidation {
	if _, err := os.Stat(path); err != nil {
		t.Skipf("consolidated text not available (%v): the comparison needs ../shared/corpus", err)
	}
	bin, err := exec.LookPath("antiword")
	if err != nil {
		t.Skip("antiword is not installed (Debian antiword; .ci/run installs it): the whole consolidation is not compared")
	}
	// -w 0: a paragraph a line, so that no line starts "Điều 24 của Luật
	// này" in the middle of a sentence and reads as an article
	out, err := exec.Command(bin, "-w", "0", "-m", "UTF-8.txt", path).Output()
	if err != nil {
		t.Fatalf("antiword %s: %v", path, err)
	}
	text := vntext.NFC(string(out))
	rules := docRuleRe.FindAllStringIndex(text, -1)
	if len(rules) == 0 {
		t.Fatalf("%s: no rule before the footnotes", path)
	}
	body, notes := text[:rules[len(rules)-1][0]], text[rules[len(rules)-1][1]:]
	if loc := docAuthRe.FindStringIndex(body); loc != nil {
		body = body[:loc[0]] // the authentication block, a table, ends the text
	}
	body = docPicRe.ReplaceAllString(body, "")
	foot := map[int]string{}
	starts := docFootRe.FindAllStringSubmatchIndex(notes, -1)
	for i, m := range starts {
		end := len(notes)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		n, _ := strconv.Atoi(notes[m[2]:m[3]])
		foot[n] = strings.Join(strings.Fields(notes[m[1]:end]), " ")
	}
	var marks []markSpan
	for _, m := range docMarkRe.FindAllStringSubmatchIndex(body, -1) {
		n, _ := strconv.Atoi(body[m[2]:m[3]])
		marks = append(marks, markSpan{m[0], m[1], n})
	}
	return unmark(body, marks, foot)
}

// edited is normalize with what a consolidator edits without amending
// made one: the tone placement of the day (vntext.NewTones), capitals (a
// cited name written "Pháp lệnh Xử lý vi phạm hành chính", "thành phố
// trực thuộc Trung ương") and a space typed before punctuation.
func edited(s string) []string {
	return normalize(strings.ToLower(spaceBeforePunctRe.ReplaceAllString(vntext.NewTones(s), "$1")))
}

var spaceBeforePunctRe = regexp.MustCompile(`\s+([,.;:])`)

// normalize joins lines and spaces, for comparing texts laid out apart.
func normalize(s string) []string { return strings.Fields(vntext.NFC(s)) }

// similarity is 2·LCS / (|a| + |b|) over words.
func similarity(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}

// TestConsolidation31VBHN compares our text of Luật Xử lý vi phạm hành
// chính 15/2012/QH13 as amended by the held 54/2014/QH13 and 18/2017/QH14
// with the official consolidation 31/VBHN-VPQH, article by article. The
// consolidation also carries 67/2020/QH14, which the sample does not
// hold: articles its footnotes mark as changed by it are reported apart,
// and our answer must say that amender is missing.
func TestConsolidation31VBHN(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	path := filepath.Join("..", "..", "..", "shared", "corpus", "pdf", "congbao", "cb-2021-471-472_vbhn-31-vpqh.pdf")
	compareWith31VBHN(t, readConsolidation(t, path))
}

// TestConsolidation31VBHNWhole compares every article of the whole
// consolidation, read from vbpl.vn's Word file of it (the gazette's
// extract holds Điều 1–68 of 142), the same way.
func TestConsolidation31VBHNWhole(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "..", "shared", "corpus", "word", "vbpl", "vbhn-31-vpqh.doc")
	official := readConsolidationDoc(t, path)
	if len(official.articles) < 140 {
		t.Fatalf("%s: %d articles read, the consolidation has Điều 1–142 and those inserted", path, len(official.articles))
	}
	compareWith31VBHN(t, official)
}

// compareWith31VBHN compares our text of 15/2012/QH13 at the date of
// 31/VBHN-VPQH with the articles of it that official holds.
func compareWith31VBHN(t *testing.T, official consolidation) {
	ctx := context.Background()
	db := sampleDB(t)
	docs, err := db.DocumentsByNumber(ctx, "15/2012/QH13", false)
	if err != nil || len(docs) == 0 {
		t.Fatalf("15/2012/QH13 not in the sample: %v", err)
	}
	var target *gazette.Document
	for _, d := range docs {
		if d.Language == "vi" {
			target, _ = db.DocumentByID(ctx, d.ID)
		}
	}
	ams, err := db.Amendments(ctx, "15/2012/QH13")
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, a := range ams {
		held[a.By] = true
	}
	t.Logf("amendments held: %d, by %v", len(ams), keys(held))
	at := time.Date(2020, 12, 7, 0, 0, 0, 0, time.UTC) // the consolidation's date of authentication
	ours := law.Consolidate(target, ams, at)
	byNum := map[string]gazette.ArticleAt{}
	for _, a := range ours.Articles {
		byNum[a.Number] = a
	}
	type row struct {
		n        string
		sim      float64 // after normalising spaces (and footnote marks, taken out)
		spelling float64 // and the consolidator's editing made one: old and new tone placement ("hoá", "hóa"), capitals ("Pháp lệnh Xử lý"), a space before a comma
	}
	var untouched, heldOnly, missing []row
	missingBy := map[string]bool{}
	for n, text := range official.articles {
		a, ok := byNum[n]
		if !ok {
			missing = append(missing, row{n, 0, 0})
			continue
		}
		r := row{n, similarity(normalize(a.Text), normalize(text)),
			similarity(edited(a.Text), edited(text))}
		if r.sim < 1 && len(official.touched[n]) == 0 && testing.Verbose() {
			t.Logf("Điều %s differs:\n ours:     %s\n official: %s", n, strings.Join(normalize(a.Text), " "), strings.Join(normalize(text), " "))
		}
		amenders := official.touched[n]
		onlyHeld := len(amenders) > 0
		for am := range amenders {
			if !held[am] {
				onlyHeld = false
				missingBy[am] = true
			}
		}
		switch {
		case len(amenders) == 0:
			untouched = append(untouched, r)
		case onlyHeld:
			heldOnly = append(heldOnly, r)
		default:
			missing = append(missing, r)
		}
	}
	report := func(name string, rows []row) float64 {
		sort.Slice(rows, func(i, j int) bool { return rows[i].sim < rows[j].sim })
		sum, sumSp, same, sameSp := 0.0, 0.0, 0, 0
		for _, r := range rows {
			sum += r.sim
			sumSp += r.spelling
			if r.sim == 1 {
				same++
			}
			if r.spelling == 1 {
				sameSp++
			}
		}
		avg := sum / float64(max(1, len(rows)))
		worst := []string{}
		for _, r := range rows[:min(5, len(rows))] {
			worst = append(worst, fmt.Sprintf("Điều %s %.3f/%.3f", r.n, r.sim, r.spelling))
		}
		t.Logf("%s: %d articles, mean similarity %.4f (%.4f with the consolidator's editing made one), identical %d (%d); lowest %v",
			name, len(rows), avg, sumSp/float64(max(1, len(rows))), same, sameSp, worst)
		if name == "untouched by any amender" && sameSp < len(rows) {
			t.Errorf("%d of %d articles no amender touched differ from the official text beyond spelling", len(rows)-sameSp, len(rows))
		}
		return avg
	}
	t.Logf("official articles %d, ours %d", len(official.articles), len(ours.Articles))
	report("untouched by any amender", untouched)
	avgHeld := report("changed only by held amenders (54/2014/QH13, 18/2017/QH14)", heldOnly)
	report("changed by an amender not held", missing)
	t.Logf("amenders the consolidation names that the database does not hold: %v", keys(missingBy))
	// the answer must say what it lacks
	tl := target.Timeline
	said := map[string]bool{}
	for _, c := range tl.Cautions {
		said[c.Number] = true
	}
	for am := range missingBy {
		if !said[am] {
			t.Errorf("the text of 15/2012/QH13 does not say that %s, which amends it, is not in the database", am)
		}
	}
	if len(heldOnly) > 0 && avgHeld < 0.98 {
		t.Errorf("articles changed by held amenders: mean similarity %.4f, want at least 0.98", avgHeld)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// amendersNamed reads the amenders a consolidated text's header lists
// ("… được sửa đổi, bổ sung bởi: Luật số 63/2020/QH14 ngày 18 tháng 6 năm
// 2020 …"), with the year of each.
func amendersNamed(t *testing.T, path string) map[string]int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("consolidated text not available (%v): the check needs ../shared/corpus", err)
	}
	res, err := pdftext.Extract(context.Background(), data, pdftext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(strings.Fields(vntext.NFC(strings.Join(res.Pages[:min(2, len(res.Pages))], "\n"))), " ")
	i := strings.Index(head, "được sửa đổi, bổ sung bởi")
	j := strings.Index(head, "Căn cứ")
	if i < 0 || j < i {
		t.Fatalf("%s: no list of amenders in its header", path)
	}
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`(\d{1,3}/(\d{4})/QH\d{1,2})`).FindAllStringSubmatch(head[i:j], -1) {
		y, _ := strconv.Atoi(m[2])
		out[m[1]] = y
	}
	return out
}

// TestConsolidation23VBHN: 23/VBHN-VPQH consolidates Luật Ban hành văn bản
// quy phạm pháp luật 80/2015/QH13 with 63/2020/QH14, which the sample does
// not hold; the text we give of 80/2015/QH13 must say that an amending law
// of 2020 is missing rather than pass for the law in force.
func TestConsolidation23VBHN(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	named := amendersNamed(t, filepath.Join("..", "..", "..", "shared", "corpus", "pdf", "congbao", "cb-2020-1093-1094_vbhn-23-vpqh_part1.pdf"))
	if len(named) == 0 {
		t.Fatal("no amenders read from 23/VBHN-VPQH")
	}
	ctx := context.Background()
	db := sampleDB(t)
	docs, err := db.DocumentsByNumber(ctx, "80/2015/QH13", false)
	if err != nil || len(docs) == 0 {
		t.Fatalf("80/2015/QH13 not in the sample: %v", err)
	}
	d, err := db.DocumentByID(ctx, docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	ams, err := db.Amendments(ctx, d.Number)
	if err != nil {
		t.Fatal(err)
	}
	text := law.TextOf(d, ams, time.Date(2020, 7, 15, 0, 0, 0, 0, time.UTC))
	for num, year := range named {
		if held, _ := db.DocumentsByNumber(ctx, num, false); len(held) > 0 {
			continue
		}
		said := false
		for _, c := range text.Cautions {
			said = said || c.Number == num || c.Number == "" && c.Kind == gazette.RelAmends && c.Year == year
		}
		if !said {
			t.Errorf("the text of 80/2015/QH13 does not say that %s (%d), which amends it, is not in the database; cautions %+v", num, year, text.Cautions)
		}
	}
	for _, c := range text.Cautions {
		t.Logf("said: %s", c.Note)
	}
}
