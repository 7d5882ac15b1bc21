// Package pdftext turns PDF bytes into the text of each page.
//
// It reads PDFs with github.com/ledongthuc/pdf but builds page text itself
// from the library's parsing pieces: it interprets each page's content
// streams (and the Form XObjects they draw), places every glyph with the
// text and graphics matrices and the font's widths, groups glyphs into lines
// by baseline, orders them left to right, puts spaces where the gaps are,
// keeps line breaks and returns NFC text.
//
// Untrusted input is bounded: the page-tree walk has a node and depth
// budget and never follows /Parent, each page has an operation budget and
// its own recover, and damaged files the library refuses (bytes before the
// header, a PDF-2.0 header, trailing garbage, a wrong startxref or a missing
// xref table) are repaired in memory first. Worker runs an extraction in a
// child process with a deadline and a memory limit (see isolate.go).
package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ledongthuc/pdf"

	"congbao/indexer/pdftext/repair"
)

// Error kinds; an *Error wraps one of them.
var (
	ErrNotPDF    = errors.New("not a PDF")
	ErrEncrypted = errors.New("encrypted with an unsupported scheme")
	ErrDamaged   = errors.New("damaged PDF")
	ErrNoText    = errors.New("no text layer (image-only pages: needs OCR)")
	ErrTooLarge  = errors.New("too large")
)

// Error is an extraction failure of one kind, with a detail and whatever
// text could be recovered.
type Error struct {
	Kind    error
	Detail  string
	Partial *Result // pages recovered before or despite the failure; may be nil
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Kind.Error()
	}
	return e.Kind.Error() + ": " + e.Detail
}

// Unwrap lets errors.Is find the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Result is the text of a PDF.
type Result struct {
	Pages      []string       `json:"pages"`                 // text of page i+1
	PageErrors map[int]string `json:"page_errors,omitempty"` // 1-based page -> why it failed
	Repairs    []string       `json:"repairs,omitempty"`     // what was repaired to read the file
	// Scans are the pages drawn as a picture with little visible text,
	// which need OCR: 1-based page -> the text that shows on it (a
	// running header), without an invisible text layer another program's
	// OCR may have left (Pages keeps that layer).
	Scans map[int]string `json:"scans,omitempty"`
	// OCR lists the pages whose text was read from their picture (ApplyOCR).
	OCR []OCRPage `json:"ocr,omitempty"`
	// Signatures are the file's digital signatures, in the order they were
	// made, read for files with scanned pages (ExtractWithOCR): their
	// signing time dates a scan whose date was written in by hand.
	Signatures []repair.Signature `json:"signatures,omitempty"`
}

// Options bound the work.
type Options struct {
	MaxPages  int // pages read at most (default 20,000)
	MaxNodes  int // page-tree nodes visited at most (default 4 × MaxPages)
	PageOps   int // content-stream operations per page (default 20,000,000)
	Workers   int // pages extracted in parallel (default GOMAXPROCS)
	MinPerPag int // bytes of text per page drawn by the page content below which the file has no text layer (default 40)
	// MaxPageText is the most text kept of one page (default 256 KiB; a
	// dense printed page holds about 10 KiB): the rest is cut, and noted.
	MaxPageText int
	// MaxText is the most text of a whole file (default 16 MiB, some
	// 1,600 dense pages): past it the file is refused as ErrTooLarge, so
	// that a small file drawing endless text cannot fill the server.
	MaxText int
}

