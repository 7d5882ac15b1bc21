package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
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
	// step is the line of the plan that reads the key's index; ordered
	// lists must also read in their order, without sorting what they read
	for _, c := range []struct {
		name, sql, step string
		ordered         bool
	}{
		{"by number", docs + whereNumber, "SEARCH d USING INDEX documents_number", false},
		{"published by number", docs + whereNumberPublished, "SEARCH d USING INDEX documents_number", false},
		{"published by numbers", docs + whereNumbersPublished("?,?,?"), "SEARCH d USING INDEX documents_number", false},
		{"published by title", docs + whereTitlePublished, "SEARCH d USING INDEX documents_title_key", false},
		{"published by record key", sqlPublishedByRecord, "SEARCH documents USING INDEX documents_record_key", false},
		{"language versions", sqlVersions("?,?,?"), "SEARCH documents USING INDEX documents_number", false},
		{"endings of numbers", sqlEndings("?,?,?"), "SEARCH r USING INDEX relations_target_number", false},
		{"amendments of numbers", sqlAmendmentsOf("?,?,?"), "SEARCH a USING INDEX amendments_target", false},
		{"an issue's documents", docs + whereIssuePublished, "SEARCH d USING INDEX documents_gazette_issue", true},
		{"documents newest first", docs + wherePublished, "SEARCH d USING INDEX documents_published", true},
		{"documents of a type newest first", docs + wherePublishedOfType, "SEARCH d USING INDEX documents_published_type", true},
		{"issues newest first", sqlIssues, "SCAN g USING INDEX gazette_issues_date", true},
	} {
		plan := explain(t, db, c.sql)
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(c.step) + `( \(|$)`).MatchString(plan) {
			t.Errorf("%s: no step %q in the plan:\n%s", c.name, c.step, plan)
		}
		if c.ordered && strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: the plan sorts what it reads instead of reading in order:\n%s", c.name, plan)
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

// TestLists checks what the lists read in index order return: documents
// newest published first, and issues newest first with their published
// documents counted, by type, an issue holding only drafts left out.
func TestLists(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	in := func(d *gazette.Document, issue string, date gazette.Date, state gazette.State) *gazette.Document {
		d.Gazette = gazette.Placement{Issue: issue, Date: date, FirstPage: 1, LastPage: 2}
		d.State = state
		return d
	}
	d2011 := gazette.DateOf(2011, 6, 13)
	docs := []*gazette.Document{
		in(decree("43/2011/NĐ-CP", d2011), "449 + 450", d2011, gazette.StatePublished),
		in(decree("44/2011/NĐ-CP", d2011), "449 + 450", d2011, gazette.StatePublished),
		in(decree("10/2012/TT-BTC", gazette.DateOf(2012, 1, 5)), "12 + 13", gazette.DateOf(2012, 1, 5), gazette.StatePublished),
		in(decree("5/2013/NĐ-CP", gazette.DateOf(2013, 2, 1)), "500", gazette.DateOf(2013, 2, 1), gazette.StateDraft),
	}
	for _, d := range docs {
		if err := db.CreateDocument(ctx, "clerk:an", d); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := db.Published(ctx, "", "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub) != 2 || pub[0].Number != "10/2012/TT-BTC" || pub[1].Number != "44/2011/NĐ-CP" {
		t.Errorf("Published(2) = %v, want the two published last, newest first", numbersOf(pub))
	}
	if pub, _ := db.Published(ctx, "NĐ", "", 10); len(pub) != 2 || pub[0].Number != "44/2011/NĐ-CP" {
		t.Errorf("Published(NĐ) = %v, want the two published decrees", numbersOf(pub))
	}
	type got struct {
		issue string
		n     int
	}
	issues := func(typ string, limit int) []got {
		is, err := db.GazetteIssues(ctx, typ, "", limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []got
		for _, i := range is {
			out = append(out, got{i.Issue, i.Documents})
		}
		return out
	}
	if g := issues("", 10); fmt.Sprint(g) != "[{12 + 13 1} {449 + 450 2}]" {
		t.Errorf("GazetteIssues = %v, want [{12 + 13 1} {449 + 450 2}] (the drafts' issue left out)", g)
	}
	if g := issues("NĐ", 10); fmt.Sprint(g) != "[{449 + 450 2}]" {
		t.Errorf("GazetteIssues(NĐ) = %v, want [{449 + 450 2}]", g)
	}
	if g := issues("", 1); fmt.Sprint(g) != "[{12 + 13 1}]" {
		t.Errorf("GazetteIssues(limit 1) = %v, want [{12 + 13 1}]", g)
	}
	all, err := db.GazetteIssues(ctx, "", "", 10)
	if err != nil || len(all) != 2 {
		t.Fatalf("GazetteIssues = %v, %v", all, err)
	}
	_, in449, err := db.GazetteIssue(ctx, all[1].ID)
	if err != nil || fmt.Sprint(numbersOf(in449)) != "[43/2011/NĐ-CP 44/2011/NĐ-CP]" {
		t.Errorf("GazetteIssue(449 + 450) = %v, %v; want its two documents", numbersOf(in449), err)
	}
}

func numbersOf(docs []*gazette.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Number)
	}
	return out
}
