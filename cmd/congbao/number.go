package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"congbao/gazette/number"
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
		r := number.Describe(input, mode)
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

func formatNumber(r number.Description) string {
	if !r.OK {
		return fmt.Sprintf("%s\trejected: %s\n", r.Input, r.Error)
	}
	year := "no year"
	if r.Year > 0 {
		year = fmt.Sprint(r.Year)
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
