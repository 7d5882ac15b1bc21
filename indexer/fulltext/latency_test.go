package fulltext

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "modernc.org/sqlite"

	"congbao/gazette"
)

// benchDoc is one document of the scaled corpus.
type benchDoc struct {
	id                string
	number, typ, text string
	year              int
}

// scaledCorpus makes n documents from the real articles of the bundled law
// texts, each copy varied: a number of its own and one sentence in three
// dropped, by a seed that depends on the copy.
func scaledCorpus(tb testing.TB, n int) []benchDoc {
	f, err := os.Open("../../testdata/sample/uts_vlc_laws.jsonl.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	type art struct{ typ, text string }
	var pool []art
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		text := gazette.CleanText(r.Text)
		md := gazette.ExtractMetadata(text)
		for _, a := range md.Articles {
			pool = append(pool, art{md.TypeName, text[a.Start:a.End]})
		}
	}
	docs := make([]benchDoc, n)
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
		docs[i] = benchDoc{id: strconv.Itoa(i + 1), number: fmt.Sprintf("%02d/%d/QH%d", i%1000+1, year, khoaOf(year)), typ: a.typ, text: b.String(), year: year}
	}
	return docs
}

func khoaOf(year int) int {
	for _, t := range gazette.Terms() {
		if year >= t.First && year < t.Last {
			return t.Khoa
		}
	}
	return 15
}

type benchQuery struct {
	class  string
	ours   string // congbao query syntax
	fts    string // FTS5 MATCH
	number string // for number lookups
	typ    string // facet filter
}

func benchQueries(docs []benchDoc) []benchQuery {
	words := []string{"xử phạt vi phạm", "hợp đồng lao động", "quyền sử dụng đất", "thời hiệu khởi kiện", "bảo hiểm xã hội",
		"người chưa thành niên", "thuế thu nhập", "giấy phép kinh doanh", "tài sản chung", "cơ quan điều tra"}
	var qs []benchQuery
	for i, w := range words {
		qs = append(qs, benchQuery{class: "word", ours: w, fts: orWords(w)})
		qs = append(qs, benchQuery{class: "phrase", ours: `"` + w + `"`, fts: `"` + w + `"`})
		qs = append(qs, benchQuery{class: "faceted", ours: w + " type:luật", fts: orWords(w), typ: "Luật"})
		d := docs[(i*7919)%len(docs)]
		qs = append(qs, benchQuery{class: "number", ours: strings.ToLower(gazette.FoldASCII(d.number)), number: d.number})
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

// BenchmarkLatency builds the scaled corpus in Bleve and in SQLite FTS5 and
// reports p50 and p99 per query class for both. CONGBAO_BENCH_DOCS sets the
// size (default 20,000; the figure is for 100,000).
//
//	CONGBAO_BENCH_DOCS=100000 go test ./indexer/fulltext -run x -bench Latency -benchtime 1x -timeout 60m
func BenchmarkLatency(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("CONGBAO_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	docs := scaledCorpus(b, n)
	dir := b.TempDir()
	start := time.Now()
	ix, err := Create(filepath.Join(dir, "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	var batch []Entry
	for _, d := range docs {
		batch = append(batch, Entry{ID: "d:" + d.id, Kind: "document", DocID: d.id, Number: d.number, Type: d.typ, Year: d.year,
			Title: strings.SplitN(d.text, "\n", 2)[0], Text: d.text})
		if len(batch) == 5000 {
			if err := ix.Apply(batch, nil); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := ix.Apply(batch, nil); err != nil {
		b.Fatal(err)
	}
	bleveBuild := time.Since(start)
	start = time.Now()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{`CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, text, tokenize='unicode61 remove_diacritics 2')`,
		`CREATE TABLE d (id TEXT PRIMARY KEY, number TEXT, type TEXT)`, `CREATE INDEX d_number ON d(number)`} {
		if _, err := db.Exec(s); err != nil {
			b.Fatal(err)
		}
	}
	tx, _ := db.Begin()
	for _, d := range docs {
		tx.Exec(`INSERT INTO f (id, text) VALUES (?, ?)`, d.id, d.text)
		tx.Exec(`INSERT INTO d (id, number, type) VALUES (?, ?, ?)`, d.id, d.number, d.typ)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	ftsBuild := time.Since(start)
	ctx := context.Background()
	lat := map[string][]time.Duration{}
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for rep := 0; rep < 5; rep++ {
			for _, q := range benchQueries(docs) {
				t0 := time.Now()
				if _, err := ix.Search(ctx, Request{Query: q.ours, Size: 10, Facets: q.typ != ""}); err != nil {
					b.Fatal(err)
				}
				lat["congbao "+q.class] = append(lat["congbao "+q.class], time.Since(t0))
				t0 = time.Now()
				if err := ftsQuery(db, q); err != nil {
					b.Fatal(err)
				}
				lat["fts5 "+q.class] = append(lat["fts5 "+q.class], time.Since(t0))
			}
		}
	}
	b.StopTimer()
	b.Logf("%d documents; build: bleve %.1fs, fts5 %.1fs", n, bleveBuild.Seconds(), ftsBuild.Seconds())
	for _, class := range []string{"word", "phrase", "faceted", "number"} {
		o, f := lat["congbao "+class], lat["fts5 "+class]
		b.Logf("%-8s congbao p50 %6.2f ms p99 %6.2f ms | fts5 p50 %6.2f ms p99 %6.2f ms", class, ms(pct(o, 50)), ms(pct(o, 99)), ms(pct(f, 50)), ms(pct(f, 99)))
		b.ReportMetric(ms(pct(o, 99)), class+"-p99-ms")
		b.ReportMetric(ms(pct(f, 99)), class+"-fts5-p99-ms")
	}
}

// ftsQuery runs the peer's version of a query: facets as GROUP BY counts.
func ftsQuery(db *sql.DB, q benchQuery) error {
	var rows *sql.Rows
	var err error
	switch {
	case q.number != "":
		rows, err = db.Query(`SELECT id FROM d WHERE number = ?`, q.number)
	case q.typ != "":
		if rows, err = db.Query(`SELECT d.type, count(*) FROM f JOIN d ON d.id = f.id WHERE f MATCH ? GROUP BY d.type`, q.fts); err == nil {
			for rows.Next() {
			}
			rows.Close()
		}
		if err == nil {
			rows, err = db.Query(`SELECT f.id FROM f JOIN d ON d.id = f.id WHERE f MATCH ? AND d.type = ? ORDER BY bm25(f) LIMIT 10`, q.fts, q.typ)
		}
	default:
		rows, err = db.Query(`SELECT id FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 10`, q.fts)
	}
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return rows.Close()
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
