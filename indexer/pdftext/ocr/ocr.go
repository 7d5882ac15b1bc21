// Package ocr reads the pictures of scanned pages as text: poppler's
// pdftoppm rasterises a page, Tesseract with its Vietnamese model reads
// it (Debian packages poppler-utils, tesseract-ocr, tesseract-ocr-vie).
//
// It runs those programs; it does not bound them itself. Ingest calls it
// inside the isolated extraction worker (indexer/pdftext), whose deadline
// and address-space limit the programs inherit.
package ocr

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// DefaultDPI is the resolution pages are rasterised at: Tesseract's models
// are trained on text of some 30 pixels a line, which a 13-point gazette
// line reaches at 300 dpi (docs/ocr.md gives the accuracy measured at 200
// and 300).
const DefaultDPI = 300

// ErrMissing says that a program OCR needs is not installed.
var ErrMissing = errors.New("OCR is not available")

// Engine names the programs and the model.
type Engine struct {
	Pdftoppm  string // path of poppler's pdftoppm
	Tesseract string // path of tesseract
	Lang      string // Tesseract model: "vie"
	DPI       int
	// Cache, when set, is a folder where what was read of each picture is
	// kept by the picture's SHA-256 (CONGBAO_OCR_CACHE): the tests read
	// the same scans several times.
	Cache string
}

// Page is the text read from the picture of one page.
type Page struct {
	Text       string  `json:"text"`
	Raw        string  `json:"raw,omitempty"` // as Tesseract read it, before Correct
	Confidence float64 `json:"confidence"`    // Tesseract's word confidence, 0..1, averaged over the characters read
	Words      int     `json:"words"`
}

// Find looks for the programs and the Vietnamese model. Its error says
// which Debian packages are missing.
func Find() (Engine, error) {
	e := Engine{Lang: "vie", DPI: DefaultDPI, Cache: os.Getenv("CONGBAO_OCR_CACHE")}
	var missing []string
	var err error
	if e.Pdftoppm, err = exec.LookPath("pdftoppm"); err != nil {
		missing = append(missing, "poppler-utils (pdftoppm)")
	}
	if e.Tesseract, err = exec.LookPath("tesseract"); err != nil {
		missing = append(missing, "tesseract-ocr, tesseract-ocr-vie")
	} else if !hasLang(e.Tesseract, e.Lang) {
		missing = append(missing, "tesseract-ocr-vie (Tesseract's Vietnamese model)")
	}
	if len(missing) > 0 {
		return Engine{}, fmt.Errorf("%w: install the Debian packages %s", ErrMissing, strings.Join(missing, ", "))
	}
	return e, nil
}

func hasLang(tesseract, lang string) bool {
	out, err := exec.Command(tesseract, "--list-langs").CombinedOutput()
	if err != nil {
		return false
	}
	for _, l := range strings.Fields(string(out)) {
		if l == lang {
			return true
		}
	}
	return false
}

