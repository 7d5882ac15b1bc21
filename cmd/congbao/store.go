package main

import (
	"context"
	"flag"
	"fmt"

	"congbao/gazette/sqlite"
)

// openStore opens the database and originals of the data folder.
func (e *env) openStore(ctx context.Context) (*sqlite.DB, error) {
	return sqlite.Open(ctx, e.dbPath(), e.originalsPath())
}

// storeCommand parses the flags of a subcommand that takes no arguments
// and opens the store; the caller closes it.
func (e *env) storeCommand(ctx context.Context, fs *flag.FlagSet, args []string) (*sqlite.DB, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return e.openStore(ctx)
}
