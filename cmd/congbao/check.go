package main

import (
	"context"
	"fmt"

	"congbao/gazette"
	"congbao/indexer/fulltext"
)

const checkUsage = `usage: congbao check

Checks the database (SQLite integrity and foreign keys, every original on
disk with its hash, ingests and parts pointing at documents that exist), then
compares the search index with it: published documents missing from the index
or indexed in an older version, and index entries of documents that are no
longer published. Exits 1 when it finds any problem; "congbao reindex"
repairs the index.
`

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "check", checkUsage)
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
	ix, err := fulltext.Open(e.indexPath())
	if err != nil {
		return err
	}
	defer ix.Close()
	versions, err := ix.Versions(ctx)
	if err != nil {
		return err
	}
	var missing, stale, published int
	err = db.EachDocument(ctx, false, func(d *gazette.Document) error {
		want := fulltext.Entries(d, nil)
		key := fmt.Sprint(d.ID)
		got, ok := versions[key]
		delete(versions, key)
		switch {
		case len(want) == 0:
			if ok {
				stale++
				fmt.Fprintf(e.stdout, "stale: document %d is indexed but not published\n", d.ID)
			}
		case !ok:
			missing++
			fmt.Fprintf(e.stdout, "missing: document %d (%s) is not in the index\n", d.ID, d.Number)
		case got != want[0].Version:
			stale++
			fmt.Fprintf(e.stdout, "stale: document %d indexed at version %s, stored %s\n", d.ID, got, want[0].Version)
		}
		if len(want) > 0 {
			published++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id := range versions {
		stale++
		fmt.Fprintf(e.stdout, "stale: document %s is indexed but not in the database\n", id)
	}
	fmt.Fprintf(e.stdout, "database: %d problems; %d published documents: %d missing from the index, %d stale entries\n", len(problems), published, missing, stale)
	if len(problems) > 0 {
		return fmt.Errorf("the database has %d problems (listed above)", len(problems))
	}
	if missing+stale > 0 {
		return fmt.Errorf("the search index does not match the database; run congbao reindex")
	}
	return nil
}