// Page rasterises page (1-based) of the PDF file at path and reads it.
func (e Engine) Page(ctx context.Context, path string, page int) (Page, error) {
	dpi := e.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	// the picture comes on pdftoppm's standard output: no file to leave
	// behind when the worker is killed at its deadline
	p := strconv.Itoa(page)
	png, err := e.run(ctx, nil, e.Pdftoppm, "-q", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-gray", "-png", "-singlefile", path)
	if err != nil {
		return Page{}, fmt.Errorf("rasterise page %d of %s: %w", page, path, err)
	}
	return e.Image(ctx, png)
}

// Image reads a picture (PNG bytes).
func (e Engine) Image(ctx context.Context, png []byte) (Page, error) {
	lang := e.Lang
	if lang == "" {
		lang = "vie"
	}
	var cached string
	if e.Cache != "" {
		sum := sha256.Sum256(png)
		cached = filepath.Join(e.Cache, hex.EncodeToString(sum[:])+"."+lang+".json")
		if p, ok := readCached(cached); ok {
			return p, nil
		}
		// one reader per picture: processes and tests reading the same
		// scans at once wait for the first instead of reading it again
		if release, ok := claim(cached + ".lock"); ok {
			defer release()
		} else if p, ok := waitCached(ctx, cached); ok {
			return p, nil
		}
	}
	tsv, err := e.run(ctx, png, e.Tesseract, "stdin", "stdout", "-l", lang, "--psm", "3", "tsv")
	if err != nil {
		return Page{}, fmt.Errorf("tesseract: %w", err)
	}
	p := ParseTSV(tsv)
	p.Raw, p.Text = p.Text, Correct(p.Text)
	if cached != "" {
		if b, err := json.Marshal(p); err == nil {
			if f, err := os.CreateTemp(e.Cache, "page-*.tmp"); err == nil {
				_, werr := f.Write(b)
				if f.Close() == nil && werr == nil {
					os.Rename(f.Name(), cached)
				}
				os.Remove(f.Name())
			}
		}
	}
	return p, nil
}

// run runs a program with one thread of OpenMP (pages run in parallel
// instead) and returns its standard output.
func (e Engine) run(ctx context.Context, stdin []byte, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	stdout := &capped{max: maxOutput}
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if stdout.over {
			return nil, fmt.Errorf("%s: printed more than %d MiB (a page too large to read)", name, maxOutput>>20)
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = msg[:300]
		}
		return nil, fmt.Errorf("%s: %v: %s", name, err, msg)
	}
	return stdout.buf.Bytes(), nil
}

// maxOutput bounds what a tool may print: a page's picture at 300 dpi is a
// few MiB, a poster's tens.
const maxOutput = 256 << 20

// capped keeps what is written to it up to max bytes and refuses the rest.
type capped struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		c.over = true
		return 0, errors.New("output too large")
	}
	return c.buf.Write(p)
}

// ParseTSV turns Tesseract's TSV output into lines of text: words joined
// by spaces in reading order, a line break between lines, a blank line
// between paragraphs. The confidence is that of the words, weighted by
// their length.
func ParseTSV(tsv []byte) Page {
	var out strings.Builder
	var page Page
	var weighted, chars float64
	lastBlock, lastPar, lastLine := -1, -1, -1
	for _, row := range strings.Split(string(tsv), "\n") {
		f := strings.Split(strings.TrimRight(row, "\r"), "\t")
		if len(f) < 12 || f[0] != "5" { // level 5: a word
			continue
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		word := strings.TrimSpace(f[11])
		if err != nil || conf < 0 || word == "" {
			continue
		}
		block, _ := strconv.Atoi(f[2])
		par, _ := strconv.Atoi(f[3])
		line, _ := strconv.Atoi(f[4])
		switch {
		case out.Len() == 0:
		case block != lastBlock || par != lastPar:
			out.WriteString("\n\n")
		case line != lastLine:
			out.WriteByte('\n')
		default:
			out.WriteByte(' ')
		}
		lastBlock, lastPar, lastLine = block, par, line
		out.WriteString(word)
		n := float64(len([]rune(word)))
		weighted += conf / 100 * n
		chars += n
		page.Words++
	}
	page.Text = norm.NFC.String(out.String())
	if chars > 0 {
		page.Confidence = math.Round(weighted/chars*1000) / 1000
	}
	return page
}

// readCached reads a cached page.
func readCached(path string) (Page, bool) {
	var p Page
	b, err := os.ReadFile(path)
	return p, err == nil && json.Unmarshal(b, &p) == nil
}

// claim takes the lock file of a cached page; a lock older than 10
// minutes (its process died) is taken over.
func claim(lock string) (release func(), ok bool) {
	if fi, err := os.Stat(lock); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
		os.Remove(lock)
	}
	f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, false
	}
	f.Close()
	return func() { os.Remove(lock) }, true
}

// waitCached waits while another reader holds the picture's lock, and
// returns what it cached (false: read it yourself).
func waitCached(ctx context.Context, path string) (Page, bool) {
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(50 * time.Millisecond) {
		if p, ok := readCached(path); ok {
			return p, true
		}
		if _, err := os.Stat(path + ".lock"); err != nil {
			return readCached(path) // released: cached, or failed (then read it here)
		}
	}
	return Page{}, false
}
