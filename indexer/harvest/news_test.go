package harvest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
)

const realPDF = "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf"

// memCursors is a CursorStore in memory.
type memCursors map[string]string

func (m memCursors) SyncCursor(_ context.Context, instance string) (string, error) {
	return m[instance], nil
}

func (m memCursors) SyncSkip(_ context.Context, instance, cursor string) error {
	m[instance] = cursor
	return nil
}

// submitted records what a News harvest handed on.
type submitted struct{ names, shas []string }

func (s *submitted) submit(_ context.Context, name string, r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	s.names = append(s.names, name)
	s.shas = append(s.shas, hex.EncodeToString(h.Sum(nil)))
	return fmt.Sprintf("upload job %d", len(s.names)), nil
}

// portal serves a feed in the shapes of congbao.chinhphu.vn (NUMBERS.md
// §6.3: document pages /van-ban/<loai>-so-<so>-<nam>-<ky-hieu>-<id>.htm,
// PDFs on a CDN host) on loopback: the portal and its CDN, two servers on
// one host name, and a third site on another name ("localhost").
type portal struct {
	site, cdn, elsewhere *httptest.Server
	pdfSHA               string
	flaky                atomic.Int32 // 503s left for /flaky.pdf
	elsewhereHit         atomic.Int32
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	pdf, err := os.ReadFile(realPDF)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	p := &portal{pdfSHA: hex.EncodeToString(sum[:])}
	p.flaky.Store(1)
	p.cdn = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/2026/04/49-2026-nd-cp.signed.pdf", "/2026/04/enclosed.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		case "/flaky.pdf":
			if p.flaky.Add(-1) >= 0 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Write(pdf)
		case "/not-a.pdf":
			w.Write([]byte("<html>Trang không tồn tại</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.cdn.Close)
	p.elsewhere = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.elsewhereHit.Add(1)
		w.Write(pdf)
	}))
	t.Cleanup(p.elsewhere.Close)
	other := strings.Replace(p.elsewhere.URL, "127.0.0.1", "localhost", 1)
	rss := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Công báo Chính phủ - Văn bản mới</title>
<item><title>Nghị định số 49/2026/NĐ-CP quy định chi tiết Luật ...</title>
  <link>/van-ban/nghi-dinh-so-49-2026-nd-cp-43901.htm</link><guid>43901</guid>
  <pubDate>Wed, 11 Feb 2026 08:00:00 +0700</pubDate></item>
<item><title>Công báo số 425 + 426</title><link>/cong-bao/so-425-426.htm</link><guid>issue-425</guid>
  <enclosure url="` + p.cdn.URL + `/2026/04/enclosed.pdf" type="application/pdf" length="1"/></item>
