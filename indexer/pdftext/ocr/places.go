package ocr

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// places.txt lists the provinces' names, one per line.
//
//go:embed places.txt
var placesTxt string

var (
	placesOnce sync.Once
	places     map[string][]string // folded, lower-case name -> its words as written
)

func loadPlaces() map[string][]string {
	placesOnce.Do(func() {
		places = map[string][]string{}
		seen := map[string]int{}
		for _, l := range strings.Split(placesTxt, "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			key := fold(strings.ToLower(l))
			seen[key]++
			places[key] = strings.Fields(l)
		}
		for k, n := range seen {
			if n > 1 {
				delete(places, k) // names written alike but for their marks: neither is sure
			}
		}
	})
	return places
}

// placeRuns puts back the marks of the provinces' names in a line's tokens:
// a run of two or three capitalised words ("Làm Động", "LÀM ĐỘNG") written
// like a province's name but for its marks is that name, in the run's case.
// It returns the indexes of the tokens it set, which no later correction
// touches.
func placeRuns(toks []token, out []string) map[int]bool {
	set := map[int]bool{}
	names := loadPlaces()
	for i := 0; i < len(toks); i++ {
		if !toks[i].letter || !capitalised(toks[i].s) {
			continue
		}
		for n := 3; n >= 2; n-- {
			idx := []int{i}
			for j := i + 1; len(idx) < n && j+1 < len(toks) && toks[j].s == " " && toks[j+1].letter && capitalised(toks[j+1].s); j += 2 {
				idx = append(idx, j+1)
			}
			if len(idx) < n {
				continue
			}
			words := make([]string, n)
			upper := true
			for k, t := range idx {
				words[k] = toks[t].s
				upper = upper && strings.ToUpper(words[k]) == words[k]
			}
			name, ok := names[fold(strings.ToLower(strings.Join(words, " ")))]
			if !ok {
				continue
			}
			for k, t := range idx {
				w := name[k]
				if upper {
					w = strings.ToUpper(w)
				}
				out[t], set[t] = w, true
			}
			i = idx[n-1]
			break
		}
	}
	return set
}

// capitalised says whether w starts with a capital letter.
func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}
