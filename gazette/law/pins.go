package law

import (
	"regexp"
	"strings"
)

// labelRe matches what may label a provision: "5", "5a", "a", "đ2", "IV".
var provLabelRe = regexp.MustCompile(`^(?:[0-9]{1,3}[a-zđ]?|[a-zđ][0-9]?|[IVXLC]+[A-Z]?)$`)

// unitToken is one unit of a list of provisions and its labels.
type unitToken struct {
	unit   string // "điểm", "khoản", "điều", "tên chương", "chương", "mục", "phụ lục"
	labels []string
}

// tokenize reads the units of a list of provisions: "điểm c và điểm d
// khoản 2" is điểm [c], điểm [d], khoản [2]; "các điều 17, 30 và 47" is
// điều [17 30 47]. Other words end a unit's labels.
func tokenize(s string) []unitToken {
	s = strings.NewReplacer(",", " , ", ";", " ; ", ":", " ; ", "(", " ; ", ")", " ; ").Replace(s)
	words := strings.Fields(s)
	var out []unitToken
	var cur *unitToken
	sep := false // a separator ("," or "và") since the last label
	for i := 0; i < len(words); i++ {
		w := strings.TrimRight(words[i], ".")
		lw := strings.ToLower(w)
		unit := ""
		switch lw {
		case "điểm", "khoản", "điều", "chương", "mục":
			unit = lw
		case "các":
			if i+1 < len(words) {
				if n := strings.ToLower(words[i+1]); n == "điều" || n == "khoản" || n == "điểm" {
					unit, i = n, i+1
				}
			}
		case "tên":
			if i+1 < len(words) && strings.ToLower(words[i+1]) == "chương" {
				unit, i = "tên chương", i+1
			}
		case "phụ":
			if i+1 < len(words) && strings.ToLower(words[i+1]) == "lục" {
				unit, i = "phụ lục", i+1
				if i+1 < len(words) && strings.ToLower(words[i+1]) == "số" {
					i++
				}
			}
		}
		if unit != "" {
			out = append(out, unitToken{unit: unit})
			cur, sep = &out[len(out)-1], true
			continue
		}
		switch {
		case cur != nil && (lw == "," || lw == "và"):
			sep = true
		case cur != nil && sep && provLabelRe.MatchString(w) && labelFits(cur.unit, w):
			cur.labels = append(cur.labels, w)
			sep = false
		default:
			cur = nil
		}
	}
	kept := out[:0]
	for _, t := range out {
		if len(t.labels) > 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

// labelFits says whether a label can be one of that unit: điểm are
// letters, khoản and điều numbers, chương roman numerals.
func labelFits(unit, l string) bool {
	digit := l[0] >= '0' && l[0] <= '9'
	switch unit {
	case "điểm":
		return !digit && pointIndex(strings.TrimRight(l, "0123456789")) >= 0
	case "khoản", "điều", "phụ lục", "mục":
		return digit
	case "chương", "tên chương":
		return !digit && strings.Trim(l, "IVXLCA") == ""
	}
	return false
}

// level orders units from the smallest.
var level = map[string]int{"điểm": 1, "khoản": 2, "điều": 3}

// pin is a provision being read from a list: its điểm, khoản, Điều.
type pin struct{ p, k, d string }

func (x pin) top() int {
	switch {
	case x.d != "":
		return 3
	case x.k != "":
		return 2
	case x.p != "":
		return 1
	}
	return 0
}

// String writes the pinpoint as the texts do: "điểm a khoản 2 Điều 5".
func (x pin) String() string {
	var parts []string
	if x.p != "" {
		parts = append(parts, "điểm "+x.p)
	}
	if x.k != "" {
		parts = append(parts, "khoản "+x.k)
	}
	if x.d != "" {
		parts = append(parts, "Điều "+x.d)
	}
	return strings.Join(parts, " ")
}

// ParsePins reads a list of provisions as an amending text writes it
// ("điểm c và điểm d khoản 2", "khoản 3 Điều 37 và khoản 3 Điều 39",
// "các điều 17, 30 và 47", "Điều 1 và tên Chương VII") into pinpoints, a
// higher unit applying to the lower ones before it that lack it. Those
// without an article get article, when given. Chapters, sections and
// appendices are kept as written.
func ParsePins(s, article string) []string {
	var out, others []string
	var pend []pin
	flush := func() {
		for _, x := range pend {
			if x.d == "" {
				x.d = article
			}
			out = append(out, x.String())
		}
		pend = nil
	}
	for _, tok := range tokenize(s) {
		unit, labels := tok.unit, tok.labels
		switch unit {
		case "tên chương":
			others = append(others, "tên Chương "+labels[0])
			continue
		case "chương":
			label, joined := labels[0], false
			for i := range others { // "Mục 3 Chương IV"
				if strings.HasPrefix(others[i], "Mục ") && !strings.Contains(others[i], "Chương") {
					others[i] += " Chương " + label
					joined = true
				}
			}
			if !joined {
				others = append(others, "Chương "+label)
			}
			continue
		case "mục":
			others = append(others, "Mục "+labels[0])
			continue
		case "phụ lục":
			others = append(others, "Phụ lục số "+labels[0])
			continue
		}
		lv := level[unit]
		for _, l := range labels {
			filled := false
			for i := range pend {
				if pend[i].top() < lv {
					setLevel(&pend[i], lv, l)
					filled = true
				}
			}
			if !filled {
				var x pin
				setLevel(&x, lv, l)
				pend = append(pend, x)
			}
			if lv == 3 {
				flush()
			}
		}
	}
	flush()
	return append(out, others...)
}

func setLevel(x *pin, lv int, l string) {
	switch lv {
	case 1:
		x.p = l
	case 2:
		x.k = l
	case 3:
		x.d = l
	}
}
