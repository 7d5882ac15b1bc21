package cite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// Lookup finds published documents by number, many at once, and laws by
// title, and the documents that end one (for its status at a date); the
// store implements it.
type Lookup interface {
	DocumentsByNumbers(ctx context.Context, numbers []string) (map[string][]*gazette.Document, error)
	DocumentsByTitle(ctx context.Context, title string) ([]*gazette.Document, error)
}

// TitleKey folds a title for lookup: no diacritics, lower case, single spaces.
func TitleKey(title string) string {
	return strings.Join(strings.Fields(strings.ToLower(vntext.FoldASCII(title))), " ")
}

// Resolve looks up each citation. A number without a year is narrowed to
// the year of the date the citation gives; several documents left is 300.
// asOf, when set, adds each document's effect status at that date.
func Resolve(ctx context.Context, cits []gazette.Citation, look Lookup, asOf time.Time) ([]gazette.Resolved, error) {
	var numbers []string
	seen := map[string]bool{}
	for _, c := range cits {
		if c.Number != "" && !seen[c.Number] {
			seen[c.Number] = true
			numbers = append(numbers, c.Number)
		}
	}
	found, err := look.DocumentsByNumbers(ctx, numbers)
	if err != nil {
		return nil, err
	}
	out := make([]gazette.Resolved, 0, len(cits))
	for _, c := range cits {
		r := gazette.Resolved{Surface: c.Surface, Span: &gazette.Span{Start: c.Start, End: c.End, RuneStart: c.RuneStart, RuneEnd: c.RuneEnd}, Pinpoint: c.Pinpoint,
			Relation: c.Relation, Warnings: c.Warnings, Documents: []gazette.DocRef{}, Normalized: []string{}}
		switch {
		case c.Malformed != "":
			r.Status, r.Error = 400, c.Malformed
		case c.Self:
			r.Status, r.Error = 404, "refers to the document itself ("+c.Surface+")"
		case c.Number == "":
			docs, err := look.DocumentsByTitle(ctx, c.TypeName+" "+c.Name)
			if err != nil {
				return nil, err
			}
			docs = byYear(docs, c)
			for _, d := range docs {
				r.Documents = append(r.Documents, docRef(d, asOf))
				r.Normalized = append(r.Normalized, d.Number)
			}
			switch len(docs) {
			case 0:
				r.Status, r.Error = 404, "no law titled \""+c.TypeName+" "+c.Name+"\" in the database"
			case 1:
				r.Status = 200
			default:
				r.Status, r.Error = 300, fmt.Sprintf("%d documents are titled %q; a year or a date tells them apart", len(docs), c.TypeName+" "+c.Name)
			}
		default:
			r.Normalized = []string{c.Number}
			docs := narrowByYear(c, originals(found[c.Number]))
			for _, d := range docs {
				r.Documents = append(r.Documents, docRef(d, asOf))
			}
			switch len(docs) {
			case 0:
				r.Status, r.Error = 404, "no document "+c.Number+" in the database"
			case 1:
				r.Status = 200
			default:
				r.Status, r.Error = 300, fmt.Sprintf("%d documents have the number %s; the date or issuer tells them apart", len(docs), c.Number)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// byYear narrows laws found by name to the year the citation gives (its
// "2015" or its date); without one, the newest law of that name is the one
// in force.
func byYear(docs []*gazette.Document, c gazette.Citation) []*gazette.Document {
	year := c.Year
	if year == 0 && !c.Date.IsZero() {
		year = c.Date.Year()
	}
	if year == 0 {
		if len(docs) > 1 {
			return docs[:1] // newest first
		}
		return docs
	}
	var kept []*gazette.Document
	for _, d := range docs {
		if d.IssueDate.Year() == year {
			kept = append(kept, d)
		}
	}
	return kept
}

// originals keeps the Vietnamese documents when there are any: an official
// English translation is the same document, not a second match.
func originals(docs []*gazette.Document) []*gazette.Document {
	var vi []*gazette.Document
	for _, d := range docs {
		if d.Language == "" || d.Language == "vi" {
			vi = append(vi, d)
		}
	}
	if len(vi) == 0 {
		return docs
	}
	return vi
}

// narrowByYear keeps, for a number without a year, the documents of the
// year of the citation's date, when it gives one.
func narrowByYear(c gazette.Citation, docs []*gazette.Document) []*gazette.Document {
	if c.Date.IsZero() || len(docs) < 2 {
		return docs
	}
	if n, err := number.Parse(c.Number); err != nil || n.Year > 0 {
		return docs
	}
	var kept []*gazette.Document
	for _, d := range docs {
		if d.IssueDate.Year() == c.Date.Year() {
			kept = append(kept, d)
		}
	}
	if len(kept) == 0 {
		return docs
	}
	return kept
}

// docRef is a document a citation names, with its status at asOf (or
// today) by the one rule (its timeline). The server adds its address.
func docRef(d *gazette.Document, asOf time.Time) gazette.DocRef {
	at := asOf
	if at.IsZero() {
		at = time.Now()
	}
	e := d.EffectAt(at)
	r := gazette.DocRef{ID: d.ID, Number: d.Number, TypeName: d.TypeName, IssuerName: d.IssuerName, Title: d.Title, IssueDate: d.IssueDate,
		EffectiveDate: d.EffectiveDate, EffectStatus: e.Status, AsOf: e.AsOf, RecordStatus: d.EffectStatus, Cautions: e.Cautions, Gazette: d.Gazette}
	if !asOf.IsZero() {
		r.StatusAsOf = e.Status
	}
	return r
}

// NumberCitations turns a list of numbers into citations to resolve.
func NumberCitations(numbers []string) []gazette.Citation {
	out := make([]gazette.Citation, 0, len(numbers))
	for _, s := range numbers {
		c := gazette.Citation{Surface: s}
		n, err := number.Parse(s)
		if err != nil {
			c.Malformed = err.(*number.ParseError).Reason
		} else {
			c.Number, c.Type, c.TypeName, c.Inferred = n.String(), n.Type, n.TypeName(), n.Inferred
			for _, w := range n.Warnings {
				c.Warnings = append(c.Warnings, w.Message)
			}
		}
		out = append(out, c)
	}
	return out
}
