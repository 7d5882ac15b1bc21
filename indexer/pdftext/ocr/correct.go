package ocr

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The syllable model: counts of the lower-case syllables of the 208 laws of
// the bundled sample and of the pairs seen side by side (written by
// internal/genmodel). Tesseract's Vietnamese model often drops or swaps
// tone marks and hooks ("quyên" for "quyền", "tô chức" for "tổ chức");
// Correct puts back the reading that the neighbours make likely.
//
//go:embed syllables.tsv.gz
var syllablesGz []byte

type model struct {
	uni    map[string]float64
	bi     map[string]float64
	byFold map[string][]string // the syllables written alike but for their marks
	total  float64
}

var (
	lmOnce sync.Once
	lm     *model
)

func loadModel() *model {
	lmOnce.Do(func() {
		m := &model{uni: map[string]float64{}, bi: map[string]float64{}, byFold: map[string][]string{}}
		zr, err := gzip.NewReader(bytes.NewReader(syllablesGz))
		if err != nil {
			lm = m
			return
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			key, count, ok := strings.Cut(sc.Text(), "\t")
			n, err := strconv.ParseFloat(count, 64)
			if !ok || err != nil {
				continue
			}
			if strings.Contains(key, " ") {
				m.bi[key] = n
				continue
			}
			m.uni[key] = n
			m.total += n
			f := fold(key)
			m.byFold[f] = append(m.byFold[f], key)
		}
		lm = m
	})
	return lm
}

// fold writes a syllable without its marks: "quyền" and "quyên" fold to
// "quyen". Its transformer is made for each call: a transform.Chain keeps
// state, and pages are read (and corrected) in parallel.
func fold(s string) string {
	unmark := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(unmark, s)
	if err != nil {
		return s
	}
	return strings.ReplaceAll(out, "đ", "d")
}

// keepOwn is how much likelier than another reading the one Tesseract gave
// is taken to be before the neighbours speak.
const keepOwn = 8.0

// Correct replaces, in text read by OCR, each syllable whose marks the
// neighbours on its line make unlikely with the likeliest syllable written
// alike but for its marks. Words with digits, words not written alike to
// any known syllable and the case of each letter are left as they are.
func Correct(text string) string {
	m := loadModel()
	if len(m.uni) == 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = m.correctLine(l)
	}
	return strings.Join(lines, "\n")
}

// token is a run of letters in a line, or what stands between them.
type token struct {
	s      string
	letter bool
}

func (m *model) correctLine(line string) string {
	var toks []token
	for line != "" {
		r, _ := utf8.DecodeRuneInString(line)
		isL := unicode.IsLetter(r)
		end := strings.IndexFunc(line, func(r rune) bool { return unicode.IsLetter(r) != isL })
		if end < 0 {
			end = len(line)
		}
		toks = append(toks, token{line[:end], isL})
		line = line[end:]
	}
	// the neighbours of a word are the words next to it, over spaces only
	neighbour := func(i, step int) string {
		j := i + step
		if j >= 0 && j < len(toks) && !toks[j].letter && strings.TrimSpace(toks[j].s) == "" {
			j += step
		}
		if j >= 0 && j < len(toks) && toks[j].letter && j != i {
			return strings.ToLower(toks[j].s)
		}
		return ""
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.s
	}
	placed := placeRuns(toks, out)
	for i, t := range toks {
		if !t.letter || placed[i] {
			continue
		}
		if titleCase(t.s) && (titleCase(neighbourRaw(toks, i, -1)) || titleCase(neighbourRaw(toks, i, 1))) {
			continue // a run of capitalised words is a name ("Hồ Quốc Dũng"): the laws do not know it
		}
		low := strings.ToLower(t.s)
		cands := m.byFold[fold(low)]
		if len(cands) == 0 || len(cands) == 1 && cands[0] == low {
			continue
		}
		prev, next := neighbour(i, -1), neighbour(i, 1)
		best, bestScore := low, math.Inf(-1)
		for _, c := range cands {
			s := m.score(prev, c, next)
			if c == low {
				s += math.Log(keepOwn)
			}
			if s > bestScore {
				best, bestScore = c, s
			}
		}
		if best != low {
			out[i] = withCase(best, t.s)
		}
	}
	return strings.Join(out, "")
}

// neighbourRaw is the word next to toks[i] over spaces, as written; "" if none.
func neighbourRaw(toks []token, i, step int) string {
	j := i + step
	if j >= 0 && j < len(toks) && !toks[j].letter && strings.TrimSpace(toks[j].s) == "" {
		j += step
	}
	if j >= 0 && j < len(toks) && toks[j].letter {
		return toks[j].s
	}
	return ""
}

// titleCase says whether w is written with a capital then small letters.
func titleCase(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size > 0 && unicode.IsUpper(r) && w[size:] != "" && strings.ToLower(w[size:]) == w[size:]
}

// score is the log-likelihood of w between prev and next (either may be
// ""), with the pairs smoothed towards the syllables' own frequencies.
func (m *model) score(prev, w, next string) float64 {
	const k = 0.5 // weight of the syllable's own frequency against an unseen pair
	pw := (m.uni[w] + 0.1) / m.total
	s := math.Log(pw)
	if prev != "" {
		s += math.Log((m.bi[prev+" "+w]+k*pw*100)/(m.uni[prev]+k*100)) - math.Log(pw)
	}
	if next != "" {
		pn := (m.uni[next] + 0.1) / m.total
		s += math.Log((m.bi[w+" "+next] + k*pn*100) / (m.uni[w] + k*100))
	}
	return s
}

// withCase writes w in the case pattern of like: "QUYỀN", "Quyền", "quyền".
func withCase(w, like string) string {
	if strings.ToUpper(like) == like && strings.ToLower(like) != like {
		return strings.ToUpper(w)
	}
	if r, _ := utf8.DecodeRuneInString(like); unicode.IsUpper(r) {
		first, size := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(first)) + w[size:]
	}
	return w
}
