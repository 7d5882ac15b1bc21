package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"congbao/gazette"
)

const exportUsage = `usage: congbao export

Prints every document as one JSON object per line: id, number, type,
type_name, issuer, issuer_name, title, place, issue_date, signer,
signer_title, effective_date, effective_date_basis, gazette {issue, date,
pages}, source {sha256, file, pages}, parts[], articles (count), needs_ocr,
and the state, effect status, completeness and disagreements. Dates are
YYYY-MM-DD; absent fields are null.
`

// exportDoc is the export line; pointers make absent fields null.
type exportDoc struct {
	ID             int64                  `json:"id"`
	Number         *string                `json:"number"`
	Type           *string                `json:"type"`
	TypeName       *string                `json:"type_name"`
	Issuer         *string                `json:"issuer"`
	IssuerName     *string                `json:"issuer_name"`
	Title          *string                `json:"title"`
	Place          *string                `json:"place"`
	IssueDate      gazette.Date           `json:"issue_date"`
	Signer         *string                `json:"signer"`
	SignerTitle    *string                `json:"signer_title"`
	EffectiveDate  gazette.Date           `json:"effective_date"`
	EffectiveBasis *string                `json:"effective_date_basis"`
	EffectStatus   *string                `json:"effect_status"`
	Gazette        *exportGazette         `json:"gazette"`
	Source         *exportSource          `json:"source"`
	Parts          []gazette.DocPart      `json:"parts"`
	Articles       int                    `json:"articles"`
	NeedsOCR       bool                   `json:"needs_ocr"`
	State          gazette.State          `json:"state"`
	Language       string                 `json:"language"`
	Complete       bool                   `json:"complete"`
	Disagreements  []gazette.Disagreement `json:"disagreements"`
}

type exportGazette struct {
	Issue string       `json:"issue"`
	Date  gazette.Date `json:"date"`
	Pages *string      `json:"pages"`
}

type exportSource struct {
	SHA256 string `json:"sha256"`
	File   string `json:"file"`
	Pages  int    `json:"pages"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", exportUsage)
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
		x := exportDoc{ID: d.ID, Number: nullable(d.Number), Type: nullable(d.Type), TypeName: nullable(d.TypeName),
			Issuer: nullable(d.Issuer), IssuerName: nullable(d.IssuerName), Title: nullable(d.Title), Place: nullable(d.Place),
			IssueDate: d.IssueDate, Signer: nullable(d.Signer), SignerTitle: nullable(d.SignerTitle), EffectiveDate: d.EffectiveDate,
			EffectiveBasis: nullable(d.EffectiveBasis), EffectStatus: nullable(d.EffectStatus), Parts: parts, Articles: len(arts),
			NeedsOCR: d.NeedsOCR, State: d.State, Language: d.Language, Complete: d.Complete, Disagreements: d.Disagreements}
		if x.Parts == nil {
			x.Parts = []gazette.DocPart{}
		}
		if d.Gazette.Issue != "" {
			g := &exportGazette{Issue: d.Gazette.Issue, Date: d.Gazette.Date}
			if d.Gazette.FirstPage > 0 {
				g.Pages = nullable(fmt.Sprintf("%d-%d", d.Gazette.FirstPage, d.Gazette.LastPage))
			}
			x.Gazette = g
		}
		if d.SourceSHA256 != "" {
			src := &exportSource{SHA256: d.SourceSHA256}
			if f, err := db.SourceFile(ctx, d.SourceSHA256); err == nil {
				src.File = f.Name
			}
			for _, p := range parts {
				if p.SourceSHA256 == d.SourceSHA256 && p.PDFLastPage > src.Pages {
					src.Pages = p.PDFLastPage
				}
			}
			x.Source = src
		}
		return enc.Encode(x)
	})
	if err != nil {
		return err
	}
	return w.Flush()
}
