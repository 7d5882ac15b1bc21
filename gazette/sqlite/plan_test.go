package sqlite

import (
	"context"
	"strings"
	"testing"
)

// TestLookupPlans holds each lookup by a key to the key's index: SQLite
// without statistics took the index on state for "state = 'published'"
// and read every published document to find one (docs/PERFORMANCE.md).
func TestLookupPlans(t *testing.T) {
	db := openTest(t)
	docs := `SELECT ` + metaColumns + docFrom + ` WHERE `
	for _, c := range []struct{ name, sql, index string }{
		{"by number", docs + whereNumber, "documents_number"},
		{"published by number", docs + whereNumberPublished, "documents_number"},
		{"published by numbers", docs + whereNumbersPublished("?,?,?"), "documents_number"},
		{"published by title", docs + whereTitlePublished, "documents_title_key"},
		{"published by record key", sqlPublishedByRecord, "documents_record_key"},
		{"language versions", sqlVersions("?,?,?"), "documents_number"},
		{"endings of numbers", sqlEndings("?,?,?"), "SEARCH r USING INDEX relations_target_number"},
		{"amendments of numbers", sqlAmendmentsOf("?,?,?"), "SEARCH a USING INDEX amendments_target"},
	} {
		plan := explain(t, db, c.sql)
		if !strings.Contains(plan, "SEARCH d USING INDEX "+c.index) && !strings.Contains(plan, "SEARCH documents USING INDEX "+c.index) &&
			!strings.HasPrefix(plan, c.index) {
			t.Errorf("%s: the plan does not search %s:\n%s", c.name, c.index, plan)
		}
	}
	// what the + prevents (a log, not a failure: a later SQLite may plan better)
	if plan := explain(t, db, docs+strings.Replace(whereNumbersPublished("?,?,?"), "+d.state", "d.state", 1)); !strings.Contains(plan, "documents_number") {
		t.Logf("without the +, a lookup of numbers takes another index:\n%s", plan)
	}
}

// explain returns the lines of SQLite's query plan for q, its parameters
// bound to NULL.
func explain(t *testing.T, db *DB, q string) string {
	t.Helper()
	args := make([]any, strings.Count(q, "?"))
	rows, err := db.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}
