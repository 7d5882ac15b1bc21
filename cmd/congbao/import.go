package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"congbao/gazette"
	"congbao/indexer"
)

const importUsage = `usage: congbao import [--json] FILE...

Imports source records (JSON Lines, gzip when the name ends in .gz): the
vbpl.vn records and the law texts of the shared corpus, vbpl's saved
attribute pages, or generic records with the fields of "congbao export"
plus "key" and "text". What a record states and what we read in its text are
both kept; the document shows the chosen value and lists every disagreement.
A record that names an existing document (same record key, number and year,
or gazette issue for a document without a number) is merged into it.
`

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", importUsage)
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
	ix, err := openIndex(ctx, e, db) // built from the store when absent
	if err != nil {
		return err
	}
	defer ix.Close()
	if statErr == nil { // an existing index: update what changed
		for len(ids) > 0 {
			n := min(len(ids), 500)
			if err := ix.Update(ctx, db, ids[:n]); err != nil {
				return fmt.Errorf("update search index: %w", err)
			}
			ids = ids[n:]
		}
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(sum)
	}
	_, err = fmt.Fprintf(e.stdout, "%d records: %d new documents, %d merged, %d failed, %d converted from a legacy font encoding in %.1fs\n",
		sum.Records, sum.Created, sum.Merged, sum.Failed, sum.Legacy, sum.Seconds)
	return err
}

// importFiles imports every record of files, reporting failures on stderr.
func importFiles(ctx context.Context, e *env, store indexer.RecordStore, files []string) (indexer.ImportSummary, []int64, error) {
	start := time.Now()
	var sum indexer.ImportSummary
	var ids []int64
	progress, finish := progressBar(e.stderr, -1, "import")
	defer finish()
	for _, f := range files {
		err := indexer.ReadRecords(f, func(rec gazette.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			sum.Records++
			progress(sum.Records, -1)
			if text, enc := gazette.DecodeLegacy(rec.Text); enc != gazette.Unicode {
				rec.Text = text
				sum.Legacy++
				fmt.Fprintf(e.stderr, "congbao import: %s: record %s: text typed in the %s legacy font encoding, converted to Unicode\n", f, rec.Key, enc)
			}
			id, created, err := store.ImportRecord(ctx, "cli:import", rec)
			if err == nil {
				ids = append(ids, id)
			}
			switch {
			case err != nil:
				sum.Failed++
				fmt.Fprintf(e.stderr, "congbao import: %s: %v\n", f, err)
			case created:
				sum.Created++
			default:
				sum.Merged++
			}
			return nil
		})
		if err != nil {
			return sum, ids, err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, ids, nil
}