func (o *Options) defaults() {
	if o.MaxPages <= 0 {
		o.MaxPages = 20000
	}
	if o.MaxNodes <= 0 {
		o.MaxNodes = 4 * o.MaxPages
	}
	if o.PageOps <= 0 {
		o.PageOps = 20_000_000
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MinPerPag <= 0 {
		o.MinPerPag = 40
	}
	if o.MaxPageText <= 0 {
		o.MaxPageText = 256 << 10
	}
	if o.MaxText <= 0 {
		o.MaxText = 16 << 20
	}
}

// Extract returns the text of every page of the PDF in data.
func Extract(ctx context.Context, data []byte, opt Options) (*Result, error) {
	opt.defaults()
	r, repairs, fixed, err := open(data)
	if err != nil {
		return nil, err
	}
	res, err := extractFrom(ctx, r, repairs, opt)
	damaged, noText := errors.Is(err, ErrDamaged), errors.Is(err, ErrNoText)
	if !damaged && !noText || ctx.Err() != nil {
		return res, err
	}
	base := slices.DeleteFunc(slices.Clone(repairs), func(r string) bool { return strings.HasPrefix(r, "xref table rebuilt") })
	rebuilds := []func([]byte) ([]byte, bool){repair.RebuildXref, repair.RebuildMerged}
	try := func(data []byte, note string, ways []func([]byte) ([]byte, bool)) {
		for _, rebuild := range ways {
			again, ok := rebuild(data)
			if !ok {
				continue
			}
			r2, err2 := newReader(again)
			if err2 != nil {
				continue
			}
			res2, e2 := extractFrom(ctx, r2, append(slices.Clone(base), note), opt)
			if better(res2, e2, res, err) {
				res, err = res2, e2
			}
		}
	}
	// A wrong xref table (a flipped digit, a damaged xref stream) makes intact
	// objects unreadable: read them where they stand, as poppler does, and
	// keep whichever reading recovers more.
	if damaged {
		try(fixed, "xref table rebuilt ("+err.Error()+")", rebuilds)
	}
	// A wrong /Length cuts a stream short (a page without text, a content
	// stream that breaks off): end each stream at its "endstream".
	if lengths, n := repair.FixStreamLengths(fixed); n > 0 && ctx.Err() == nil {
		try(lengths, fmt.Sprintf("%s repaired (/Length wrong or missing)", count(n, "stream", "streams")), rebuilds[1:])
	}
	return res, err
}

// better says whether the first reading recovered more than the second:
// more pages read, else more text.
func better(res *Result, err error, than *Result, thanErr error) bool {
	p, t := recovered(res, err)
	p2, t2 := recovered(than, thanErr)
	return p > p2 || p == p2 && t > t2
}

// recovered counts the pages an extraction read and the bytes of their text.
func recovered(res *Result, err error) (pages, text int) {
	if res == nil {
		var e *Error
		if !errors.As(err, &e) || e.Partial == nil {
			return 0, 0
		}
		res = e.Partial
	}
	for _, p := range res.Pages {
		text += len(strings.TrimSpace(p))
	}
	return len(res.Pages) - len(res.PageErrors), text
}

// extractFrom reads the pages of an opened file.
func extractFrom(ctx context.Context, r *pdf.Reader, repairs []string, opt Options) (*Result, error) {
	pages, err := walkPages(r, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Pages: make([]string, len(pages)), Repairs: repairs}
	body := 0
	scans := map[int]string{}
	errs, damage, cut, over := extractPages(ctx, pages, res.Pages, &body, scans, opt)
	if len(scans) > 0 {
		res.Scans = scans
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if over > 0 {
		return nil, &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("the file draws more than %d MiB of text (past page %d of %d): refused, as no printed gazette holds that much", opt.MaxText>>20, over, len(pages))}
	}
	if len(cut) > 0 {
		res.Repairs = append(res.Repairs, fmt.Sprintf("%s cut at %d KiB of text (page %d first)", count(len(cut), "page", "pages"), opt.MaxPageText>>10, slices.Min(cut)))
	}
	if len(errs) > 0 {
		res.PageErrors = errs
		first := slices.Min(slices.Collect(maps.Keys(errs)))
		if len(errs) == len(pages) {
			return nil, &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("no page could be read (page %d: %s)", first, errs[first]), Partial: res}
		}
		detail := fmt.Sprintf("%d of %d pages could not be read (page %d: %s)", len(errs), len(pages), first, errs[first])
		return res, &Error{Kind: ErrDamaged, Detail: strings.Join(append([]string{detail}, damage...), "; "), Partial: res}
	}
	if len(damage) > 0 { // every page read, some in part or with a damaged font
		return res, &Error{Kind: ErrDamaged, Detail: strings.Join(damage, "; "), Partial: res}
	}
	if body < opt.MinPerPag*len(pages) && (len(scans) > 0 || body == 0) {
		// little visible text and pictures of pages: a scan (a short
		// born-digital text with no picture is a text, however short)
		return res, &Error{Kind: ErrNoText, Detail: fmt.Sprintf("the page content draws %d bytes of visible text on %d pages, %d of them pictures", body, len(pages), len(scans)), Partial: res}
	}
	return res, nil
}

