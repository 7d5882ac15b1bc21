package law

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"congbao/gazette"
)

// node is a provision being consolidated: its own text (heading and
// lead-in) and its children, or a repeal.
type node struct {
	kind, label string
	own         string // the provision's text before its first child, newline-terminated
	kids        []*node
	repealed    bool
	inserted    bool
}

func (n *node) render(b *strings.Builder) {
	if n.repealed {
		b.WriteString(repealedLine(n))
		return
	}
	b.WriteString(n.own)
	for _, k := range n.kids {
		k.render(b)
	}
}

// repealedLine is how a consolidated text shows a repealed provision.
func repealedLine(n *node) string {
	switch n.kind {
	case gazette.ProvArticle:
		return "Điều " + n.label + ". (được bãi bỏ)\n"
	case gazette.ProvClause:
		return n.label + ". (được bãi bỏ)\n"
	}
	return n.label + ") (được bãi bỏ)\n"
}

// build turns a provision into a node over text.
func build(text string, p *gazette.Provision) *node {
	n := &node{kind: p.Kind, label: p.Label}
	end := p.End
	if len(p.Children) > 0 {
		end = p.Children[0].Start
	}
	n.own = withNewline(text[p.Start:end])
	for _, c := range p.Children {
		n.kids = append(n.kids, build(text, c))
	}
	return n
}

func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// doc is a document being consolidated: its articles in order, with the
// text around them (header, headings, closing) kept as it is.
type doc struct {
	glue  []string // glue[i] comes before articles[i]; the last after the last article
	arts  []*node
	noEOL bool // the text does not end with a newline
}

func parseDoc(text string) *doc {
	d := &doc{noEOL: !strings.HasSuffix(text, "\n")}
	at := 0
	for _, a := range articlesOf(Provisions(text)) {
		d.glue = append(d.glue, text[at:a.Start])
		d.arts = append(d.arts, build(text, a))
		at = a.End
	}
	d.glue = append(d.glue, text[at:])
	return d
}

func (d *doc) render() string {
	var b strings.Builder
	for i, a := range d.arts {
		b.WriteString(d.glue[i])
		a.render(&b)
	}
	b.WriteString(d.glue[len(d.glue)-1])
	if d.noEOL {
		return strings.TrimSuffix(b.String(), "\n")
	}
	return b.String()
}

// find returns the node with a key ("d5.k2.a") and its parent list.
func (d *doc) find(key string) (*node, *[]*node, int) {
	segs := strings.Split(key, ".")
	list := &d.arts
	var found *node
	idx := -1
	for depth, seg := range segs {
		label := seg
		if depth < 2 && len(seg) > 1 && (seg[0] == 'd' || seg[0] == 'k') {
			label = seg[1:]
		}
		idx = -1
		for i, n := range *list {
			if n.label == label {
				idx = i
				break
			}
		}
		if idx < 0 {
			if depth < len(segs)-1 {
				return nil, nil, -1 // the provision above it is missing
			}
			return nil, list, -1
		}
		found = (*list)[idx]
		if depth < len(segs)-1 {
			list = &found.kids
		}
	}
	return found, list, idx
}

// wrap parses new wording as provisions of the kind the key names: an
// article ("Điều 5. …"), clauses ("2. …\n3. …") or points ("c) …").
func wrap(key, text string) []*node {
	text = withNewline(strings.TrimSpace(text))
	switch strings.Count(key, ".") {
	case 0:
		return newArticles(text)
	case 1:
		if arts := newArticles("Điều 1.\n" + text); len(arts) == 1 {
			return arts[0].kids
		}
	default:
		if arts := newArticles("Điều 1.\n1.\n" + text); len(arts) == 1 && len(arts[0].kids) == 1 {
			return arts[0].kids[0].kids
		}
	}
	return nil
}

// labelLess orders labels of one level: "1" < "1a" < "2", "a" < "b" < "đ".
func labelLess(a, b string) bool {
	na, nb := atoi(a), atoi(b)
	if na != nb {
		return na < nb
	}
	if na == 0 && a != "" && b != "" { // points: "đ" after "d", then "đ1" after "đ"
		la, lb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
		if la != lb {
			return pointIndex(la) < pointIndex(lb)
		}
	}
	return a < b
}

