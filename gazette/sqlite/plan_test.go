package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"congbao/gazette"
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

// BenchmarkDocumentsByNumbers looks up 20 numbers at once, as a document's
// page does for the documents it cites, in a store of 20,000 published
// decrees.
//
//	go test ./gazette/sqlite -run x -bench DocumentsByNumbers
func BenchmarkDocumentsByNumbers(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "congbao.db"), filepath.Join(dir, "originals"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 20000
	docs := make([]*gazette.Document, n)
	for i := range docs {
		docs[i] = decree(fmt.Sprintf("%d/%d/NĐ-CP", i%1000+1, 1995+i/1000), gazette.DateOf(1995+i/1000, 1, 1))
	}
	if err := db.CreateDocuments(ctx, "bench", docs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		numbers := make([]string, 20)
		for j := range numbers {
			numbers[j] = docs[(i*20+j*997)%n].Number
		}
		found, err := db.DocumentsByNumbers(ctx, numbers)
		if err != nil {
			b.Fatal(err)
		}
		if len(found) != len(numbers) {
			b.Fatalf("%d of %d numbers found", len(found), len(numbers))
		}
	}
}