// extractPages runs the pages through Workers goroutines; each has its own
// font cache. A page that yields nothing (a panic before any text, the
// budget) is recorded in the returned map and left empty; a page read in
// part, or past damaged objects, keeps its text and is described in the
// returned notes. A page's text is cut at MaxPageText (cut lists those
// pages); past MaxText in all, over is the page where it went over, and
// the pages left are not read.
func extractPages(ctx context.Context, pages []pageRef, out []string, body *int, scans map[int]string, opt Options) (errs map[int]string, notes []string, cut []int, over int) {
	var mu sync.Mutex
	total := 0
	errs = map[int]string{}
	partial := map[int]string{} // pages whose content broke off after some text
	skipped := map[int]int{}    // damaged fonts, forms and annotations passed over, by page
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(opt.Workers, max(len(pages), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fonts := map[string]*font{}
			var glyphs []glyph // reused from page to page: a page draws thousands
			for i := range next {
				if pages[i].broken != "" {
					mu.Lock()
					errs[i+1] = pages[i].broken
					mu.Unlock()
					continue
				}
				var page pageOut
				var err error
				page, glyphs, err = pageText(pages[i], fonts, glyphs, opt.PageOps)
				if err != nil && page.text == "" {
					mu.Lock()
					errs[i+1] = err.Error()
					mu.Unlock()
					fonts = map[string]*font{} // a failed page may leave a font half-read
					continue
				}
				text := page.text
				if len(text) > opt.MaxPageText {
					text = strings.ToValidUTF8(text[:opt.MaxPageText], "")
				}
				mu.Lock()
				if len(text) < len(page.text) {
					cut = append(cut, i+1)
				}
				total += len(text)
				if total > opt.MaxText && over == 0 {
					over = i + 1
				}
				if over == 0 {
					out[i] = text
				}
				*body += page.body
				if page.scan {
					scans[i+1] = page.visible
				}
				if err != nil {
					partial[i+1] = err.Error()
				}
				if page.skipped > 0 {
					skipped[i+1] = page.skipped
				}
				mu.Unlock()
			}
		}()
	}
	for i := range pages {
		mu.Lock()
		stop := over > 0
		mu.Unlock()
		if ctx.Err() != nil || stop {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return errs, damageNotes(partial, skipped), cut, over
}

// count writes "1 page", "3 pages".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// damageNotes says which pages were read in part and how many damaged
// objects were passed over, naming a few pages.
func damageNotes(partial map[int]string, skipped map[int]int) []string {
	var notes []string
	if len(partial) > 0 {
		first := slices.Sorted(maps.Keys(partial))
		notes = append(notes, fmt.Sprintf("%s read up to a damaged content stream (page %d: %s)", count(len(partial), "page", "pages"), first[0], partial[first[0]]))
	}
	if len(skipped) > 0 {
		n := 0
		for _, k := range skipped {
			n += k
		}
		first := slices.Sorted(maps.Keys(skipped))
		notes = append(notes, fmt.Sprintf("%s passed over on %s (first on page %d)", count(n, "damaged font, form or annotation", "damaged fonts, forms or annotations"), count(len(skipped), "page", "pages"), first[0]))
	}
	return notes
}

// pageText interprets one page; it recovers the library's panics.
// pageOut is a page's text and how many bytes of it the page content drew
// (annotations such as an e-signature stamp do not make a text layer).
type pageOut struct {
	text    string
	body    int
	skipped int    // damaged fonts, forms and annotations passed over
	scan    bool   // the page is a picture with little visible text: it needs OCR
	visible string // of a scan, the text that shows (a running header), without any invisible OCR layer
}

// Scan thresholds: a page is a scan when one image covers scanImage of it
// and its visible text is under scanText bytes (a Công báo extract whose
// body is a picture keeps a running header of some 40 bytes as text).
const (
	scanImage = 0.3
	scanText  = 200
)

// pageArea is the area of a MediaBox in square points; A4 when it is
// missing or unreadable.
func pageArea(box pdf.Value) (area float64) {
	defer func() {
		if recover() != nil || area <= 0 {
			area = 595 * 842
		}
	}()
	if box.Len() != 4 {
		return 0
	}
	return math.Abs((box.Index(2).Float64() - box.Index(0).Float64()) * (box.Index(3).Float64() - box.Index(1).Float64()))
}

// pageText interprets one page. A content stream that breaks off (a
// corrupt Flate stream, a parse error) ends the page with the text drawn so
// far and an error; the budget error discards the page. The page's glyphs
// are placed in buf, returned (emptied) for the next page.
func pageText(p pageRef, fonts map[string]*font, buf []glyph, budget int) (out pageOut, next []glyph, err error) {
	in := &interp{g: gstate{ctm: identity, tm: identity, tlm: identity, th: 1}, fonts: fonts, budget: budget, glyphs: buf[:0]}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
			out = pageOut{skipped: in.skipped}
			if r != errBudget && in.body() > 0 {
				out.text, out.body = layout(in.glyphs), in.body()
			}
			next = in.glyphs[:0]
		}
	}()
	contents := p.v.Key("Contents")
	in.run(contents, p.resources)
	body := in.body()
	in.annotations(p.v)
	out = pageOut{text: layout(in.glyphs), body: body, skipped: in.skipped}
	if in.image >= scanImage*pageArea(p.box) && body < scanText {
		out.scan, out.visible = true, out.text
		if in.hidden > 0 {
			out.visible = in.visible()
		}
	}
	return out, in.glyphs[:0], nil
}