<item><title>Văn bản trên trang khác</title><link>` + other + `/x.pdf</link><guid>elsewhere</guid></item>
<item><title>Trang không có PDF</title><link>/van-ban/khong-co-pdf-1.htm</link><guid>nopdf</guid></item>
<item><title>Máy chủ bận</title><link>` + p.cdn.URL + `/flaky.pdf</link><guid>flaky</guid></item>
<item><title>Không phải PDF</title><link>` + p.cdn.URL + `/not-a.pdf</link><guid>html</guid></item>
</channel></rss>`
	atom := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Văn bản mới</title>
<entry><id>urn:congbao:43901</id><title>Nghị định số 49/2026/NĐ-CP</title>
  <link rel="alternate" href="/van-ban/nghi-dinh-so-49-2026-nd-cp-43901.htm"/>
  <link rel="enclosure" type="application/pdf" href="` + p.cdn.URL + `/2026/04/49-2026-nd-cp.signed.pdf"/>
  <updated>2026-02-11T08:00:00+07:00</updated></entry>
<entry><id>urn:congbao:43902</id><title>Trang có PDF</title>
  <link href="/van-ban/nghi-dinh-so-49-2026-nd-cp-43901.htm"/></entry>
</feed>`
	p.site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, rss)
		case "/atom.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			io.WriteString(w, atom)
		case "/van-ban/nghi-dinh-so-49-2026-nd-cp-43901.htm":
			fmt.Fprintf(w, `<html><body><h1>Nghị định số 49/2026/NĐ-CP</h1><p>Ban hành: 11/02/2026</p>
<a href="/tai-ve?id=1&amp;x=2">Tải về</a> <a class="pdf" href="%s/2026/04/49-2026-nd-cp.signed.pdf">Văn bản PDF</a></body></html>`, p.cdn.URL)
		case "/van-ban/khong-co-pdf-1.htm":
			io.WriteString(w, `<html><body><a href="/">Trang chủ</a></body></html>`)
		case "/not-a-feed.xml":
			io.WriteString(w, `<html><body>Trang chủ</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.site.Close)
	return p
}

// TestNewsHarvest: an RSS feed whose items lead to PDFs by a page, by an
// enclosure, or not at all: each new PDF is fetched from the feed's site
// (never elsewhere) and submitted once; what failed for a while is taken
// on the next run; a third run takes nothing.
func TestNewsHarvest(t *testing.T) {
	p := newPortal(t)
	cursors := memCursors{}
	var got submitted
	news := &News{URL: p.site.URL + "/rss.xml", Store: cursors, Submit: got.submit}
	res, err := news.Harvest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 6 || res.Created != 2 || res.Skipped != 4 {
		t.Errorf("first run = %+v; want 6 items, 2 submitted, 4 skipped", res)
	}
	if len(got.names) != 2 || got.names[0] != "49-2026-nd-cp.signed.pdf" || got.names[1] != "enclosed.pdf" {
		t.Errorf("submitted %v; want the page's PDF, then the enclosure", got.names)
	}
	for _, sha := range got.shas {
		if sha != p.pdfSHA {
			t.Errorf("submitted bytes of sha256 %s, the portal serves %s", sha, p.pdfSHA)
		}
	}
	for _, want := range []string{"not on the feed's site", "links no PDF", "answered 503", "is not a PDF"} {
		if !strings.Contains(strings.Join(res.Notes, "\n"), want) {
			t.Errorf("notes %q do not say %q", res.Notes, want)
		}
	}
	if n := p.elsewhereHit.Load(); n != 0 {
		t.Errorf("the harvest fetched from another site %d times", n)
	}
	res, err = news.Harvest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Unchanged != 5 || len(got.names) != 3 || got.names[2] != "flaky.pdf" {
		t.Errorf("second run = %+v, submitted %v; want the item that failed (503) taken, the rest seen", res, got.names)
	}
	res, err = news.Harvest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Unchanged != 6 || len(got.names) != 3 {
		t.Errorf("third run = %+v; want nothing new", res)
	}

	// Atom: an enclosure link, or the page's PDF
	var atom submitted
	res, err = (&News{URL: p.site.URL + "/atom.xml", Store: cursors, Submit: atom.submit}).Harvest(context.Background())
	if err != nil || res.Created != 2 || len(atom.names) != 2 {
		t.Errorf("atom = %+v, %v, submitted %v; want both entries' PDFs", res, err, atom.names)
	}
	if _, err := (&News{URL: p.site.URL + "/not-a-feed.xml", Store: cursors, Submit: atom.submit}).Harvest(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "not an RSS or Atom feed") || !strings.Contains(err.Error(), "/not-a-feed.xml") {
		t.Errorf("an HTML page as a feed: %v; want it named and refused", err)
	}
	if _, err := (&News{URL: "file:///etc/passwd", Store: cursors, Submit: atom.submit}).Harvest(context.Background()); err == nil {
		t.Error("a file: URL was harvested")
	}
}

// TestSameSite: a feed's PDFs may sit on a sibling host of its parent
// domain, never on another site.
func TestSameSite(t *testing.T) {
	allow := sameSite(mustURL(t, "https://congbao.chinhphu.vn/rss"))
	for u, want := range map[string]bool{
		"https://congbaocdn.chinhphu.vn/a.pdf":       true,
		"http://congbao.chinhphu.vn:8080/a.pdf":      true,
		"https://datafiles.chinhphu.vn/a.pdf":        true,
		"https://chinhphu.vn.evil.example/a.pdf":     false,
		"https://evilchinhphu.vn/a.pdf":              false,
		"ftp://congbaocdn.chinhphu.vn/a.pdf":         false,
		"https://congbao.bentre.gov.vn/a.pdf":        false,
		"https://169.254.169.254/latest/meta-data/x": false,
	} {
		if got := allow(mustURL(t, u)); got != want {
			t.Errorf("from congbao.chinhphu.vn, %s allowed = %v, want %v", u, got, want)
		}
	}
	if sameSite(mustURL(t, "http://127.0.0.1:9/rss"))(mustURL(t, "http://127.0.0.2/a.pdf")) {
		t.Error("an address has siblings")
	}
}

// TestRecordsHarvest: real vbpl records served over HTTP come in as
// drafts; a second run changes nothing; a record that says something new
// about a published document becomes its draft revision, and the public
// record stays as it was.
func TestRecordsHarvest(t *testing.T) {
	ctx := context.Background()
	lines := sampleRecords(t, 5)
	var body atomic.Value
	body.Store(strings.Join(lines, "\n"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body.Load().(string))
	}))
	defer srv.Close()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, dir+"/congbao.db", dir+"/originals")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var indexed []int64
	src := &Records{URL: srv.URL + "/vbpl.jsonl", Store: db, Actor: "test:harvest", Decode: indexer.DecodeRecords,
		Stored: func(_ context.Context, ids []int64) error { indexed = append(indexed, ids...); return nil }}
	res, err := src.Harvest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 5 || res.Created != 5 || len(indexed) != 5 {
		t.Fatalf("first run = %+v, indexed %v; want 5 new", res, indexed)
	}
	for _, id := range indexed {
		d, err := db.DocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != gazette.StateDraft {
			t.Errorf("harvested document %d (%s) is %s, want a draft for review", id, d.Number, d.State)
		}
	}
	if res, err := src.Harvest(ctx); err != nil || res.Unchanged != 5 || res.Created+res.Updated+res.Conflicts != 0 {
		t.Errorf("second run = %+v, %v; want 5 unchanged", res, err)
	}
	first := indexed[0]
	pub, err := db.Publish(ctx, "test:clerk", first, "")
	if err != nil {
		pub, err = db.Publish(ctx, "test:clerk", first, "reviewed in the test")
	}
	if err != nil {
		t.Fatal(err)
	}
	title := pub.Title
	lines[0] = strings.Replace(lines[0], `"title": "`, `"title": "SỬA: `, 1)
	lines[0] = strings.Replace(lines[0], `"title":"`, `"title":"SỬA: `, 1)
	body.Store(strings.Join(lines, "\n"))
	res, err = src.Harvest(ctx)
	if err != nil || res.Conflicts != 1 {
		t.Fatalf("third run after a change = %+v, %v; want 1 draft revision", res, err)
	}
	if d, _ := db.DocumentByID(ctx, first); d.State != gazette.StatePublished || d.Title != title {
		t.Errorf("the published document changed unreviewed: %s %q (was %q)", d.State, d.Title, title)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "{\"hello\": 1}\n")
	}))
	defer bad.Close()
	if _, err := (&Records{URL: bad.URL + "/x.jsonl", Store: db, Decode: indexer.DecodeRecords}).Harvest(ctx); err == nil ||
		!strings.Contains(err.Error(), bad.URL) || !strings.Contains(err.Error(), "unknown record format") {
		t.Errorf("records of no known format: %v; want refused, naming the URL", err)
	}
}

// sampleRecords reads the first n Vietnamese records of the bundled vbpl
// sample.
func sampleRecords(t *testing.T, n int) []string {
	t.Helper()
	f, err := os.Open("../../testdata/sample/vbpl_documents_2026-04.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	var out []string
	for sc.Scan() && len(out) < n {
		if bytes.Contains(sc.Bytes(), []byte(`"language": "en"`)) || bytes.Contains(sc.Bytes(), []byte(`"language":"en"`)) {
			continue
		}
		out = append(out, sc.Text())
	}
	if len(out) < n {
		t.Fatalf("the sample holds %d records, want %d", len(out), n)
	}
	return out
}
