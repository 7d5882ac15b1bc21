package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/law"
	"congbao/gazette/number"
)

const textUsage = `usage: congbao text [--data DIR] [--article N] [--as-of YYYY-MM-DD] [--json] NUMBER

Prints the text of the document with this number as in force at a date
(today by default): the amendments that the documents in the database make
to it and that are in force then are applied, and each changed article is
followed by notes saying what changed it, by which provision, from when.
--article N prints Điều N alone. It says which amending or replacing
documents are cited but not in the database: the text may lack their changes.
`

func runText(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "text", textUsage)
	e.dataFlag(fs)
	article := fs.String("article", "", "print only this article (Điều N)")
	asOfText := fs.String("as-of", "", "the date (YYYY-MM-DD); today when absent")
	asJSON := fs.Bool("json", false, "print what GET /api/v1/documents/{id}/articles/{n} (or the whole text) returns as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want one document number, such as 15/2012/QH13"}
	}
	at := time.Now()
	if *asOfText != "" {
		d, err := gazette.ParseDate(*asOfText)
		if err != nil {
			return usageError{fmt.Sprintf("--as-of %q: want YYYY-MM-DD", *asOfText)}
		}
		at = d.Time
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	num := fs.Arg(0)
	docs, err := db.DocumentsByNumber(ctx, canonicalNumber(num), false)
	if err != nil {
		return err
	}
	var vi []*gazette.Document
	for _, d := range docs {
		if d.Language != "en" {
			vi = append(vi, d)
		}
	}
	switch {
	case len(vi) == 0:
		return fmt.Errorf("no published document %s in the database", num)
	case len(vi) > 1:
		var ids []string
		for _, d := range vi {
			ids = append(ids, fmt.Sprintf("#%d (%s)", d.ID, d.IssueDate))
		}
		return fmt.Errorf("%d documents have the number %s: %s", len(vi), num, strings.Join(ids, ", "))
	}
	d, err := db.DocumentByID(ctx, vi[0].ID)
	if err != nil {
		return err
	}
	ams, err := db.Amendments(ctx, d.Number)
	if err != nil {
		return err
	}
	t := law.TextOf(d, ams, at)
	if *article != "" {
		a, pending, ok := law.Article(t, *article)
		if !ok {
			return fmt.Errorf("%s has no Điều %s", d.Number, *article)
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(map[string]any{"document": d.ID, "number": d.Number, "article": a.Number,
				"as_of": t.AsOf, "text": a.Text, "repealed": a.Repealed, "history": a.History, "pending": pending, "may_lack": t.Cautions})
		}
		printArticle(e, a)
		for _, p := range pending {
			fmt.Fprintf(e.stdout, "   (chưa có hiệu lực) %s: %s theo %s của %s, từ %s\n", p.Provision, p.Action, p.ByProvision, p.By, p.Effective)
		}
	} else {
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(t)
		}
		for _, a := range t.Articles {
			printArticle(e, a)
		}
	}
	for _, c := range t.Cautions {
		fmt.Fprintf(e.stderr, "congbao text: %s\n", c.Note)
	}
	return nil
}

// printArticle writes an article and its notes.
func printArticle(e *env, a gazette.ArticleAt) {
	fmt.Fprint(e.stdout, a.Text)
	if !strings.HasSuffix(a.Text, "\n") {
		fmt.Fprintln(e.stdout)
	}
	for _, h := range a.History {
		line := fmt.Sprintf("   [%s %s theo %s của %s, có hiệu lực từ %s]", h.Provision, h.Action, h.ByProvision, h.By, h.Effective)
		if !h.Applied {
			line += " (not applied: " + h.Note + ")"
		}
		fmt.Fprintln(e.stdout, line)
	}
}

// canonicalNumber is a number as the database keeps it ("15/2012/qh13" is
// "15/2012/QH13"), or as typed when it does not parse.
func canonicalNumber(s string) string {
	if n, err := number.Parse(s); err == nil {
		return n.String()
	}
	return s
}
