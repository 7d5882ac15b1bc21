package measure

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/pdftext"
	"congbao/indexer/pdftext/ocr"
	"congbao/indexer/search"
	"congbao/server"
)

// benchRow is one line of the table.
type benchRow struct {
	Measure, Unit string
	Ours          float64
	Peer          string
	PeerValue     float64
	Better        string // "higher" or "lower"
}

func (r benchRow) ratio() string {
	if r.PeerValue == 0 || r.Ours == 0 {
		return "–"
	}
	if r.Better == "lower" {
		return fmt.Sprintf("%.2f×", r.PeerValue/r.Ours)
	}
	return fmt.Sprintf("%.2f×", r.Ours/r.PeerValue)
}

// BenchConfig is one run of Bench.
type BenchConfig struct {
	Docs   int    // documents in the scaled corpus
	PDFDir string // the real PDFs extraction and ingest run on
	Laws   string // the law texts the corpus is scaled from (JSON Lines, gzip)
	// Exe is the congbao binary, started as "congbao serve" for the memory row.
	Exe string
	// Extractor runs the isolated extraction of the ingest row (its OCR is
	// turned off there: the OCR row measures that, pdftotext reads no picture).
	Extractor pdftext.Isolated
	// ScanFiles are more PDFs whose scanned pages the OCR row reads.
	ScanFiles []string
	// Sample is the folder of the bundled sample, served on a new data
	// folder for the first-search row ("" leaves it out).
	Sample string
	// ConcurrentFor is how long each side of the concurrent search row runs
	// (0: 15 s).
	ConcurrentFor time.Duration
	// OpenData opens the store of a data folder, IndexDir names its index:
	// the layout serve --data expects.
	OpenData func(ctx context.Context, dir string) (*sqlite.DB, error)
	IndexDir func(dir string) string
	Out, Log io.Writer // the table; progress
}