// Consolidate applies the amendments in force on at (in the order they
// took effect, rejected ones left out) to a document's text and gives the
// text then, article by article with each article's history. Amendments
// passed but not yet in force are listed as pending.
func Consolidate(d *gazette.Document, amendments []gazette.Amendment, at time.Time) gazette.TextAt {
	day := at.UTC().Truncate(24 * time.Hour)
	out := gazette.TextAt{AsOf: gazette.Date{Time: day}, Articles: []gazette.ArticleAt{}}
	cd := parseDoc(d.Text)
	var ams []gazette.Amendment
	for _, a := range amendments {
		if a.Review == gazette.ReviewRejected || a.Action == gazette.ActPostpone {
			continue
		}
		if a.Effective.IsZero() || a.Effective.After(day) {
			for _, p := range a.Provisions {
				out.Pending = append(out.Pending, change(a, p, false, "chưa có hiệu lực tại ngày này"))
			}
			continue
		}
		ams = append(ams, a)
	}
	sort.SliceStable(ams, func(i, j int) bool { return ams[i].Effective.Before(ams[j].Effective.Time) })
	history := map[string][]gazette.Change{}
	for _, a := range ams {
		texts := wrapAll(a)
		for i, p := range a.Provisions {
			key := KeyOf(p)
			var applied bool
			var note string
			if label, ok := strings.CutPrefix(p, "tên Chương "); ok && a.Action == gazette.ActAmend {
				applied, note = cd.renameChapter(label, a.Text)
			} else {
				applied, note = cd.apply(a, key, pick(texts, i, key))
			}
			if art := articleOf(p); art != "" {
				history[art] = append(history[art], change(a, p, applied, note))
			} else {
				out.Other = append(out.Other, change(a, p, applied, note))
			}
		}
	}
	out.Text = cd.render()
	for _, n := range cd.arts {
		var b strings.Builder
		n.render(&b)
		h := history[n.label]
		if h == nil {
			h = []gazette.Change{}
		}
		out.Articles = append(out.Articles, gazette.ArticleAt{Number: n.label, Text: b.String(), Repealed: n.repealed, Inserted: n.inserted, History: h})
	}
	return out
}

func change(a gazette.Amendment, p string, applied bool, note string) gazette.Change {
	return gazette.Change{Action: a.Action, By: a.By, ByProvision: a.ByProvision, Provision: p, Effective: a.Effective, Applied: applied, Note: note, Review: a.Review}
}

// wrapAll parses an amendment's new wording once.
func wrapAll(a gazette.Amendment) []*node {
	if a.Action != gazette.ActAmend && a.Action != gazette.ActInsert || len(a.Provisions) == 0 {
		return nil
	}
	return wrap(KeyOf(a.Provisions[0]), a.Text)
}

// pick is the new provision for the i-th target: the one with the key's
// label, else the i-th.
func pick(ns []*node, i int, key string) *node {
	segs := strings.Split(key, ".")
	label := segs[len(segs)-1]
	if len(segs) <= 2 && len(label) > 1 && (label[0] == 'd' || label[0] == 'k') {
		label = label[1:]
	}
	for _, n := range ns {
		if n.label == label {
			return n
		}
	}
	if i < len(ns) && len(ns) > 1 {
		return ns[i]
	}
	if len(ns) == 1 {
		return ns[0]
	}
	return nil
}

// apply does one amendment to one provision; it says whether the text now
// has it, and why not.
func (cd *doc) apply(a gazette.Amendment, key string, repl *node) (bool, string) {
	if key == "" {
		return false, "đơn vị không phải điều, khoản, điểm (chương, phụ lục): chưa áp dụng vào văn bản"
	}
	n, list, idx := cd.find(key)
	switch a.Action {
	case gazette.ActAmend:
		if n == nil {
			return false, "không tìm thấy " + Pinpoint(key) + " trong văn bản"
		}
		if repl == nil {
			return false, "văn bản sửa đổi không nêu câu chữ thay thế: " + a.Text
		}
		if a.Part == "đoạn đầu" {
			n.own = repl.own
			return true, ""
		}
		(*list)[idx] = repl
		return true, ""
	case gazette.ActInsert:
		if n != nil {
			return false, Pinpoint(key) + " đã có trong văn bản"
		}
		if repl == nil {
			return false, "văn bản sửa đổi không nêu câu chữ bổ sung"
		}
		if list == nil {
			return false, "không tìm thấy nơi bổ sung " + Pinpoint(key)
		}
		repl.inserted = true
		pos := len(*list)
		for i, m := range *list {
			if labelLess(repl.label, m.label) {
				pos = i
				break
			}
		}
		*list = append((*list)[:pos], append([]*node{repl}, (*list)[pos:]...)...)
		if list == &cd.arts {
			cd.glue = append(cd.glue[:pos+1], append([]string{""}, cd.glue[pos+1:]...)...)
		}
		return true, ""
	case gazette.ActRepeal:
		if n == nil {
			return false, "không tìm thấy " + Pinpoint(key) + " trong văn bản"
		}
		n.repealed = true
		return true, ""
	case gazette.ActReplacePhrase, gazette.ActDeletePhrase, gazette.ActInsertPhrase:
		if n == nil {
			return false, "không tìm thấy " + Pinpoint(key) + " trong văn bản"
		}
		old, repl := a.Old, a.Text
		switch a.Action {
		case gazette.ActDeletePhrase:
			repl = ""
		case gazette.ActInsertPhrase:
			old = a.Anchor
			if a.Before {
				repl = a.Text + " " + a.Anchor
			} else {
				repl = a.Anchor + " " + a.Text
			}
		}
		if old == "" || !n.replace(old, repl) {
			return false, "không tìm thấy cụm từ «" + old + "» trong " + Pinpoint(key)
		}
		return true, ""
	}
	return false, "thao tác " + a.Action + " chưa được áp dụng vào văn bản"
}

