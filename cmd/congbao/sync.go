package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"congbao/indexer/harvest"
	"congbao/indexer/search"
)

const syncUsage = `usage: congbao sync [--data DIR] --from URL [--issuer CODE]... [--json]

Pulls the published documents of another congbao (a ministry's or a
province's portal) from its change feed (GET URL/api/v1/changes) into this
database: publishes, revisions and withdrawals in order, each document with
its original file (checked by sha256) and its provenance (the source and
its id there). The place reached is stored with each document, in one
transaction: a sync stopped at any point resumes there, and a sync with
nothing new adds nothing. A document this database holds from elsewhere
under the same number, saying something else, becomes a draft revision for
review (congbao publish), never an overwrite. Drafts never travel: the feed
carries only what its portal published. --issuer takes only the documents
of those issuer codes (BTC, UBND, ...; repeatable).
`

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runSync(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "sync", syncUsage)
	e.dataFlag(fs)
	from := fs.String("from", "", "base URL of the congbao to follow (http://host:port)")
	var issuers stringList
	fs.Var(&issuers, "issuer", "take only documents of this issuer code (repeatable)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		return usageError{"want --from URL and no argument\n\n" + syncUsage}
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
	feed := &harvest.Feed{Base: *from, Issuers: issuers, Store: db, Actor: "cli:sync"}
	if ix != nil {
		feed.Stored = func(ctx context.Context, ids []int64) error { return ix.UpdateAll(ctx, db, ids) }
	}
	res, err := feed.Sync(ctx)
	if err != nil {
		return fmt.Errorf("%w (stored so far: %d new, %d updated; the next run resumes after entry %s)", err, res.Created, res.Updated, res.Cursor)
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(res)
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %d entries in %d pages: %d new documents, %d updated, %d unchanged, %d conflicts waiting for review, %d withdrawn, %d skipped, %d originals fetched, in %s; cursor %s\n",
		feed.Instance(), res.Entries, res.Pages, res.Created, res.Updated, res.Unchanged, res.Conflicts, res.Withdrawn, res.Skipped, res.Originals,
		time.Duration(res.Seconds*float64(time.Second)).Round(time.Millisecond), res.Cursor)
	return err
}
