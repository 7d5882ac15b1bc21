package main

import (
	"context"
	"fmt"
	"time"

	"congbao/gazette/sqlite"
)

const backupUsage = `usage: congbao backup [--data DIR] DEST

Writes a consistent copy of the database and of every original file it
names into the folder DEST (new or empty), while the server may be running.
The search index is not copied: after "congbao restore", run "congbao
reindex". The copies are independent files, readable by the owner alone;
--link hard-links the originals instead when DEST is on the same file
system (no extra space, but the same disk: not a copy that survives it).
`

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "backup", backupUsage)
	e.dataFlag(fs)
	link := fs.Bool("link", false, "hard-link originals on the same file system instead of copying them (not independent copies)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup: want one destination folder"}
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	n, err := db.Backup(ctx, fs.Arg(0), *link)
	if err != nil {
		return err
	}
	how := "independent copies"
	if *link {
		how = "originals hard-linked where on the same file system: not independent of the data folder's disk"
	}
	fmt.Fprintf(e.stdout, "backed up the database and %d originals to %s in %.1fs (%s)\n", n, fs.Arg(0), time.Since(start).Seconds(), how)
	return nil
}

const restoreUsage = `usage: congbao [--data DIR] restore SRC

Copies a backup made by "congbao backup" into the data folder, which must not
hold a database yet; the backup is checked first. Then run "congbao reindex".
`

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "restore", restoreUsage)
	e.dataFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"restore: want one backup folder"}
	}
	n, err := sqlite.Restore(ctx, fs.Arg(0), e.dbPath(), e.originalsPath())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored the database and %d originals into %s; now run: congbao --data %s reindex\n", n, e.dataDir, e.dataDir)
	return nil
}
