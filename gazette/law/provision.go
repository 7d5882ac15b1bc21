package law

import (
	"regexp"
	"strings"

	"congbao/gazette"
	"congbao/gazette/read"
)

var (
	clauseRe = regexp.MustCompile(`^(\d{1,3})([a-zđ]?)\s*\.\s*(\S.*)?$`)
	pointRe  = regexp.MustCompile(`^([a-zđ])([0-9]?)\)\s*(.*)$`)
)

// pointOrder is the order of điểm letters in Vietnamese legal texts (no
// f, j, w, z; đ after d).
const pointOrder = "a b c d đ e g h i k l m n o p q r s t u v x y"

// pointIndex is a letter's place in pointOrder, or -1.
func pointIndex(l string) int {
	for i, p := range strings.Fields(pointOrder) {
		if p == l {
			return i
		}
	}
	return -1
}

// Provisions reads the structure of a text: its articles (as
// read.Articles finds them), grouped under their Phần, Chương and Mục, and
// in each article its khoản and điểm. Lines inside quotation marks (the
// new wording an amending document quotes) are not provisions of the text.
func Provisions(text string) []*gazette.Provision {
	arts := read.Articles(text)
	var roots []*gazette.Provision
	var part, chapter, section *gazette.Provision
	for _, a := range arts {
		art := &gazette.Provision{Key: ArticleKey(a.Number), Kind: gazette.ProvArticle, Label: a.Number, Heading: a.Title, Start: a.Start, End: articleEnd(text, a.Start, a.End)}
		art.Children = clauses(text, a.Start, art.End, art.Key, false)
		parent := &roots
		if a.Part != "" {
			if part == nil || part.Heading != a.Part {
				part = &gazette.Provision{Key: "p:" + partLabel(a.Part), Kind: gazette.ProvPart, Label: partLabel(a.Part), Heading: a.Part, Start: a.Start}
				roots = append(roots, part)
				chapter, section = nil, nil
			}
			parent = &part.Children
		}
		if a.Chapter != "" {
			if chapter == nil || chapter.Label != chapterLabel(a.Chapter) {
				chapter = &gazette.Provision{Key: "c:" + chapterLabel(a.Chapter), Kind: gazette.ProvChapter, Label: chapterLabel(a.Chapter), Heading: a.Chapter, Start: a.Start}
				*parent = append(*parent, chapter)
				section = nil
			}
			parent = &chapter.Children
		}
		if a.Section != "" {
			label := strings.TrimSpace(strings.TrimPrefix(a.Section, "Mục"))
			if section == nil || section.Label != label {
				key := "m:" + label
				if chapter != nil {
					key = chapter.Key + "." + key
				}
				section = &gazette.Provision{Key: key, Kind: gazette.ProvSection, Label: label, Heading: a.Section, Start: a.Start}
				*parent = append(*parent, section)
			}
			parent = &section.Children
		}
		*parent = append(*parent, art)
	}
	closeEnds(roots)
	return roots
}

// headingRe is a Phần, Chương or Mục heading line: it ends the article
// before it (read.Articles runs an article up to the next one).
var headingRe = regexp.MustCompile(`^(?:Phần|PHẦN)\s+(?:thứ|THỨ)\s+\S+|^(?:Chương|CHƯƠNG)\s+[IVXLCDM]+[A-Z]?\b|^(?:Mục|MỤC)\s+\d+[a-z]?(?:\s*$|[.:]\s*\p{Lu}|\s+\p{Lu}{2})`)

// articleEnd is where an article's own text ends: before a heading that
// follows it outside quotation marks.
func articleEnd(text string, start, end int) int {
	off, depth := start, 0
	for i, line := range strings.SplitAfter(text[start:end], "\n") {
		l := strings.TrimSpace(line)
		if i > 0 && depth == 0 && l != "" && strings.IndexByte("PCM", l[0]) >= 0 && headingRe.MatchString(l) {
			return off
		}
		depth = max(0, depth+strings.Count(l, "“")-strings.Count(l, "”"))
		off += len(line)
	}
	return end
}

// closeEnds sets the end of each container to that of its last child.
func closeEnds(ps []*gazette.Provision) int {
	end := 0
	for _, p := range ps {
		if len(p.Children) > 0 && p.Kind != gazette.ProvArticle {
			p.End = closeEnds(p.Children)
		}
		end = max(end, p.End)
	}
	return end
}

func partLabel(h string) string {
	f := strings.Fields(h)
	if len(f) >= 3 {
		return strings.ToLower(f[2])
	}
	return strings.ToLower(h)
}

func chapterLabel(h string) string { return strings.TrimSpace(strings.TrimPrefix(h, "Chương")) }

// ArticleKey is the key of Điều n.
func ArticleKey(n string) string { return "d" + n }