// replace puts repl for every old in the provision and its children.
// Texts differ in capitals ("Trung tâm lý lịch tư pháp" quoted as
// "Trung tâm Lý lịch tư pháp"); when the phrase as quoted is nowhere in
// the provision, it is matched without regard to case.
func (n *node) replace(old, repl string) bool {
	if n.replaceExact(old, repl) {
		return true
	}
	re, err := regexp.Compile(`(?i)` + regexp.QuoteMeta(old))
	if err != nil {
		return false
	}
	return n.replaceRe(re, repl)
}

func (n *node) replaceExact(old, repl string) bool {
	found := strings.Contains(n.own, old)
	n.own = strings.ReplaceAll(n.own, old, repl)
	for _, k := range n.kids {
		found = k.replaceExact(old, repl) || found
	}
	return found
}

func (n *node) replaceRe(re *regexp.Regexp, repl string) bool {
	found := re.MatchString(n.own)
	n.own = re.ReplaceAllLiteralString(n.own, repl)
	for _, k := range n.kids {
		found = k.replaceRe(re, repl) || found
	}
	return found
}

// Article returns article n of a consolidated text, with the amendments
// still pending for it.
func Article(t gazette.TextAt, n string) (gazette.ArticleAt, []gazette.Change, bool) {
	for _, a := range t.Articles {
		if a.Number == n {
			var pending []gazette.Change
			for _, p := range t.Pending {
				if articleOf(p.Provision) == n {
					pending = append(pending, p)
				}
			}
			return a, pending, true
		}
	}
	return gazette.ArticleAt{}, nil, false
}

// TextOf consolidates a document at a date and names what it may lack: the
// amending or replacing documents cited but not held (its timeline's
// cautions).
func TextOf(d *gazette.Document, amendments []gazette.Amendment, at time.Time) gazette.TextAt {
	t := Consolidate(d, amendments, at)
	if d.Timeline != nil {
		t.Cautions = d.Timeline.CautionsAt(at)
	}
	return t
}

var newArticleRe = regexp.MustCompile(`^[ĐÐ]iều\s+(\d{1,4}[a-zđ]?)\s*[.:]`)

// newArticles reads quoted new articles ("Điều 7. …", "Điều 66a. … Điều
// 66b. …"): numbered as they are, not in sequence from 1 as a whole
// document's are.
func newArticles(text string) []*node {
	var out []*node
	var starts []int
	var labels []string
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if m := newArticleRe.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			starts, labels = append(starts, off), append(labels, m[1])
		}
		off += len(line)
	}
	for i, st := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		key := ArticleKey(labels[i])
		p := &gazette.Provision{Key: key, Kind: gazette.ProvArticle, Label: labels[i], Start: st, End: end, Children: clauses(text, st, end, key, true)}
		out = append(out, build(text, p))
	}
	return out
}

// renameChapter puts a chapter's new name ("Chương IV\nCẤP PHIẾU LÝ LỊCH
// TƯ PHÁP") for its heading, which stands in the text between articles:
// the heading line and the name line after it.
func (cd *doc) renameChapter(label, text string) (bool, string) {
	newLines := strings.Split(strings.TrimSpace(text), "\n")
	if len(newLines) == 0 || newLines[0] == "" {
		return false, "văn bản sửa đổi không nêu tên mới của Chương " + label
	}
	head, err := regexp.Compile(`(?i)^chương\s+` + regexp.QuoteMeta(label) + `\b`)
	if err != nil {
		return false, "Chương «" + label + "» không đọc được"
	}
	for gi, g := range cd.glue {
		lines := strings.SplitAfter(g, "\n")
		for i, l := range lines {
			if !head.MatchString(strings.TrimSpace(l)) {
				continue
			}
			end := i + 1 // the name on the next line, unless the heading line holds it
			if strings.TrimSpace(head.ReplaceAllString(strings.TrimSpace(l), "")) == "" && i+1 < len(lines) {
				end = i + 2
			}
			repl := strings.Join(newLines, "\n") + "\n"
			cd.glue[gi] = strings.Join(lines[:i], "") + repl + strings.Join(lines[end:], "")
			return true, ""
		}
	}
	return false, "không tìm thấy Chương " + label + " trong văn bản"
}
