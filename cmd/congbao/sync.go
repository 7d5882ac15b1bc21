package main

import (
	"congbao/gazette"
	"congbao/indexer"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"congbao/indexer/harvest"
	"congbao/indexer/search"
)

const syncUsage = `usage: congbao sync [--data DIR] (--from URL | --feed URL | --records URL) [--issuer CODE]... [--timeout D] [--json]

Brings documents from another portal into this database.

--from URL pulls the published documents of another congbao (a
ministry's or a province's portal) from its change feed (GET
URL/api/v1/changes): publishes, revisions and withdrawals in order, each
document with its original file (checked by sha256) and its provenance
(the source and its id there). The place reached is stored with each
document, in one transaction: a sync stopped at any point resumes there,
and a sync with nothing new adds nothing. A document this database holds
from elsewhere under the same number, saying something else, becomes a
draft revision for review (congbao publish), never an overwrite. Drafts
never travel: the feed carries only what its portal published. --issuer
takes only the documents of those issuer codes (BTC, UBND, ...;
repeatable).

--feed URL reads a portal's RSS or Atom feed of new documents and issues
(congbao.chinhphu.vn's RSS): the PDF of each item not seen before, found
as an enclosure, a link or on the item's page, is fetched from the feed's
site only and ingested as drafts for review, like an upload.

--records URL imports the vbpl records at URL (JSON Lines, gzip or not,
as congbao import reads): new documents as drafts, news about published
ones as draft revisions, all for review.
`

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runSync(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "sync", syncUsage)
	e.dataFlag(fs)
	from := fs.String("from", "", "base URL of the congbao to follow (http://host:port)")
	feedURL := fs.String("feed", "", "URL of an RSS or Atom feed of new documents")
	recordsURL := fs.String("records", "", "URL of vbpl records (JSON Lines)")
	var issuers stringList
	fs.Var(&issuers, "issuer", "with --from: take only documents of this issuer code (repeatable)")
	timeout := fs.Duration("timeout", 2*time.Minute, "with --feed: deadline for one PDF's extraction")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	given := 0
	for _, v := range []string{*from, *feedURL, *recordsURL} {
		if v != "" {
			given++
		}
	}
	if given != 1 || fs.NArg() > 0 {
		return usageError{"want one of --from, --feed or --records, and no argument\n\n" + syncUsage}
	}
	if len(issuers) > 0 && *from == "" {
		return usageError{"--issuer goes with --from"}
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// each page's documents are indexed as the page is stored (a server
	// holding the index follows the database instead); what a killed run
	// stored and did not index, the next start of the index brings in
	ix, err := openIndex(ctx, e, db)
	switch {
	case errors.Is(err, search.ErrLocked):
		e.say(err.Error() + "; that server indexes what is synced within seconds")
		ix = nil
	case err != nil:
		return err
	default:
		defer ix.Close()
	}
	var stored func(ctx context.Context, ids []int64) error
	if ix != nil {
		stored = func(ctx context.Context, ids []int64) error { return ix.UpdateAll(ctx, db, ids) }
	}
	var src harvest.Source
	switch {
	case *from != "":
		src = &harvest.Feed{Base: *from, Issuers: issuers, Store: db, Actor: "cli:sync", Stored: stored}
	case *recordsURL != "":
		src = &harvest.Records{URL: *recordsURL, Store: db, Actor: "cli:sync", Stored: stored, Decode: indexer.DecodeRecords}
	default:
		iso, err := isolatedExtractor(*timeout)
		if err != nil {
			return err
		}
		iso.Options.Workers = 1
		if note := ocrNote(); note != "" {
			e.say(note)
		}
		var index indexer.Index
		if ix != nil {
			index = search.Bound{Index: ix, Source: db}
		}
		pipe := &indexer.Pipeline{Store: db, Extractor: iso, Workers: 1, Actor: "cli:sync", State: gazette.StateDraft, Index: index}
		src = &harvest.News{URL: *feedURL, Store: db, Submit: ingestHarvested(pipe, "cli:sync "+*feedURL)}
	}
	res, err := src.Harvest(ctx)
	if err != nil {
		return fmt.Errorf("%w (stored so far: %d new, %d updated; the next run resumes there)", err, res.Created, res.Updated)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(e.stdout, "  %s\n", n)
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %d entries in %d pages: %d new documents, %d updated, %d unchanged, %d conflicts waiting for review, %d withdrawn, %d skipped, %d originals fetched, in %s; cursor %s\n",
		src.Instance(), res.Entries, res.Pages, res.Created, res.Updated, res.Unchanged, res.Conflicts, res.Withdrawn, res.Skipped, res.Originals,
		time.Duration(res.Seconds*float64(time.Second)).Round(time.Millisecond), res.Cursor)
	return err
}

// ingestHarvested ingests each PDF a news feed gives, as drafts, and says
// which documents it made (harvest.News.Submit for the command line; serve
// uses its upload queue).
func ingestHarvested(pipe *indexer.Pipeline, actor string) func(ctx context.Context, name string, r io.Reader) (string, error) {
	return func(ctx context.Context, name string, r io.Reader) (string, error) {
		f, err := os.CreateTemp("", "congbao-harvest-*.pdf")
		if err != nil {
			return "", err
		}
		defer os.Remove(f.Name())
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("keep %s: %w", name, err)
		}
		res := pipe.IngestFile(ctx, f.Name(), name, actor, nil)
		switch res.Status {
		case indexer.Failed:
			return "", fmt.Errorf("ingest %s: %s", name, res.Error)
		case indexer.Present:
			if res.Error != "" {
				return fmt.Sprintf("%s was ingested before and failed then: %s", name, res.Error), nil
			}
			return fmt.Sprintf("%s already held (documents %v)", name, res.Documents), nil
		}
		return fmt.Sprintf("%s ingested as drafts for review: documents %v", name, res.Documents), nil
	}
}
