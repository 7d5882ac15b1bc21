package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/pdftext"
	"congbao/indexer/search"
)

const ingestUsage = `usage: congbao ingest [--data DIR] [--json] [--draft] [--workers N] [--in-process] [--timeout D] PATH...

Ingests PDF files and folders (walked for *.pdf): each original is stored
(content-addressed by SHA-256) before anything is derived from it, its text
is extracted in a child process with a deadline and a memory limit, gazette
issues are split into documents, a document continued across issues is
joined whatever order the files come in, and each file is committed in one
transaction. The same bytes twice add nothing. Prints a result per file
(added, present, failed with the reason), the checks a clerk should look at
in the documents it added (a header that contradicts its own number, an
effective date before the issue date) and a summary; with --json, one JSON
object per file and a final {"summary": ...}.
`

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", ingestUsage)
	e.dataFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per file and a summary object")
	draft := fs.Bool("draft", false, "keep new documents as drafts for a clerk to review (default: published)")
	workers := fs.Int("workers", 2, "files extracted in parallel")
	timeout := fs.Duration("timeout", 2*time.Minute, "deadline for one file's extraction")
	inProcess := fs.Bool("in-process", false, "extract in this process (trusted files only; faster)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want at least one PATH"}
	}
	files, err := indexer.Files(fs.Args())
	if err != nil {
		return err
	}
	defer indexer.BatchGC(indexer.IngestMemorySoft)()
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var ex indexer.Extractor = indexer.ExtractFunc(func(ctx context.Context, data []byte) (*pdftext.Result, error) {
		return extractInProcess(ctx, data, pdftext.Options{Workers: 1})
	})
	if note := ocrNote(); note != "" {
		fmt.Fprintf(e.stderr, "congbao ingest: %s\n", note)
	}
	if !*inProcess {
		iso, err := pooledExtractor(*timeout)
		if err != nil {
			return err
		}
		defer iso.Pool.Close()
		iso.Options.Workers = 1
		ex = iso
	}
	state := gazette.StatePublished
	if *draft {
		state = gazette.StateDraft
	}
	var index indexer.Index
	switch ix, err := openIndex(ctx, e, db); {
	case errors.Is(err, search.ErrLocked):
		// a server holds it: it follows the database and indexes what this run stores
		fmt.Fprintf(e.stderr, "congbao ingest: %v; that server indexes what is stored here within seconds\n", err)
	case err != nil:
		return err
	default:
		defer ix.Close()
		index = search.Bound{Index: ix, Source: db}
	}
	progress, finish := progressBar(e.stderr, len(files), "ingest")
	p := &indexer.Pipeline{Store: db, Extractor: ex, Workers: *workers, Actor: "cli:ingest", State: state, Progress: progress,
		Index: index}
	enc := json.NewEncoder(e.stdout)
	sum := p.Run(ctx, files, func(r indexer.FileResult) {
		var checks []string
		if r.Status == indexer.Added {
			checks = documentChecks(ctx, db, r.Documents)
		}
		if *asJSON {
			enc.Encode(struct {
				indexer.FileResult
				Checks []string `json:"checks,omitempty"`
			}{r, checks})
			return
		}
		switch {
		case r.Status == indexer.Failed:
			fmt.Fprintf(e.stdout, "failed   %s: %s\n", r.Path, r.Error)
		case r.NeedsOCR:
			fmt.Fprintf(e.stdout, "%-8s %s: no text layer, stored as needing OCR\n", r.Status, r.Path)
		default:
			fmt.Fprintf(e.stdout, "%-8s %s (%d pages)\n", r.Status, r.Path, r.Pages)
		}
		for _, line := range documentLines(ctx, db, r.Documents) {
			fmt.Fprintf(e.stdout, "         %s\n", line)
		}
		for _, rp := range r.Repairs {
			if rp = plainRepair(rp); rp != "" {
				fmt.Fprintf(e.stdout, "         repaired: %s\n", rp)
			}
		}
		for _, c := range checks {
			fmt.Fprintf(e.stdout, "         check: %s\n", c)
		}
	})
	finish()
	if *asJSON {
		return enc.Encode(map[string]any{"summary": sum})
	}
	_, err = fmt.Fprintf(e.stdout, "%d files: %d added, %d already present, %d failed; %d pages, %d documents in %.1fs\n",
		sum.Files, sum.Added, sum.Present, sum.Failed, sum.Pages, sum.Documents, sum.Seconds)
	return err
}

// documentChecks lists the checks of the documents a file touched, each
// prefixed with its document: "#12 97/2025/QĐ-UBND: the header says ...".
// A read error is itself reported as a line: the file is stored either way.
func documentChecks(ctx context.Context, db interface {
	DocumentsMeta(context.Context, []int64) ([]*gazette.Document, error)
}, ids []int64) []string {
	docs, err := db.DocumentsMeta(ctx, ids)
	if err != nil {
		return []string{"could not read the checks: " + err.Error()}
	}
	var out []string
	for _, d := range docs {
		if d.Extracted == nil {
			continue
		}
		for _, c := range d.Extracted.Checks {
			out = append(out, fmt.Sprintf("#%d %s: %s", d.ID, d.Number, c.Message))
		}
	}
	return out
}

// documentLines names each document of a file as a clerk knows it: by
// type, number and title, with its id and state for the review page.
func documentLines(ctx context.Context, db *sqlite.DB, ids []int64) []string {
	docs, err := db.DocumentsMeta(ctx, ids)
	if err != nil {
		return []string{fmt.Sprintf("documents %v (not read back: %v)", ids, err)}
	}
	var out []string
	for _, d := range docs {
		name := strings.TrimSpace(d.TypeName + " " + d.Number)
		if d.Number == "" {
			name = "a document without a number yet"
		}
		title := []rune(strings.Join(strings.Fields(d.Title), " "))
		if len(title) > 90 {
			title = append(title[:89], '…')
		}
		line := name
		if len(title) > 0 {
			line += ": " + string(title)
		}
		out = append(out, fmt.Sprintf("%s (#%d, %s)", line, d.ID, d.State))
	}
	return out
}

// plainRepairs say what the PDF repairs mean for the reader of the file.
var plainRepairs = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`^skipped (\d+) bytes before the header$`), "the file had $1 bytes of something else before the PDF began; they were skipped"},
	{regexp.MustCompile(`^header (.+) read as %PDF-1.7$`), "the PDF's first line ($1) was damaged; it was read as a PDF 1.7"},
	{regexp.MustCompile(`^ignored (\d+) bytes after %%EOF$`), "$1 bytes after the end of the PDF were ignored"},
	{regexp.MustCompile(`^decrypted \(it opens without a password\)$`), "the file was encrypted, but opens without a password: it was decrypted to be read"},
	{regexp.MustCompile(`^hybrid-reference xref sections merged.*`), ""}, // a valid form of PDF: nothing a reader must know
	{regexp.MustCompile(`^xref table rebuilt \((.*)\)$`), "the file's table of contents of objects was damaged ($1); it was rebuilt by reading the whole file"},
}

// plainRepair is a repair in plain words (as it is when it has none).
func plainRepair(r string) string {
	for _, p := range plainRepairs {
		if p.re.MatchString(r) {
			return p.re.ReplaceAllString(r, p.repl)
		}
	}
	return r
}
