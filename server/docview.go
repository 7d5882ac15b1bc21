package server

import (
	"context"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"congbao/gazette"
	"congbao/gazette/number"
)

// The document page as lawyers read it on vbpl.vn or legislation.gov.uk:
// relations grouped by kind and direction, each related document once with
// its title and date (or said not to be held, with a search for it), and
// the text set as headings and paragraphs rather than the PDF's lines.

// relationGroup is one kind and direction of relation on the document page.
type relationGroup struct {
	Key, Label string
	Items      []relatedDoc
}

// relatedDoc is a document related to the one shown, once per group.
type relatedDoc struct {
	Label     string   // "Luật 31/2024/QH15"
	Title     string   // its title, when held
	Date      string   // its issue date, dd/mm/yyyy, when held
	Href      string   // its page, or the list of documents with the number; "" when not held
	Search    string   // a search for it, when not held
	Pinpoints []string // the provisions named, in order, once each
	Held      bool
}

// outgoingLabels and incomingLabels name each relation from the shown
// document's side: what it does to others, and what others do to it.
var (
	relationOrder  = []string{gazette.RelAmends, gazette.RelReplaces, gazette.RelRepeals, gazette.RelExpires, gazette.RelGuides, gazette.RelBasis, gazette.RelReference}
	outgoingLabels = map[string]string{gazette.RelAmends: "Sửa đổi, bổ sung", gazette.RelReplaces: "Thay thế",
		gazette.RelRepeals: "Bãi bỏ", gazette.RelExpires: "Làm hết hiệu lực", gazette.RelGuides: "Hướng dẫn",
		gazette.RelBasis: "Căn cứ", gazette.RelReference: "Dẫn chiếu"}
	incomingLabels = map[string]string{gazette.RelAmends: "Được sửa đổi, bổ sung bởi", gazette.RelReplaces: "Bị thay thế bởi",
		gazette.RelRepeals: "Bị bãi bỏ bởi", gazette.RelExpires: "Hết hiệu lực theo", gazette.RelGuides: "Được hướng dẫn bởi",
		gazette.RelBasis: "Là căn cứ của", gazette.RelReference: "Được dẫn chiếu bởi"}
)

// groupOf returns the group for a relation, creating it in order.
func groupOf(groups map[string]*relationGroup, labels map[string]string, dir, rel string) *relationGroup {
	if _, ok := labels[rel]; !ok {
		rel = gazette.RelReference
	}
	k := dir + ":" + rel
	if g := groups[k]; g != nil {
		return g
	}
	g := &relationGroup{Key: k, Label: labels[rel]}
	groups[k] = g
	return g
}

// addRelated adds a related document to a group once, merging pinpoints.
func (g *relationGroup) add(r relatedDoc, pinpoint string) {
	for i := range g.Items {
		if g.Items[i].Label == r.Label && g.Items[i].Href == r.Href {
			if pinpoint != "" && !slices.Contains(g.Items[i].Pinpoints, pinpoint) {
				g.Items[i].Pinpoints = append(g.Items[i].Pinpoints, pinpoint)
			}
			return
		}
	}
	if pinpoint != "" {
		r.Pinpoints = []string{pinpoint}
	}
	g.Items = append(g.Items, r)
}

// relatedFrom describes a held document for a relation list.
func relatedFrom(d *gazette.Document) relatedDoc {
	return relatedDoc{Label: strings.TrimSpace(d.TypeName + " " + d.Number), Title: cleanTitle(d.Title), Date: dmy(d.IssueDate),
		Href: "/van-ban/" + strconv.FormatInt(d.ID, 10), Held: true}
}

