package main

import (
	"context"
	"errors"
	"fmt"

	"congbao/indexer/search"
)

const checkUsage = `usage: congbao check [--data DIR]

Checks the database (SQLite integrity and foreign keys, every original on
disk with its hash, ingests and parts pointing at documents that exist), then
compares the search index with it: published documents missing from the index
or indexed in an older version, and index entries of documents that are no
longer published. Exits 1 when it finds any problem; "congbao reindex"
repairs the index. While a server holds the index, only the database is
checked (the server keeps the index in step), and the output says so.
`

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "check", checkUsage)
	e.dataFlag(fs)
	db, err := e.storeCommand(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	problems, err := db.Check(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "database: %s\n", p)
	}
	ix, err := search.Open(e.indexPath())
	if errors.Is(err, search.ErrLocked) {
		// the server holding it keeps it in step with the database itself
		fmt.Fprintf(e.stdout, "database: %d problems; search index not compared: %v\n", len(problems), err)
		if len(problems) > 0 {
			return fmt.Errorf("the database has %d problems (listed above)", len(problems))
		}
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	d, err := search.Compare(ctx, db, ix)
	if err != nil {
		return err
	}
	for _, id := range d.Missing {
		fmt.Fprintf(e.stdout, "missing: published document %d is not in the index\n", id)
	}
	for _, id := range d.Stale {
		fmt.Fprintf(e.stdout, "stale: document %d is indexed at another version, or is not published\n", id)
	}
	for _, id := range d.Gone {
		fmt.Fprintf(e.stdout, "stale: document %s is indexed but not in the database\n", id)
	}
	published, missing, stale := d.Published, len(d.Missing), len(d.Stale)+len(d.Gone)
	fmt.Fprintf(e.stdout, "database: %d problems; %d published documents: %d missing from the index, %d stale entries\n", len(problems), published, missing, stale)
	if len(problems) > 0 {
		return fmt.Errorf("the database has %d problems (listed above)", len(problems))
	}
	if missing+stale > 0 {
		return fmt.Errorf("the search index does not match the database; run congbao reindex")
	}
	return nil
}
