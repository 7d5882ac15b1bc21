package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"congbao/indexer"
)

const importUsage = `usage: congbao import [--data DIR] [--json] FILE...

Imports source records (JSON Lines, gzip when the name ends in .gz): the
vbpl.vn records and the law texts of the shared corpus, vbpl's saved
attribute pages, or generic records with the fields of "congbao export"
plus "key" and "text". What a record states and what we read in its text are
both kept; the document shows the chosen value and lists every disagreement.
A record that names an existing document (same record key, number and year,
or gazette issue for a document without a number) is merged into it. A
record that would change a document published before this run is kept as
that document's draft revision, for review ("congbao publish ID", or the
review page); one that changes nothing writes nothing. A record whose
text is marked as a state secret (MẬT, TỐI MẬT, TUYỆT MẬT) is stored held,
never public. The summary lists both (--json: "waiting").
`

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", importUsage)
	e.dataFlag(fs)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want at least one FILE"}
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	_, statErr := os.Stat(e.indexPath())
	sum, ids, err := importFiles(ctx, e, db, fs.Args())
	if err != nil {
		return err
	}
	if statErr != nil {
		ids = nil // no index yet: openIndex builds it whole
	}
	if err := e.updateIndex(ctx, db, ids); err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(sum)
	}
	_, err = fmt.Fprintf(e.stdout, "%d records: %d new documents, %d merged, %d unchanged, %d revisions of published documents waiting for review, %d held as state secrets, %d failed, %d converted from a legacy font encoding in %.1fs\n",
		sum.Records, sum.Created, sum.Merged, sum.Unchanged, sum.Revisions, sum.Held, sum.Failed, sum.Legacy, sum.Seconds)
	return err
}

// importFiles imports every record of files (indexer.ImportFiles),
// reporting progress, conversions and failures on stderr.
func importFiles(ctx context.Context, e *env, store indexer.RecordStore, files []string) (indexer.ImportSummary, []int64, error) {
	progress, finish := progressBar(e.stderr, -1, "import")
	defer finish()
	return indexer.ImportFiles(ctx, store, "cli:import", files, func(n int) { progress(n, -1) },
		func(msg string) { fmt.Fprintf(e.stderr, "congbao import: %s\n", msg) })
}