// open reads the PDF, repairing in memory what poppler tolerates and the
// library does not; it returns the repaired bytes too (before any xref
// rebuild, which Extract may try again another way).
func open(data []byte) (*pdf.Reader, []string, []byte, error) {
	i := bytes.Index(data[:min(len(data), 4096)], []byte("%PDF-"))
	if i < 0 {
		return nil, nil, nil, &Error{Kind: ErrNotPDF, Detail: "no %PDF- header in the first 4 KiB"}
	}
	var repairs []string
	if i > 0 {
		repairs = append(repairs, fmt.Sprintf("skipped %d bytes before the header", i))
		data = data[i:]
	}
	if len(data) < 16 {
		return nil, nil, nil, &Error{Kind: ErrDamaged, Detail: "file ends after the header"}
	}
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) || data[7] < '0' || data[7] > '7' || (data[8] != '\r' && data[8] != '\n') {
		// overwrite in place: xref offsets must not move
		fixed := append([]byte(nil), data...)
		copy(fixed, "%PDF-1.7")
		if fixed[8] != '\r' && fixed[8] != '\n' {
			fixed[8] = '\n'
		}
		repairs = append(repairs, fmt.Sprintf("header %q read as %%PDF-1.7", firstLine(data)))
		data = fixed
	}
	if j := bytes.LastIndex(data, []byte("%%EOF")); j >= 0 && len(data)-(j+5) > 2 {
		repairs = append(repairs, fmt.Sprintf("ignored %d bytes after %%%%EOF", len(data)-(j+5)))
		data = append(data[:j+5:j+5], '\n')
	}
	if repair.Encrypted(data) {
		// decrypted here whatever the scheme, when the empty user password
		// opens it; otherwise the library's decryption (or refusal) below
		if plain, err := repair.Decrypt(data); err == nil {
			repairs = append(repairs, "decrypted (it opens without a password)")
			data = plain
		}
	}
	if merged, ok := repair.MergeXref(data); ok {
		repairs = append(repairs, "hybrid-reference xref sections merged (/XRefStm)")
		data = merged
	}
	r, err := newReader(data)
	if err != nil {
		if isEncryptionError(err) {
			return nil, nil, nil, &Error{Kind: ErrEncrypted, Detail: err.Error()}
		}
		fixed, ok := repair.RebuildXref(data)
		if !ok {
			return nil, nil, nil, &Error{Kind: ErrDamaged, Detail: err.Error()}
		}
		r2, err2 := newReader(fixed)
		if err2 != nil && !isEncryptionError(err2) {
			if plain, ok := repair.RebuildMerged(data); ok { // the last xref stream itself is damaged
				if r3, err3 := newReader(plain); err3 == nil {
					fixed, r2, err2 = plain, r3, nil
				}
			}
		}
		if err2 != nil {
			if isEncryptionError(err2) {
				return nil, nil, nil, &Error{Kind: ErrEncrypted, Detail: err2.Error()}
			}
			return nil, nil, nil, &Error{Kind: ErrDamaged, Detail: err.Error() + "; rebuilding the xref table did not help: " + err2.Error()}
		}
		repairs = append(repairs, "xref table rebuilt ("+err.Error()+")")
		r = r2
	}
	if err := checkEncryption(r); err != nil {
		return nil, nil, nil, err
	}
	return r, repairs, data, nil
}

func newReader(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, fmt.Errorf("%v", x)
		}
	}()
	return pdf.NewReader(bytes.NewReader(data), int64(len(data)))
}

func isEncryptionError(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "encrypt") || strings.Contains(s, "password")
}

// checkEncryption refuses what decrypt could not open and the library
// decrypts wrongly or not at all: RC4 with a 40-bit key (V 1, R 2) and
// anything past AES-128.
func checkEncryption(r *pdf.Reader) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("encryption dictionary: %v", x)}
		}
	}()
	enc := r.Trailer().Key("Encrypt")
	if enc.IsNull() {
		return nil
	}
	v, rev := enc.Key("V").Int64(), enc.Key("R").Int64()
	switch {
	case v == 1 || rev == 2:
		return &Error{Kind: ErrEncrypted, Detail: "RC4 with a 40-bit key (V 1, R 2)"}
	case v >= 5 || rev >= 5:
		return &Error{Kind: ErrEncrypted, Detail: fmt.Sprintf("AES-256 (V %d, R %d)", v, rev)}
	case enc.Key("Filter").Name() != "Standard":
		return &Error{Kind: ErrEncrypted, Detail: "security handler " + enc.Key("Filter").Name()}
	}
	return nil
}

func firstLine(b []byte) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 && i < 40 {
		return string(b[:i])
	}
	return string(b[:min(len(b), 12)])
}
