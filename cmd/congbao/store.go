package main

import (
	"context"

	"congbao/gazette/sqlite"
)

// openStore opens the database and originals of the data folder.
func (e *env) openStore(ctx context.Context) (*sqlite.DB, error) {
	return sqlite.Open(ctx, e.dbPath(), e.originalsPath())
}