// relationGroups builds the document page's relations: outgoing from its
// citations (every relation, each target once), incoming from the
// published documents citing it.
func (s *Server) relationGroups(ctx context.Context, d *gazette.Document, cits []gazette.Citation, citedBy []gazette.CitingDocument) ([]relationGroup, error) {
	var numbers []string
	for _, ct := range cits {
		if ct.Number != "" && !ct.Self {
			numbers = append(numbers, ct.Number)
		}
	}
	held, err := s.Store.DocumentsByNumbers(ctx, numbers)
	if err != nil {
		return nil, err
	}
	groups := map[string]*relationGroup{}
	for _, ct := range cits {
		if ct.Self || (ct.Number == "" && ct.Name == "") || ct.Number == d.Number && ct.Number != "" {
			continue
		}
		g := groupOf(groups, outgoingLabels, "out", ct.Relation)
		typeName := ct.TypeName
		if n, err := number.Parse(ct.Number); typeName == "" && err == nil {
			typeName = n.TypeName() // "71/2024/NĐ-CP" is a Nghị định even where the text does not say so
		}
		label := strings.TrimSpace(typeName + " " + ct.Number)
		if ct.Number == "" {
			label = strings.TrimSpace(typeName + " " + ct.Name)
		}
		r := relatedDoc{Label: label}
		switch docs := held[ct.Number]; {
		case len(docs) == 1:
			r = relatedFrom(docs[0])
		case len(docs) > 1:
			r.Href, r.Held, r.Title = "/van-ban?so="+url.QueryEscape(ct.Number), true, strconv.Itoa(len(docs))+" văn bản mang số này"
		default:
			r.Search = "/?q=" + url.QueryEscape(label)
		}
		g.add(r, ct.Pinpoint)
	}
	var ids []int64
	for _, b := range citedBy {
		ids = append(ids, b.DocumentID)
	}
	metas, err := s.Store.DocumentsMeta(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*gazette.Document{}
	for _, m := range metas {
		byID[m.ID] = m
	}
	for _, b := range citedBy {
		if b.DocumentID == d.ID {
			continue
		}
		g := groupOf(groups, incomingLabels, "in", b.Relation)
		r := relatedDoc{Label: strings.TrimSpace(b.TypeName + " " + b.Number), Title: cleanTitle(b.Title), Href: "/van-ban/" + strconv.FormatInt(b.DocumentID, 10), Held: true}
		if m := byID[b.DocumentID]; m != nil {
			r = relatedFrom(m)
		}
		g.add(r, b.Pinpoint)
	}
	var out []relationGroup
	for _, dir := range []string{"in", "out"} { // what is done to it first: a lawyer's first question
		for _, rel := range relationOrder {
			if g := groups[dir+":"+rel]; g != nil {
				out = append(out, *g)
			}
		}
	}
	return out, nil
}

// cleanTitle removes from a title what the reader of a list does not need
// (runs of rules and dashes, doubled spaces) and starts it with a capital,
// as titles are cited ("sửa đổi, bổ sung …" from a record becomes "Sửa
// đổi, bổ sung …").
var titleRules = regexp.MustCompile(`\s*[-_–—=*.]{3,}\s*`)

func cleanTitle(t string) string {
	t = strings.Join(strings.Fields(titleRules.ReplaceAllString(t, " ")), " ")
	if r, size := utf8.DecodeRuneInString(t); unicode.IsLower(r) {
		t = string(unicode.ToUpper(r)) + t[size:]
	}
	return t
}

// blockKind is how a line of a text is shown.
type blockKind int

const (
	blockPara    blockKind = iota
	blockPart              // Phần
	blockChapter           // Chương
	blockSection           // Mục
	blockArticle           // Điều
)

// textBlock is a heading or a paragraph: a span of the text.
type textBlock struct {
	kind       blockKind
	start, end int
}

var (
	reArticle   = regexp.MustCompile(`^Điều\s+\d+[a-zđ]?\b`)
	reChapter   = regexp.MustCompile(`^(?:Chương|CHƯƠNG)\s+[IVXLCDM\d]+\b`)
	rePart      = regexp.MustCompile(`^(?:Phần|PHẦN)\s+(?:thứ|THỨ|[IVXLCDM\d]+\b)`)
	reSection   = regexp.MustCompile(`^(?:Mục|MỤC)\s+\d+\b`)
	reListStart = regexp.MustCompile(`^(?:\d+[a-zđ]?\.|\d+[a-zđ]?\)|[a-zđ]\)|[-–•+*]\s|[IVX]+\.\s|\(\d+\))`)
)

// isUpperLine reports whether a line is written in capitals (a chapter's
// or a section's name under its number).
func isUpperLine(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters > 1
}

// textBlocks splits a text into headings and paragraphs. A line that a PDF
// wrapped is joined to the one before: it starts in lower case, or the one
// before is long and does not end a sentence or a clause.
func textBlocks(text string) []textBlock {
	var out []textBlock
	pos := 0
	prevLine := ""
	for pos <= len(text) {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := strings.TrimSpace(text[pos:end])
		start := pos
		pos = end + 1
		if line == "" {
			prevLine = ""
			if end >= len(text) {
				break
			}
			continue
		}
		kind := blockPara
		switch {
		case reArticle.MatchString(line):
			kind = blockArticle
		case reChapter.MatchString(line):
			kind = blockChapter
		case rePart.MatchString(line):
			kind = blockPart
		case reSection.MatchString(line):
			kind = blockSection
		}
		if n := len(out); n > 0 && kind == blockPara && prevLine != "" {
			last := &out[n-1]
			heading := last.kind == blockChapter || last.kind == blockPart || last.kind == blockSection
			switch {
			case heading && isUpperLine(line) && !isUpperLine(prevLine):
				last.end = end // the name under "Chương I"
				prevLine = line
				continue
			case last.kind == blockPara && wrapped(prevLine, line):
				last.end = end
				prevLine = line
				continue
			}
		}
		out = append(out, textBlock{kind: kind, start: start, end: end})
		prevLine = line
		if end >= len(text) {
			break
		}
	}
	return out
}

// wrapped reports whether line continues prev, broken by the PDF's width.
func wrapped(prev, line string) bool {
	if reListStart.MatchString(line) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".:;!?", last) {
		return false
	}
	if unicode.IsLower(first) {
		return true
	}
	return utf8.RuneCountInString(prev) >= 60 && !isUpperLine(prev)
}

