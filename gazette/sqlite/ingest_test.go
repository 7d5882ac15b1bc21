package sqlite

import (
	"context"
	"strings"
	"testing"

	"congbao/gazette"
)

// TestIngestTellsIncomplete: a part continued in a later issue leaves its
// document incomplete, and the ingest says so (the pipeline indexes such a
// document when its last part comes); the continuing part completes it.
func TestIngestTellsIncomplete(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	date := gazette.DateOf(2015, 12, 30)
	sha := func(body string) string {
		src, _, err := db.PutOriginal(ctx, body+".pdf", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return src.SHA256
	}
	first := gazette.IngestInput{SHA256: sha("first"), FileName: "cb-1263.pdf", State: gazette.StatePublished,
		Issue: gazette.Issue{Numbers: "1263 + 1264", Date: date},
		Parts: []gazette.Part{{Text: lawText, FirstPDFPage: 1, LastPDFPage: 1, ContinuedIn: "1265 + 1266"}}}
	st, err := db.Ingest(ctx, "test", first)
	if err != nil || len(st) != 1 || !st[0].Incomplete {
		t.Fatalf("first part: %+v, %v; want one document, incomplete", st, err)
	}
	next := gazette.IngestInput{SHA256: sha("next"), FileName: "cb-1265.pdf", State: gazette.StatePublished,
		Issue: gazette.Issue{Numbers: "1265 + 1266", Date: date},
		Parts: []gazette.Part{{Text: "Điều 2. Đối tượng áp dụng\nLuật này áp dụng đối với mọi người.", FirstPDFPage: 1, LastPDFPage: 1,
			Continues: &gazette.Continuation{Number: "15/2012/QH13", Date: gazette.DateOf(2012, 6, 20), FromIssue: "1263 + 1264"}}}}
	st2, err := db.Ingest(ctx, "test", next)
	if err != nil || len(st2) != 1 || st2[0].ID != st[0].ID || st2[0].Incomplete {
		t.Fatalf("last part: %+v, %v; want document %d, complete", st2, err, st[0].ID)
	}
	if d, err := db.DocumentByID(ctx, st[0].ID); err != nil || !d.Complete {
		t.Fatalf("document after both parts: %+v, %v; want complete", d, err)
	}
}

// TestEachDocumentWithoutText: a walk without texts reads none (the column
// is left out of the query) and still gives every other field.
func TestEachDocumentWithoutText(t *testing.T) {
	if docColumnsNoText == docColumns {
		t.Fatal("docColumnsNoText still reads d.text")
	}
	db := openTest(t)
	ctx := context.Background()
	d := &gazette.Document{Number: "15/2012/QH13", Title: "Luật Xử lý vi phạm hành chính", State: gazette.StatePublished, Text: lawText}
	if err := db.CreateDocuments(ctx, "test", []*gazette.Document{d}); err != nil {
		t.Fatal(err)
	}
	for _, withText := range []bool{false, true} {
		var got []*gazette.Document
		if err := db.EachDocument(ctx, withText, func(d *gazette.Document) error { got = append(got, d); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Number != d.Number || got[0].Title != d.Title || (got[0].Text != "") == !withText {
			t.Errorf("EachDocument(withText %v) = %+v", withText, got)
		}
	}
}
