package main

import (
	"bufio"
	"congbao/gazette/number"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

const numberUsage = `usage: congbao number [--json] [--strict] [NUMBER ...]

Parses each NUMBER, or each line of standard input when none is given, as a
Vietnamese document number ("43/2011/ND-CP", "Nghị định số 43/CP", ...) and
prints its canonical form, type, issuer, year and whether it is the number of
a legal normative document, with every repair as a warning. Inputs that are
not document numbers are reported with the reason; the exit status is still 0.
`

// numberResult is the JSON line printed for an accepted input, in the field
// order of the API: year is null when the number has none.
type numberResult struct {
	Input      string   `json:"input"`
	OK         bool     `json:"ok"`
	Canonical  string   `json:"canonical"`
	Type       string   `json:"type"`
	TypeName   string   `json:"type_name"`
	Issuer     string   `json:"issuer"`
	IssuerName string   `json:"issuer_name"`
	Year       *int     `json:"year"`
	Normative  bool     `json:"normative"`
	Family     string   `json:"family"`
	Warnings   []string `json:"warnings"`
}

// numberRejected is the JSON line printed for a rejected input.
type numberRejected struct {
	Input string `json:"input"`
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

func describeNumber(input string, mode number.Mode) any {
	n, err := number.ParseMode(input, mode)
	if err != nil {
		reason := err.Error()
		if pe, ok := err.(*number.ParseError); ok {
			reason = pe.Reason
		}
		return numberRejected{Input: input, Error: reason}
	}
	r := numberResult{Input: input, OK: true, Canonical: n.String(), Type: n.Type, TypeName: n.TypeName(),
		Issuer: n.Issuer(), IssuerName: n.IssuerName(), Normative: n.Normative, Family: string(n.Family),
		Warnings: []string{}}
	if n.Year > 0 {
		y := n.Year
		r.Year = &y
	}
	for _, w := range n.Warnings {
		r.Warnings = append(r.Warnings, w.Message)
	}
	return r
}

func runNumber(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "number", numberUsage)
	asJSON := fs.Bool("json", false, "print one JSON object per input")
	strict := fs.Bool("strict", false, "accept only numbers as printed in Unicode documents (no slugs, file names or legacy fonts)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mode := number.Lenient
	if *strict {
		mode = number.Strict
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	emit := func(input string) error {
		r := describeNumber(input, mode)
		if *asJSON {
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			b = append(b, '\n')
			_, err = out.Write(b)
			return err
		}
		_, err := io.WriteString(out, formatNumber(r))
		return err
	}
	if fs.NArg() > 0 {
		for _, a := range fs.Args() {
			if err := emit(a); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		}
		return flush(out)
	}
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := emit(strings.TrimSuffix(sc.Text(), "\r")); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		flush(out)
		return fmt.Errorf("read standard input: %w", err)
	}
	return flush(out)
}

func flush(w *bufio.Writer) error {
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func formatNumber(v any) string {
	r, ok := v.(numberResult)
	if !ok {
		rej := v.(numberRejected)
		return fmt.Sprintf("%s\trejected: %s\n", rej.Input, rej.Error)
	}
	year := "no year"
	if r.Year != nil {
		year = fmt.Sprint(*r.Year)
	}
	norm := "not normative"
	if r.Normative {
		norm = "normative"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\t%s\t%s (%s)\t%s (%s)\t%s\t%s", r.Input, r.Canonical, r.TypeName, r.Type, r.IssuerName, r.Issuer, year, norm)
	if len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "\twarnings: %s", strings.Join(r.Warnings, "; "))
	}
	b.WriteByte('\n')
	return b.String()
}