// textMark is a link or an anchor placed on a span of the text.
type textMark struct {
	at, end int
	open    string
}

// documentHTML sets a document's text as headings and paragraphs, links
// each numbered citation to its lookup page and gives each article its
// anchor (#dieu-N).
func documentHTML(text string, cits []gazette.Citation, arts []gazette.Article) template.HTML {
	var marks []textMark
	for _, a := range arts {
		if a.Start >= 0 && a.Start <= len(text) {
			marks = append(marks, textMark{at: a.Start, end: a.Start, open: `<span id="dieu-` + html.EscapeString(a.Number) + `"></span>`})
		}
	}
	for _, ct := range cits {
		if ct.Number == "" || ct.Start < 0 || ct.End > len(text) || ct.Start >= ct.End {
			continue
		}
		marks = append(marks, textMark{at: ct.Start, end: ct.End, open: `<a class="cite" href="/van-ban?so=` + url.QueryEscape(ct.Number) + `">`})
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].at < marks[j].at })
	var b strings.Builder
	mi := 0
	esc := func(s string) string { return strings.ReplaceAll(html.EscapeString(s), "\n", " ") }
	for _, bl := range textBlocks(text) {
		tag := map[blockKind]string{blockPara: "p", blockPart: "h2", blockChapter: "h2", blockSection: "h3", blockArticle: "h3"}[bl.kind]
		class := map[blockKind]string{blockPara: "", blockPart: ` class="phan"`, blockChapter: ` class="chuong"`, blockSection: ` class="muc"`, blockArticle: ` class="dieu"`}[bl.kind]
		b.WriteString("<" + tag + class + ">")
		pos := bl.start
		for mi < len(marks) && marks[mi].at < bl.start {
			mi++ // before this block, or inside a blank line
		}
		for ; mi < len(marks) && marks[mi].at <= bl.end; mi++ {
			m := marks[mi]
			if m.at < pos || m.end > bl.end {
				continue // overlaps a link already written, or crosses into the next block
			}
			b.WriteString(esc(text[pos:m.at]))
			b.WriteString(m.open)
			if m.end > m.at {
				b.WriteString(esc(text[m.at:m.end]) + "</a>")
			}
			pos = m.end
		}
		b.WriteString(esc(text[pos:bl.end]))
		b.WriteString("</" + tag + ">\n")
	}
	return template.HTML(b.String())
}
