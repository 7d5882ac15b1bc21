package cite

import (
	"math/rand"
	"strings"
	"testing"

	"congbao/gazette"
)

// hostileTexts are 1 MiB texts built to make citation finding costly:
// 47 s and 26 s before it was bounded (resolve takes 1 MiB of text).
var hostileTexts = map[string]string{
	"numbers":   strings.Repeat("43/2011/NĐ-CP, ", (1<<20)/len("43/2011/NĐ-CP, ")),
	"law leads": strings.Repeat("Luật ", (1<<20)/len("Luật ")),
	"law names": strings.Repeat("Luật Đất đai ", (1<<20)/len("Luật Đất đai ")),
}

// TestFindCitationsBounded: a hostile text yields at most maxCandidates
// citations of a kind, whatever its length.
func TestFindCitationsBounded(t *testing.T) {
	if n := len(FindCitations(hostileTexts["numbers"])); n != maxCandidates {
		t.Errorf("1 MiB of numbers: %d citations, want the first %d", n, maxCandidates)
	}
}

// BenchmarkFindCitationsHostile measures the worst texts resolve accepts.
func BenchmarkFindCitationsHostile(b *testing.B) {
	for name, text := range hostileTexts {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				FindCitations(text)
			}
		})
	}
}

// TestSpanSet: overlaps answers as a scan of every span does.
func TestSpanSet(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		var cs []gazette.Citation
		for i := r.Intn(20); i > 0; i-- {
			s := r.Intn(200)
			cs = append(cs, gazette.Citation{Start: s, End: s + 1 + r.Intn(30)})
		}
		set := newSpanSet(cs)
		for q := 0; q < 50; q++ {
			s := r.Intn(230)
			e := s + 1 + r.Intn(20)
			want := false
			for _, c := range cs {
				want = want || s < c.End && e > c.Start
			}
			if got := set.overlaps(s, e); got != want {
				t.Fatalf("overlaps(%d, %d) over %v = %t, want %t", s, e, cs, got, want)
			}
		}
	}
}
