// Package measure measures congbao against its peers: speed and memory
// (Bench: a corpus scaled from the real law texts, the query mix, against
// pdftotext, SQLite FTS5 and a bare Echo handler) and search quality (Eval:
// recall, MRR, nDCG on a question set, against SQLite FTS5). `congbao
// bench`, `congbao eval` and the package benchmarks use it.
package measure

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the FTS5 peer

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/read"
	"congbao/gazette/vntext"
	"congbao/indexer/search"
)

// Doc is one document of the scaled corpus.
type Doc struct {
	ID, Number, Type, Text string
	Year                   int
}

// ScaledCorpus makes n documents from the real articles of the law texts
// in lawsPath (JSON Lines, gzip), each copy after the first round varied:
// a number of its own and one sentence in three dropped, by a seed that
// depends on the copy.
func ScaledCorpus(lawsPath string, n int) ([]Doc, error) {
	f, err := os.Open(lawsPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lawsPath, err)
	}
	type art struct{ typ, text string }
	var pool []art
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", lawsPath, err)
		}
		text := vntext.CleanText(r.Text)
		md := read.ExtractMetadata(text)
		for _, a := range md.Articles {
			pool = append(pool, art{md.TypeName, text[a.Start:a.End]})
		}
	}
	if len(pool) == 0 {
		return nil, fmt.Errorf("%s: no articles", lawsPath)
	}
	docs := make([]Doc, n)
	for i := range docs {
		a := pool[i%len(pool)]
		rng := rand.New(rand.NewSource(int64(i)))
		sentences := strings.SplitAfter(a.text, ". ")
		var b strings.Builder
		for j, s := range sentences {
			if i >= len(pool) && j > 0 && rng.Intn(3) == 0 {
				continue
			}
			b.WriteString(s)
		}
		year := 1995 + i%31
		docs[i] = Doc{ID: strconv.Itoa(i + 1), Number: fmt.Sprintf("%02d/%d/QH%d", i%1000+1, year, khoaOf(year)), Type: a.typ, Text: b.String(), Year: year}
	}
	return docs, nil
}

func khoaOf(year int) int {
	for _, t := range number.Terms() {
		if year >= t.First && year < t.Last {
			return t.Khoa
		}
	}
	return 15
}

// Query is one query of the mix, in congbao's syntax and in the peer's.
type Query struct {
	Class  string // word, phrase, faceted, number
	Ours   string // congbao query syntax
	FTS    string // FTS5 MATCH
	Number string // for number lookups
	Type   string // facet filter
}

// Queries is the mix: ten topics as words, as phrases, with a type facet,
// and ten numbers.
func Queries(docs []Doc) []Query {
	words := []string{"xử phạt vi phạm", "hợp đồng lao động", "quyền sử dụng đất", "thời hiệu khởi kiện", "bảo hiểm xã hội",
		"người chưa thành niên", "thuế thu nhập", "giấy phép kinh doanh", "tài sản chung", "cơ quan điều tra"}
	var qs []Query
	for i, w := range words {
		qs = append(qs, Query{Class: "word", Ours: w, FTS: orWords(w)})
		qs = append(qs, Query{Class: "phrase", Ours: `"` + w + `"`, FTS: `"` + w + `"`})
		qs = append(qs, Query{Class: "faceted", Ours: w + " type:luật", FTS: orWords(w), Type: "Luật"})
		d := docs[(i*7919)%len(docs)]
		qs = append(qs, Query{Class: "number", Ours: strings.ToLower(vntext.FoldASCII(d.Number)), Number: d.Number})
	}
	return qs
}

func orWords(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range f {
		f[i] = `"` + f[i] + `"`
	}
	return strings.Join(f, " OR ")
}

// BuildBleve indexes docs as document entries into a new index at path
// and compacts it.
func BuildBleve(path string, docs []Doc) (*search.Index, time.Duration, error) {
	start := time.Now()
	ix, err := search.Create(path)
	if err != nil {
		return nil, 0, err
	}
	var batch []search.Entry
	for _, d := range docs {
		batch = append(batch, search.Entry{ID: "d:" + d.ID, Kind: "document", DocID: d.ID, Number: d.Number, Type: d.Type, Year: d.Year,
			Title: strings.SplitN(d.Text, "\n", 2)[0], Text: d.Text})
		if len(batch) == 5000 {
			if err := ix.Apply(batch, nil); err != nil {
				ix.Close()
				return nil, 0, err
			}
			batch = batch[:0]
		}
	}
	if err := ix.Apply(batch, nil); err != nil {
		ix.Close()
		return nil, 0, err
	}
	if err := ix.Compact(context.Background()); err != nil { // as reindex does
		ix.Close()
		return nil, 0, err
	}
	return ix, time.Since(start), nil
}

// Latencies runs the query mix reps times on both and returns the
// latencies by "congbao CLASS" and "fts5 CLASS". Each query runs on both,
// one right after the other, and who goes first alternates by round: the
// second runs with caches the first has just disturbed.
func Latencies(ctx context.Context, ix *search.Index, fts *FTS5, docs []Doc, reps int) (map[string][]time.Duration, error) {
	lat := map[string][]time.Duration{}
	ours := func(q Query) error {
		t0 := time.Now()
		if _, err := ix.Search(ctx, gazette.SearchRequest{Query: q.Ours, Size: 10, Facets: q.Type != ""}); err != nil {
			return fmt.Errorf("congbao %q: %w", q.Ours, err)
		}
		lat["congbao "+q.Class] = append(lat["congbao "+q.Class], time.Since(t0))
		return nil
	}
	peer := func(q Query) error {
		t0 := time.Now()
		if err := fts.Query(q); err != nil {
			return fmt.Errorf("fts5 %q: %w", q.FTS, err)
		}
		lat["fts5 "+q.Class] = append(lat["fts5 "+q.Class], time.Since(t0))
		return nil
	}
	for rep := 0; rep < reps; rep++ {
		first, second := ours, peer
		if rep%2 == 1 {
			first, second = peer, ours
		}
		for _, q := range Queries(docs) {
			if err := first(q); err != nil {
				return nil, err
			}
			if err := second(q); err != nil {
				return nil, err
			}
		}
	}
	return lat, nil
}

// Pct is the p-th percentile of d by nearest rank: the smallest value
// that at least p% of d do not exceed (p99 of 100 values is the 99th).
func Pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := (len(s)*p + 99) / 100 // ceil(p/100 × n)
	return s[max(0, min(len(s), rank)-1)]
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// StoredDocs are the scaled corpus as published documents, to store in
// SQLite (the bench's index build and serve rows read them from there).
func StoredDocs(docs []Doc) []*gazette.Document {
	stored := make([]*gazette.Document, len(docs))
	for i, d := range docs {
		stored[i] = &gazette.Document{Number: d.Number, NumberPrinted: d.Number, Type: "QH_ACT", TypeName: d.Type, Issuer: "QH",
			IssuerName: "Quốc hội", Title: strings.SplitN(d.Text, "\n", 2)[0], IssueDate: gazette.DateOf(d.Year, 1, 1),
			EffectiveDate: gazette.DateOf(d.Year, 7, 1), State: gazette.StatePublished, Text: d.Text}
	}
	return stored
}