// Bench measures congbao on this machine against its peers and writes the
// table (Markdown) to c.Out.
func Bench(ctx context.Context, c BenchConfig) error {
	work, err := os.MkdirTemp("", "congbao-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	start := time.Now()
	say := func(format string, a ...any) { fmt.Fprintf(c.Log, "bench: "+format+"\n", a...) }
	var rows []benchRow

	// 1. extraction and 2. ingest, on the real PDFs
	files, err := indexer.Files([]string{c.PDFDir})
	if err != nil || len(files) == 0 {
		return fmt.Errorf("bench: PDFs in %s: %v", c.PDFDir, err)
	}
	// Extraction, pdftotext and ingest run three rounds, taking turns (the
	// order reversed each round), and each row reports the median of its
	// rounds: on a shared machine one run of each, a minute apart, measured
	// the same binary at half its speed.
	say("extracting %d PDFs from %s and ingesting them end to end, %d rounds", len(files), c.PDFDir, benchRounds)
	var ourSecs, popSecs, ingSecs []float64
	var ourPages, popPages, ingPages int
	var popErr error
	for r := 0; r < benchRounds; r++ {
		steps := []func() error{
			func() error {
				pages, secs, err := benchExtract(ctx, files)
				ourPages, ourSecs = pages, append(ourSecs, secs)
				return err
			},
			func() error {
				pages, secs, err := benchPdftotext(files)
				popPages, popSecs, popErr = pages, append(popSecs, secs), err
				return nil
			},
			func() error {
				dir := filepath.Join(work, fmt.Sprintf("ingest-%d", r))
				sum, err := benchIngest(ctx, c, dir, files)
				ingPages, ingSecs = sum.Pages, append(ingSecs, sum.Seconds)
				os.RemoveAll(dir)
				return err
			},
		}
		if r%2 == 1 {
			slices.Reverse(steps)
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
	}
	peer, popRate := "pdftotext (poppler)", float64(popPages)/median(popSecs)
	if popErr != nil {
		peer, popRate = "pdftotext: "+popErr.Error(), 0
	}
	say("rounds (s): extraction %.2f, pdftotext %.2f, ingest %.2f", ourSecs, popSecs, ingSecs)
	rows = append(rows, benchRow{"PDF text extraction", "pages/s", float64(ourPages) / median(ourSecs), peer, popRate, "higher"},
		benchRow{"ingest end to end (isolated extraction, SQLite, index)", "pages/s", float64(ingPages) / median(ingSecs), peer + ", text only", popRate, "higher"})

	// OCR of the scanned pages among the PDFs
	if row, err := benchOCR(ctx, append(files, c.ScanFiles...)); err != nil {
		say("OCR row left out: %v", err)
	} else {
		rows = append(rows, row)
	}

	// 3. index build, 4. search, on the scaled corpus stored in SQLite
	say("scaling the law texts to %d documents", c.Docs)
	docs, err := ScaledCorpus(c.Laws, c.Docs)
	if err != nil {
		return err
	}
	data := filepath.Join(work, "data")
	db, err := c.OpenData(ctx, data)
	if err != nil {
		return err
	}
	say("storing them in SQLite")
	if err := db.CreateDocuments(ctx, "bench", StoredDocs(docs)); err != nil {
		db.Close()
		return err
	}
	say("building the search index from SQLite (congbao reindex)")
	ourBuild, reindexRSS, err := benchReindex(ctx, c.Exe, data)
	if err != nil {
		db.Close()
		return err
	}
	fts, ftsBuild, err := BuildFTS5(ctx, work, docs)
	if err != nil {
		db.Close()
		return err
	}
	rows = append(rows, benchRow{fmt.Sprintf("index build from SQLite (congbao reindex), %d documents", len(docs)), "docs/s", float64(len(docs)) / ourBuild.Seconds(),
		"SQLite FTS5 build", float64(len(docs)) / ftsBuild.Seconds(), "higher"},
		benchRow{fmt.Sprintf("peak RSS of congbao reindex, %d documents", len(docs)), "MiB", reindexRSS, "the goal (1 GiB)", 1024, "lower"})
	ix, err := search.Open(c.IndexDir(data))
	if err != nil {
		db.Close()
		fts.Close()
		return err
	}
	say("searching (word, phrase, faceted, number queries, 10 rounds)")
	lat, err := Latencies(ctx, ix, fts, docs, 10)
	if err != nil {
		ix.Close()
		fts.Close()
		db.Close()
		return err
	}
	during := concurrentFor
	if c.ConcurrentFor > 0 {
		during = c.ConcurrentFor
	}
	say("searching from %d clients at once for %s", concurrentClients, during)
	cOurs, cPeer, err := Concurrent(ctx, ix, fts, docs, concurrentClients, during)
	ix.Close()
	fts.Close()
	if err != nil {
		db.Close()
		return err
	}
	rows = append(rows,
		benchRow{fmt.Sprintf("search under %d concurrent clients (p50 %.1f / p99 %.1f ms vs %.1f / %.1f; errors %d vs %d)", concurrentClients,
			Ms(cOurs.P50), Ms(cOurs.P99), Ms(cPeer.P50), Ms(cPeer.P99), cOurs.Errors, cPeer.Errors), "queries/s", cOurs.PerSecond,
			fmt.Sprintf("SQLite FTS5, %d connections", concurrentClients), cPeer.PerSecond, "higher"})
	for _, class := range []string{"word", "phrase", "faceted", "number"} {
		o, f := lat["congbao "+class], lat["fts5 "+class]
		rows = append(rows,
			benchRow{"search p50, " + class, "ms", Ms(Pct(o, 50)), "SQLite FTS5 (BM25)", Ms(Pct(f, 50)), "lower"},
			benchRow{"search p99, " + class, "ms", Ms(Pct(o, 99)), "SQLite FTS5 (BM25)", Ms(Pct(f, 99)), "lower"})
	}

	// 5. resolve, on 10,000 decrees
	say("resolving numbers")
	inproc, overHTTP, bare, err := benchResolve(ctx, filepath.Join(work, "resolve"))
	if err != nil {
		db.Close()
		return err
	}
	rows = append(rows,
		benchRow{"numbers resolved in process", "numbers/s", inproc, "bare Echo handler (constant answer, HTTP)", bare, "higher"},
		benchRow{"numbers resolved over HTTP (1,000 a request)", "numbers/s", overHTTP, "bare Echo handler (constant answer, HTTP)", bare, "higher"})
	db.Close()

	// 6. first search after serve on a new data folder (the bundled sample)
	if c.Sample != "" {
		say("starting congbao serve on a new data folder with the sample of %s", c.Sample)
		first, full, err := benchFirstSearch(ctx, c.Exe, filepath.Join(work, "first"), c.Sample)
		if err != nil {
			return err
		}
		rows = append(rows, benchRow{"first search with hits after serve on a new data folder (sample)", "s", first,
			"the whole sample imported and indexed", full, "lower"})
	}

	// publish to visible: the change feed, search, Atom and a webhook
	say("publishing %d documents on a running serve, timing when each is visible", earlyDocs)
	early, err := benchPublishToVisible(ctx, c.Exe, earlyData(work), c.OpenData)
	if err != nil {
		return err
	}
	for _, surface := range []string{"change feed", "search", "Atom feed", "webhook"} {
		d := early[surface]
		rows = append(rows, benchRow{fmt.Sprintf("publish to visible in the %s, p99 of %d (p50 %.0f ms)", surface, len(d), Ms(Pct(d, 50))),
			"ms", Ms(Pct(d, 99)), "the goal (1 s)", 1000, "lower"})
	}

	// 7. peak RSS of serve holding the corpus
	say("starting congbao serve on the %d documents", len(docs))
	rss, disk, err := benchServeRSS(ctx, c.Exe, data)
	if err != nil {
		return err
	}
	rows = append(rows, benchRow{fmt.Sprintf("peak RSS of serve holding %d documents", len(docs)), "MiB", rss, "its data on disk (database and index)", disk, "lower"})

	w := bufio.NewWriter(c.Out)
	fmt.Fprintf(w, "congbao bench: %s, %d CPUs, %s, %d documents, %s; %.0f s\n\n", runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(),
		runtime.Version(), len(docs), time.Now().UTC().Format("2006-01-02"), time.Since(start).Seconds())
	fmt.Fprintln(w, "| measure | congbao | peer | peer's | ratio (>1: congbao better) |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s %s | %s | %s | %s |\n", r.Measure, num(r.Ours), r.Unit, r.Peer, num(r.PeerValue), r.ratio())
	}
	return w.Flush()
}

func num(v float64) string {
	switch {
	case v == 0:
		return "–"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// benchRounds is how many times the extraction and ingest rows run.
const benchRounds = 3

// median is the middle value of xs (the mean of the two middle ones when
// even); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// benchExtract extracts every file in process, two at a time (as ingest).
func benchExtract(ctx context.Context, files []string) (pages int, secs float64, err error) {
	start := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	jobs := make(chan string)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				data, rerr := os.ReadFile(f)
				if rerr != nil {
					mu.Lock()
					err = rerr
					mu.Unlock()
					continue
				}
				res, _ := pdftext.Extract(ctx, data, pdftext.Options{Workers: 1})
				if res != nil {
					mu.Lock()
					pages += len(res.Pages)
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	return pages, time.Since(start).Seconds(), err
}

// benchPdftotext runs poppler's pdftotext on every file, one at a time.
func benchPdftotext(files []string) (pages int, secs float64, err error) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return 0, 0, fmt.Errorf("not installed (Debian poppler-utils)")
	}
	start := time.Now()
	for _, f := range files {
		out, err := exec.Command("pdftotext", "-q", "-enc", "UTF-8", f, "-").Output()
		if err != nil && len(out) == 0 {
			continue // a file poppler cannot read (the scanned one) counts no pages
		}
		pages += strings.Count(string(out), "\f")
	}
	return pages, time.Since(start).Seconds(), nil
}

// benchIngest runs the real pipeline (isolated extraction) into a new data folder.
func benchIngest(ctx context.Context, c BenchConfig, dir string, files []string) (indexer.Summary, error) {
	db, err := c.OpenData(ctx, dir)
	if err != nil {
		return indexer.Summary{}, err
	}
	defer db.Close()
	ix, err := search.OpenOrBuild(ctx, c.IndexDir(dir), db, func(string) {})
	if err != nil {
		return indexer.Summary{}, err
	}
	defer ix.Close()
	p := &indexer.Pipeline{Store: db, Extractor: c.Extractor, Workers: 2, Actor: "bench", State: gazette.StatePublished, Index: search.Bound{Index: ix, Source: db}}
	defer indexer.BatchGC(indexer.IngestMemorySoft)() // as congbao ingest runs
	return p.Run(ctx, files, nil), nil
}

// benchResolve measures numbers resolved per second in process and over
// HTTP, and the same requests against a bare Echo handler.
func benchResolve(ctx context.Context, dir string) (inproc, overHTTP, bare float64, err error) {
	db, err := sqlite.Open(ctx, filepath.Join(dir, "c.db"), filepath.Join(dir, "o"))
	if err != nil {
		return 0, 0, 0, err
	}
	defer db.Close()
	var ds []*gazette.Document
	for i := 1; i <= 10000; i++ {
		ds = append(ds, &gazette.Document{Number: fmt.Sprintf("%02d/%d/NĐ-CP", i%500+1, 2000+i/500), TypeName: "Nghị định",
			State: gazette.StatePublished, EffectiveDate: gazette.DateOf(2000+i/500, 1, 1), Text: "x"})
	}
	if err := db.CreateDocuments(ctx, "bench", ds); err != nil {
		return 0, 0, 0, err
	}
	nums := make([]string, 1000)
	for i := range nums {
		nums[i] = fmt.Sprintf("%d/%d/nd-cp", i%500+1, 2000+i%20) // typed as people do
	}
	const rounds = 30
	t0 := time.Now()
	for i := 0; i < rounds; i++ {
		if _, err := cite.Resolve(ctx, cite.NumberCitations(nums), db, time.Time{}); err != nil {
			return 0, 0, 0, err
		}
	}
	inproc = float64(rounds*len(nums)) / time.Since(t0).Seconds()
	body, _ := json.Marshal(map[string]any{"numbers": nums})
	post := func(url string) (float64, error) {
		client := &http.Client{}
		t0 := time.Now()
		for i := 0; i < rounds; i++ {
			res, err := client.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				return 0, err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				return 0, fmt.Errorf("POST %s: %d", url, res.StatusCode)
			}
		}
		return float64(rounds*len(nums)) / time.Since(t0).Seconds(), nil
	}
	srv := httptest.NewServer(server.NewWith(db, nil, server.Options{RatePerSecond: 1e6, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()
	if overHTTP, err = post(srv.URL + "/api/v1/resolve"); err != nil {
		return 0, 0, 0, err
	}
	e := echo.New()
	e.POST("/api/v1/resolve", func(c echo.Context) error {
		io.Copy(io.Discard, c.Request().Body)
		return c.JSON(http.StatusOK, map[string]any{"citations": []any{}})
	})
	bareSrv := httptest.NewServer(e)
	defer bareSrv.Close()
	if bare, err = post(bareSrv.URL + "/api/v1/resolve"); err != nil {
		return 0, 0, 0, err
	}
	return inproc, overHTTP, bare, nil
}

// concurrentClients and concurrentFor are the concurrent search row's
// load (BenchConfig.ConcurrentFor changes the time).
const (
	concurrentClients = 32
	concurrentFor     = 15 * time.Second
)

// benchFirstSearch starts congbao serve on a new data folder with the
// sample and returns the seconds to the first search answered with hits,
// and to the first answered without "building" (all imported and indexed).
func benchFirstSearch(ctx context.Context, exe, data, sample string) (first, full float64, err error) {
	start := time.Now()
	addr, _, stop, err := startServe(ctx, exe, data, sample)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		res, err := http.Get("http://" + addr + "/api/v1/search?q=quyen+su+dung+dat")
		if err != nil {
			return 0, 0, err
		}
		var body struct {
			Total    int             `json:"total"`
			Building json.RawMessage `json:"building"`
		}
		derr := json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if res.StatusCode != 200 || derr != nil {
			continue
		}
		if first == 0 && body.Total > 0 {
			first = time.Since(start).Seconds()
		}
		if first > 0 && body.Building == nil {
			return first, time.Since(start).Seconds(), nil
		}
	}
	return 0, 0, fmt.Errorf("serve on a new data folder: no complete search answer in 10 minutes")
}

// startServe starts congbao serve on a data folder and returns its
// address, its process id and how to stop it.
func startServe(ctx context.Context, exe, data, sample string) (addr string, pid int, stop func(), err error) {
	cmd := exec.CommandContext(ctx, exe, "--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", sample, "--rate", "1000000")
	cmd.Env = append(os.Environ(), "CONGBAO_TEST_MAIN=1") // when exe is a test binary
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop = func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	sc := bufio.NewScanner(out)
	re := regexp.MustCompile(`http://(\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, out)
	if addr == "" {
		stop()
		return "", 0, nil, fmt.Errorf("serve did not start")
	}
	return addr, cmd.Process.Pid, stop, nil
}

// benchReindex runs "congbao reindex" on the data folder, as an operator
// does, and returns how long it took and its peak resident set.
func benchReindex(ctx context.Context, exe, data string) (time.Duration, float64, error) {
	cmd := exec.CommandContext(ctx, exe, "--data", data, "reindex")
	cmd.Env = append(os.Environ(), "CONGBAO_TEST_MAIN=1") // when exe is a test binary
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("congbao reindex: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return time.Since(t0), peakMiB(cmd.ProcessState), nil
}

// benchServeRSS starts congbao serve on the data folder, sends it a few
// searches and lookups, and reads its peak resident set (VmHWM).
func benchServeRSS(ctx context.Context, exe, data string) (rssMiB, diskMiB float64, err error) {
	addr, pid, stop, err := startServe(ctx, exe, data, "")
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	for _, q := range []string{"quyền sử dụng đất", "hop dong lao dong", `"bảo hiểm xã hội"`, "thuế thu nhập type:luật"} {
		for i := 0; i < 5; i++ {
			res, err := http.Get("http://" + addr + "/api/v1/search?q=" + strings.ReplaceAll(q, " ", "+"))
			if err != nil {
				return 0, 0, err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("read peak RSS: %w", err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status)
	if m == nil {
		return 0, 0, fmt.Errorf("no VmHWM in /proc status")
	}
	kb, _ := strconv.Atoi(string(m[1]))
	var size int64
	filepath.Walk(data, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			size += info.Size()
		}
		return nil
	})
	return float64(kb) / 1024, float64(size) / (1 << 20), nil
}

// benchOCR reads the scanned pages of files as ingest does (pdftoppm and
// Tesseract, one page per core, tone marks corrected) against the same
// pages rasterised and read by the tesseract command alone, one after the
// other with its default threads.
func benchOCR(ctx context.Context, files []string) (benchRow, error) {
	e, err := ocr.Find()
	if err != nil {
		return benchRow{}, err
	}
	type scan struct {
		path string
		page int
	}
	var scans []scan
	var secs float64
	pages := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return benchRow{}, err
		}
		res, _ := pdftext.Extract(ctx, data, pdftext.Options{})
		if res == nil || len(res.Scans) == 0 {
			continue
		}
		for p := range res.Scans {
			scans = append(scans, scan{f, p})
		}
		t0 := time.Now()
		if err := pdftext.ReadScans(ctx, e, data, res, runtime.GOMAXPROCS(0)); err != nil {
			return benchRow{}, fmt.Errorf("%s: %w", f, err)
		}
		secs += time.Since(t0).Seconds()
		pages += len(res.OCR)
	}
	if pages == 0 {
		return benchRow{}, fmt.Errorf("no scanned page among %d PDFs", len(files))
	}
	dir, err := os.MkdirTemp("", "congbao-bench-ocr-")
	if err != nil {
		return benchRow{}, err
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	for i, s := range scans {
		root := filepath.Join(dir, fmt.Sprint(i))
		p := fmt.Sprint(s.page)
		if err := exec.CommandContext(ctx, e.Pdftoppm, "-q", "-r", fmt.Sprint(e.DPI), "-f", p, "-l", p, "-gray", "-png", "-singlefile", s.path, root).Run(); err != nil {
			return benchRow{}, fmt.Errorf("pdftoppm %s page %d: %w", s.path, s.page, err)
		}
		if err := exec.CommandContext(ctx, e.Tesseract, root+".png", root, "-l", e.Lang).Run(); err != nil {
			return benchRow{}, fmt.Errorf("tesseract %s page %d: %w", s.path, s.page, err)
		}
	}
	peer := time.Since(t0).Seconds()
	return benchRow{fmt.Sprintf("OCR of %d scanned pages at %d dpi (rasterise, read, correct)", pages, e.DPI), "pages/s", float64(pages) / secs,
		"pdftoppm + tesseract CLI, page by page", float64(len(scans)) / peer, "higher"}, nil
}
