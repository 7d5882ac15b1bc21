package pdftext

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"congbao/indexer/pdftext/ocr"
)

// Isolated runs extractions in a child process, so that no PDF can hang,
// crash or exhaust the memory of the process that asked: a stack overflow
// or an out-of-memory in the library is fatal in Go, and only a process
// boundary stops it. The child is the same binary started with Command
// (cmd/congbao re-executes itself with its hidden "pdftext-worker"
// subcommand); it reads the PDF on standard input and writes one JSON
// workerReply on standard output.
type Isolated struct {
	Command     []string      // argv of the worker
	Timeout     time.Duration // deadline for one file (default 2 minutes)
	MemoryLimit int64         // bytes the worker may use (default 2 GiB)
	Options     Options
	// OCR has the worker read the pictures of scanned pages (ExtractWithOCR)
	// when the first extraction finds any: a second run, whose deadline is
	// Timeout plus OCRPerPage for each page a worker thread reads.
	OCR        bool
	OCRPerPage time.Duration // default 60 s
	// Pool, if set, keeps workers alive between files (see Pool); nil
	// starts a worker for each file.
	Pool *Pool
}

// memory is the worker's limit in bytes.
func (iso Isolated) memory() int64 {
	if iso.MemoryLimit <= 0 {
		return 2 << 30
	}
	return iso.MemoryLimit
}

// workerReply is the worker's answer.
type workerReply struct {
	Result *Result `json:"result,omitempty"`
	Kind   string  `json:"kind,omitempty"` // "" on success, else an error kind name
	Detail string  `json:"detail,omitempty"`
}

var kinds = map[string]error{"not_pdf": ErrNotPDF, "encrypted": ErrEncrypted, "damaged": ErrDamaged, "no_text": ErrNoText, "too_large": ErrTooLarge}

func kindName(err error) string {
	for name, k := range kinds {
		if errors.Is(err, k) {
			return name
		}
	}
	return "damaged"
}

// Extract runs Extract on data in a worker process, then, when iso.OCR is
// set and pages are pictures, ExtractWithOCR in a second one. When OCR
// fails (its deadline, a crash), the text of the first run is kept and the
// failure noted.
func (iso Isolated) Extract(ctx context.Context, data []byte) (*Result, error) {
	res, err := iso.run(ctx, data, false, iso.Timeout)
	if !iso.OCR || res == nil || len(res.Scans) == 0 || ctx.Err() != nil {
		return res, err
	}
	per := iso.OCRPerPage
	if per <= 0 {
		per = time.Minute
	}
	threads := iso.Options.Workers
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	base := iso.Timeout
	if base <= 0 {
		base = 2 * time.Minute
	}
	pages := min(len(res.Scans), MaxOCRPages)
	res2, err2 := iso.run(ctx, data, true, base+per*time.Duration((pages+threads-1)/threads))
	if res2 == nil || ctx.Err() != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		res.Repairs = append(res.Repairs, fmt.Sprintf("the pictures of %s were not read by OCR: %v", count(len(res.Scans), "page", "pages"), err2))
		return res, err
	}
	return res2, err2
}

// run runs one extraction in a worker, with OCR or without.
func (iso Isolated) run(ctx context.Context, data []byte, withOCR bool, timeout time.Duration) (*Result, error) {
	if len(iso.Command) == 0 {
		return nil, errors.New("pdftext: isolated extraction has no worker command")
	}
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	if iso.Pool != nil {
		return iso.Pool.run(ctx, iso, data, withOCR, timeout)
	}
	mem := iso.memory()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, iso.Command[0], iso.Command[1:]...)
	cmd.Env = append(cmd.Environ(), fmt.Sprintf("CONGBAO_PDFTEXT_MEMORY=%d", mem), fmt.Sprintf("CONGBAO_PDFTEXT_WORKERS=%d", iso.Options.Workers))
	if withOCR {
		cmd.Env = append(cmd.Env, "CONGBAO_PDFTEXT_OCR=1")
	}
	cmd.Stdin = bytes.NewReader(data)
	var stdout bytes.Buffer
	stderr := &headBuffer{n: 64 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	cmd.WaitDelay = 5 * time.Second
	dieWithParent(cmd)
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("extraction did not finish within %s", timeout)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, &Error{Kind: ErrDamaged, Detail: "the extractor crashed (" + err.Error() + "): " + lastLine(stderr.String())}
	}
	var reply workerReply
	if err := json.Unmarshal(stdout.Bytes(), &reply); err != nil {
		return nil, &Error{Kind: ErrDamaged, Detail: "the extractor's reply is unreadable: " + err.Error()}
	}
	return reply.result()
}

// RunWorker is the worker's side: it limits its own memory, reads a PDF
// from r and writes the reply to w. With CONGBAO_PDFTEXT_OCR=1 in its
// environment it reads the pictures of scanned pages too; pdftoppm and
// tesseract, its children, inherit its address-space limit. With
// CONGBAO_PDFTEXT_SERVE=1 it serves a Pool: file after file, framed.
func RunWorker(ctx context.Context, r io.Reader, w io.Writer, memoryLimit int64, opt Options) error {
	if memoryLimit > 0 {
		debug.SetMemoryLimit(memoryLimit / 2)
		limitAddressSpace(memoryLimit)
		if os.Getenv("GOGC") == "" {
			// a worker's heap is bounded by the limit above: collect less
			// often (a fifth of the CPU at Go's default of 100)
			debug.SetGCPercent(400)
		}
	}
	if os.Getenv("CONGBAO_PDFTEXT_SERVE") == "1" {
		return serveWorker(ctx, r, w, memoryLimit, opt)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read PDF from standard input: %w", err)
	}
	return json.NewEncoder(w).Encode(extractReply(ctx, data, os.Getenv("CONGBAO_PDFTEXT_OCR") == "1", opt))
}

// extractReply extracts data, with OCR or without, into a worker's reply.
func extractReply(ctx context.Context, data []byte, withOCR bool, opt Options) workerReply {
	var res *Result
	var err error
	if withOCR {
		e, ferr := ocr.Find()
		if ferr != nil {
			return workerReply{Kind: "damaged", Detail: ferr.Error()}
		}
		res, err = ExtractWithOCR(ctx, data, opt, e)
	} else {
		res, err = Extract(ctx, data, opt)
	}
	reply := workerReply{Result: res}
	if err != nil {
		reply.Kind = kindName(err)
		var e *Error
		if errors.As(err, &e) {
			reply.Detail = e.Detail
			if reply.Result == nil {
				reply.Result = e.Partial
			}
		} else {
			reply.Detail = err.Error()
		}
	}
	return reply
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ { // the Go runtime's fatal message is on the first line
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return "no message"
}
