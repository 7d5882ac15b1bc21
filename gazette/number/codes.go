package number

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The abbreviation tables are data, not code: codes/*.tsv, embedded in the
// binary. Each row gives the published spelling of a code (its casing is
// part of it: TTg, CTr, QyĐ) and its full Vietnamese name.
//
//go:embed codes/*.tsv
var codeFiles embed.FS

// Code is one row of an abbreviation table.
type Code struct {
	Code  string // published spelling, e.g. "NĐ", "TTg", "BGDĐT"
	Name  string // full Vietnamese name, e.g. "Nghị định"
	Class string // table-specific class, e.g. "normative", "party", "khoa"
}

// codeTable indexes a table by a folded key so that "ND", "nd" and "NĐ"
// all find "NĐ"; a key may map to several codes (DA: Dự án, ĐA: Đề án).
type codeTable struct {
	byKey map[string][]Code
}

// Term is one term (khóa) of the Quốc hội with its first and last year.
type Term struct {
	Khoa, First, Last int
}

var tables struct {
	once    sync.Once
	types   codeTable
	issuers codeTable
	aliases map[string]string // upper-cased alias -> code
	terms   []Term
	words   []TypeWord // longest first
}

// TypeWord is a word a text writes for a document type (codes/typewords.tsv).
type TypeWord struct {
	Word string // as written in running text: "Nghị định", "Bộ luật"
	Code string // its type code; "" for Hiến pháp
	Uses string // where it is read: h header line, c citation, n number's type, t title start
}

func loadTables() {
	tables.once.Do(func() {
		tables.types = readCodeTable("codes/types.tsv")
		tables.issuers = readCodeTable("codes/issuers.tsv")
		tables.aliases = map[string]string{}
		for _, row := range readTSV("codes/aliases.tsv", 2) {
			tables.aliases[strings.ToUpper(row[0])] = row[1]
		}
		for _, row := range readTSV("codes/typewords.tsv", 3) {
			tables.words = append(tables.words, TypeWord{row[0], row[1], row[2]})
		}
		// longest first: a word that holds another ("Thông tư liên tịch", "Thông
		// tư"; "Bộ luật", "Luật") is tried before it
		sort.SliceStable(tables.words, func(i, j int) bool { return len(tables.words[i].Word) > len(tables.words[j].Word) })
		for _, row := range readTSV("codes/khoa.tsv", 3) {
			k, err1 := strconv.Atoi(row[0])
			f, err2 := strconv.Atoi(row[1])
			l, err3 := strconv.Atoi(row[2])
			if err1 != nil || err2 != nil || err3 != nil {
				panic(fmt.Sprintf("gazette: codes/khoa.tsv: bad row %q", row))
			}
			tables.terms = append(tables.terms, Term{k, f, l})
		}
	})
}

// readTSV reads an embedded table; a malformed table is a build defect,
// caught by every test, so it panics.
func readTSV(name string, cols int) [][]string {
	f, err := codeFiles.Open(name)
	if err != nil {
		panic(fmt.Sprintf("gazette: %s: %v", name, err))
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row := strings.Split(line, "\t")
		if len(row) < cols {
			panic(fmt.Sprintf("gazette: %s: row %q has %d columns, want %d", name, line, len(row), cols))
		}
		rows = append(rows, row)
	}
	return rows
}

func readCodeTable(name string) codeTable {
	t := codeTable{byKey: map[string][]Code{}}
	for _, row := range readTSV(name, 3) {
		c := Code{Code: row[0], Name: row[1], Class: row[2]}
		k := codeKey(c.Code)
		t.byKey[k] = append(t.byKey[k], c)
	}
	return t
}

// codeKey folds a code for dictionary lookup: upper case, Đ -> D, "&" dropped.
func codeKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'Đ', 'đ':
			b.WriteByte('D')
		case '&':
		default:
			b.WriteString(strings.ToUpper(string(r)))
		}
	}
	return b.String()
}

// TypeCode returns the row of the document-type table for a code in its
// published spelling ("NĐ", "QH_ACT"), and whether it exists.
func TypeCode(code string) (Code, bool) {
	loadTables()
	for _, c := range tables.types.byKey[codeKey(code)] {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

// IssuerName returns the full name of an issuer code, including the term
// for codes that carry one ("QH13" -> "Quốc hội khóa XIII"), or "" when the
// code is not in the table.
func IssuerName(code string) string {
	loadTables()
	letters, khoa := SplitKhoa(code)
	for _, c := range tables.issuers.byKey[codeKey(letters)] {
		if c.Code != letters {
			continue
		}
		if khoa > 0 && c.Class == "khoa" {
			return c.Name + " khóa " + roman(khoa)
		}
		if khoa == 0 {
			return c.Name
		}
	}
	return ""
}

// Terms returns the table of Quốc hội terms.
func Terms() []Term {
	loadTables()
	return append([]Term(nil), tables.terms...)
}

// termFits reports whether a year lies within khóa k (boundary years count
// for both neighbouring terms).
func termFits(k, year int) (known, fits bool) {
	loadTables()
	for _, t := range tables.terms {
		if t.Khoa == k {
			return true, year >= t.First && year <= t.Last
		}
	}
	return false, false
}

// SplitKhoa splits a trailing term number off a code: "QH13" -> ("QH", 13).
func SplitKhoa(code string) (string, int) {
	i := len(code)
	for i > 0 && code[i-1] >= '0' && code[i-1] <= '9' {
		i--
	}
	if i == len(code) || i == 0 {
		return code, 0
	}
	n, err := strconv.Atoi(code[i:])
	if err != nil {
		return code, 0
	}
	return code[:i], n
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// BodyNames are the names of the state bodies and offices in the issuer
// table (not units inside a body, not Party organs): the proper names a
// sentence-cased text keeps.
func BodyNames() []string {
	loadTables()
	var out []string
	for _, rows := range tables.issuers.byKey {
		for _, r := range rows {
			if r.Class != "unit" && r.Class != "party" {
				out = append(out, r.Name)
			}
		}
	}
	return out
}

// TypeWords are the type words read in one place (use: 'h', 'c', 'n' or
// 't', as in codes/typewords.tsv), longest first.
func TypeWords(use byte) []TypeWord {
	loadTables()
	var out []TypeWord
	for _, w := range tables.words {
		if strings.IndexByte(w.Uses, use) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// RestoreType finds the type code a user typed in any case, with or
// without Đ ("nd" -> NĐ, "ttlt" -> TTLT); an ambiguous spelling ("hd":
// Hướng dẫn or Hợp đồng) or an unknown one is not found.
func RestoreType(s string) (Code, bool) {
	loadTables()
	code, ok, ambiguous, _ := lookupCode(tables.types, s)
	if !ok || ambiguous {
		return Code{}, false
	}
	return TypeCode(code)
}
