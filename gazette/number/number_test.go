package number

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// numbersFiles are the case tables in the format of docs/rules.md §4:
// input, canonical, type_code, issuer_code, year, normative, note.
// -numbers adds another file of the same format (the held-out set).
var extraNumbers = flag.String("numbers", "", "extra numbers.tsv file to check")

type numberCase struct {
	file, line                                           string
	input, canonical, typ, issuer, year, normative, note string
}

func loadNumberCases(t *testing.T) []numberCase {
	t.Helper()
	files := []string{filepath.Join("..", "..", "testdata", "numbers.tsv")}
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "spec", "numbers.tsv")); err == nil {
		files = append(files, filepath.Join("..", "..", "..", "shared", "spec", "numbers.tsv"))
	}
	if *extraNumbers != "" {
		files = append(files, *extraNumbers)
	}
	var cases []numberCase
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
		sc := bufio.NewScanner(f)
		for ln := 1; sc.Scan(); ln++ {
			if ln == 1 {
				continue // header
			}
			c := strings.Split(sc.Text(), "\t")
			for len(c) < 7 {
				c = append(c, "")
			}
			cases = append(cases, numberCase{name, strconv.Itoa(ln), c[0], c[1], c[2], c[3], c[4], c[5], c[6]})
		}
		f.Close()
	}
	if len(cases) < 150 {
		t.Fatalf("only %d number cases loaded", len(cases))
	}
	return cases
}

func TestParseNumberTable(t *testing.T) {
	for _, c := range loadNumberCases(t) {
		modeOnly := strings.Contains(c.note, "lenient mode only") || strings.Contains(c.note, "legacy mode only") ||
			strings.HasSuffix(c.note, "- lenient")
		n, err := Parse(c.input)
		where := c.file + ":" + c.line
		if c.normative == "reject" {
			if err == nil {
				t.Errorf("%s: Parse(%q) = %v, want rejection (%s)", where, c.input, n, c.note)
			} else if pe, ok := err.(*ParseError); !ok || pe.Reason == "" || pe.Input != c.input {
				t.Errorf("%s: Parse(%q) error %v is not a *ParseError with a reason", where, c.input, err)
			}
			if _, err := ParseMode(c.input, Strict); err == nil {
				t.Errorf("%s: ParseMode(%q, Strict) accepted, want rejection", where, c.input)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: Parse(%q) error %v, want %s", where, c.input, err, c.canonical)
			continue
		}
		checkNumber(t, where, c, n)
		sn, serr := ParseMode(c.input, Strict)
		switch {
		case modeOnly && serr == nil:
			t.Errorf("%s: ParseMode(%q, Strict) = %v, want rejection (%s)", where, c.input, sn, c.note)
		case !modeOnly && serr != nil:
			t.Errorf("%s: ParseMode(%q, Strict) error %v, want %s", where, c.input, serr, c.canonical)
		case !modeOnly:
			checkNumber(t, where+" (strict)", c, sn)
		}
	}
}

func checkNumber(t *testing.T, where string, c numberCase, n Number) {
	t.Helper()
	year := "no year"
	if n.Year > 0 {
		year = strconv.Itoa(n.Year)
	}
	norm := "no"
	if n.Normative {
		norm = "yes"
	}
	got := []string{n.String(), n.Type, n.Issuer(), year, norm}
	want := []string{c.canonical, c.typ, c.issuer, c.year, c.normative}
	names := []string{"canonical", "type", "issuer", "year", "normative"}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: Parse(%q).%s = %q, want %q (%s)", where, c.input, names[i], got[i], want[i], c.note)
		}
	}
}

// TestReasonVI checks that every rejection of the test table reads in
// Vietnamese on the pages.
func TestReasonVI(t *testing.T) {
	for _, in := range []string{"43/2011/XX-CP", "0/2011/NĐ-CP", "43/2011/NĐ-BTC", "QCVN 01:2009/BYT", "01/07/2025", "43/11/NĐ-CP", "/2011/NĐ-CP", "43/2011/TT", "99/2099/NĐ-CP", "12/2020/QH13"} {
		_, err := Parse(in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a ParseError", in, err)
			continue
		}
		if vi := pe.ReasonVI(); vi == "" || strings.HasPrefix(vi, "không đọc được") {
			t.Errorf("Parse(%q): reason %q has no Vietnamese (%q)", in, pe.Reason, vi)
		}
	}
}
