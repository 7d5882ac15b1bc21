package main

import (
	"context"
	"fmt"
	"strconv"
)

const publishUsage = `usage: congbao publish [--data DIR] [--override REASON] ID...

Publishes drafts by id, as the review page's "Công bố" does: a draft
revision is published into the document it revises. A document marked as
a state secret is never published; one with blockers (no number, a part
missing, a check not resolved) only with --override and a reason, which
the audit log keeps. The search index is brought up to date.
`

func runPublish(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "publish", publishUsage)
	e.dataFlag(fs)
	override := fs.String("override", "", "the reason to publish over the blockers (kept in the audit log)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"publish: give the ids of the drafts to publish\n\n" + publishUsage}
	}
	var ids []int64
	for _, a := range fs.Args() {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("publish: %q is not a document id", a)}
		}
		ids = append(ids, id)
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var published []int64
	var failed error
	for _, id := range ids {
		d, err := db.Publish(ctx, "cli:publish", id, *override)
		if err != nil {
			fmt.Fprintf(e.stderr, "congbao publish: %v\n", err)
			failed = fmt.Errorf("%d of %d documents not published", len(ids)-len(published), len(ids))
			continue
		}
		published = append(published, d.ID)
		fmt.Fprintf(e.stdout, "published %d as document %d (%s)\n", id, d.ID, d.Number)
	}
	if len(published) > 0 {
		if err := e.updateIndex(ctx, db, published); err != nil {
			return err
		}
	}
	return failed
}