// clauses finds the khoản of the article text[start:end] and their điểm;
// an article without numbered clauses may have điểm of its own.
// With free, the first khoản and điểm may have any label (new wording
// quoted by an amendment starts where the provision it replaces does).
func clauses(text string, start, end int, artKey string, free bool) []*gazette.Provision {
	var out []*gazette.Provision
	var cur *gazette.Provision // the khoản open
	var pt *gazette.Provision  // the điểm open
	lastClause, lastPoint := 0, -1
	depth := 0
	off := start
	first := true
	for _, line := range strings.SplitAfter(text[start:end], "\n") {
		l := strings.TrimSpace(line)
		lineStart := off
		off += len(line)
		inQuote := depth > 0
		depth += strings.Count(l, "“") - strings.Count(l, "”")
		if depth < 0 {
			depth = 0
		}
		if first { // the heading line
			first = false
			continue
		}
		if inQuote && nextInstruction(l, lastClause) {
			inQuote, depth = false, 0 // a quotation left open: the next amending clause ends it
		}
		if inQuote || strings.HasPrefix(l, "“") {
			continue
		}
		if m := clauseRe.FindStringSubmatch(l); m != nil {
			n := atoi(m[1])
			if n == lastClause+1 && m[2] == "" || n == lastClause && m[2] != "" || lastClause == 0 && (n == 1 || free) {
				closeAt(cur, lineStart)
				closeAt(pt, lineStart)
				cur = &gazette.Provision{Key: artKey + ".k" + m[1] + m[2], Kind: gazette.ProvClause, Label: m[1] + m[2], Start: lineStart}
				out = append(out, cur)
				lastClause, pt, lastPoint = n, nil, -1
				continue
			}
		}
		if m := pointRe.FindStringSubmatch(l); m != nil {
			i := pointIndex(m[1])
			if i >= 0 && (i == lastPoint+1 || i == lastPoint && m[2] != "" || lastPoint < 0 && (i == 0 || free)) {
				closeAt(pt, lineStart)
				parentKey := artKey
				if cur != nil {
					parentKey = cur.Key
				}
				pt = &gazette.Provision{Key: parentKey + "." + m[1] + m[2], Kind: gazette.ProvPoint, Label: m[1] + m[2], Start: lineStart}
				if cur != nil {
					cur.Children = append(cur.Children, pt)
				} else {
					out = append(out, pt)
				}
				lastPoint = i
			}
		}
	}
	closeAt(cur, end)
	closeAt(pt, end)
	return out
}

func closeAt(p *gazette.Provision, at int) {
	if p != nil && p.End == 0 {
		p.End = at
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// Find returns the provision with this key in a tree, or nil.
func Find(ps []*gazette.Provision, key string) *gazette.Provision {
	for _, p := range ps {
		if p.Key == key {
			return p
		}
		if q := Find(p.Children, key); q != nil {
			return q
		}
	}
	return nil
}

// Pinpoint names a key the way the texts do: "d5.k2.a" is "điểm a khoản 2
// Điều 5", "c:IV" is "Chương IV".
func Pinpoint(key string) string {
	var parts []string
	for _, seg := range strings.Split(key, ".") {
		switch {
		case strings.HasPrefix(seg, "c:"):
			parts = append(parts, "Chương "+seg[2:])
		case strings.HasPrefix(seg, "m:"):
			parts = append(parts, "Mục "+seg[2:])
		case strings.HasPrefix(seg, "p:"):
			parts = append(parts, "Phần thứ "+seg[2:])
		case len(seg) > 1 && seg[0] == 'd' && seg[1] >= '0' && seg[1] <= '9':
			parts = append(parts, "Điều "+seg[1:])
		case len(seg) > 1 && seg[0] == 'k' && seg[1] >= '0' && seg[1] <= '9':
			parts = append(parts, "khoản "+seg[1:])
		default:
			parts = append(parts, "điểm "+seg)
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " ")
}

var pinRe = regexp.MustCompile(`(?i)(điểm|khoản|điều|chương|mục)\s+([0-9]{1,3}[a-zđ]?|[a-zđ][0-9]?|[IVXLC]+[A-Z]?)\b`)

// KeyOf reads a pinpoint ("điểm a khoản 2 Điều 5") as a key ("d5.k2.a");
// "" when it names no article, chapter or section.
func KeyOf(pin string) string {
	var d, k, p, c, m string
	for _, x := range pinRe.FindAllStringSubmatch(pin, -1) {
		switch strings.ToLower(x[1]) {
		case "điểm":
			p = x[2]
		case "khoản":
			k = x[2]
		case "điều":
			d = x[2]
		case "chương":
			c = x[2]
		case "mục":
			m = x[2]
		}
	}
	switch {
	case d != "":
		key := "d" + d
		if k != "" {
			key += ".k" + k
		}
		if p != "" {
			key += "." + p
		}
		return key
	case c != "" && m != "":
		return "c:" + c + ".m:" + m
	case c != "":
		return "c:" + c
	}
	return ""
}

var instrRe = regexp.MustCompile(`^(\d{1,3})\.\s*(?:Sửa đổi|Bổ sung|Bãi bỏ|Bỏ|Thay|Đình chỉ)`)

// nextInstruction reports whether a line is the next numbered amending
// clause ("2. Bãi bỏ …"), which no quoted new wording starts with.
func nextInstruction(l string, last int) bool {
	m := instrRe.FindStringSubmatch(l)
	return m != nil && atoi(m[1]) == last+1 && last > 0
}
