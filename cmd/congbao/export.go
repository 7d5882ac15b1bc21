package main

import (
	"bufio"
	"context"
	"encoding/json"

	"congbao/gazette"
)

const exportUsage = `usage: congbao export [--data DIR]

Prints every document as one JSON object per line: id, number, type,
type_name, issuer, issuer_name, title, place, issue_date, signer,
signer_title, effective_date, effective_date_basis, gazette {issue, date,
pages}, source {sha256, file, pages}, parts[], articles (count), needs_ocr,
and the state, effect status, completeness and disagreements. Dates are
YYYY-MM-DD; absent fields are null.
`

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", exportUsage)
	e.dataFlag(fs)
	db, err := e.storeCommand(ctx, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	w := bufio.NewWriter(e.stdout)
	enc := json.NewEncoder(w)
	err = db.EachDocument(ctx, false, func(d *gazette.Document) error {
		parts, err := db.Parts(ctx, d.ID)
		if err != nil {
			return err
		}
		arts, err := db.Articles(ctx, d.ID)
		if err != nil {
			return err
		}
		name := ""
		if d.SourceSHA256 != "" {
			if f, err := db.SourceFile(ctx, d.SourceSHA256); err == nil {
				name = f.Name
			}
		}
		x := gazette.NewView(d, parts, len(arts), name)
		return enc.Encode(x)
	})
	if err != nil {
		return err
	}
	return w.Flush()
}
