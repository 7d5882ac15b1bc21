package number

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseNumberWarnings(t *testing.T) {
	tests := []struct {
		input, canonical, warnCode, warnText string
	}{
		{"43/2011/ND-CP", "43/2011/NĐ-CP", "W02", "ND read as NĐ"},
		{"43/2011/N\u00D0-CP", "43/2011/NĐ-CP", "W02", "U+00D0"},
		{"51/2025/TT-BT\u0421", "51/2025/TT-BTC", "W02", "U+0421"},
		{"45/DA-UBND", "45/DA-UBND", "W03", "ambiguous"},
		{"45/HD-UBND", "45/HD-UBND", "W03", "ambiguous"},
		{"10/2020/TT-BGD&ĐT", "10/2020/TT-BGDĐT", "W04", "BGD&ĐT folded to BGDĐT"},
		{"Nghị định 43/2011", "43/2011/NĐ-CP", "W06", "inferred"},
		{"30.2020.NĐ-CP", "30/2020/NĐ-CP", "W05", "slug"},
		{"43/2011/NĐ CP", "43/2011/NĐ-CP", "W05", "read as -"},
		{"37-CT/TW", "37-CT/TW", "W07", "Party"},
		{"1/2020/XYZ-BTC", "", "", ""},
		{"12/ABCD-VP", "12/ABCD-VP", "W01", "not in the table"},
		{"43/2011/n\u00C4\u2018-cp", "43/2011/NĐ-CP", "W02", "mojibake"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.input)
		if tt.canonical == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want error", tt.input, n)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) error %v", tt.input, err)
			continue
		}
		if n.String() != tt.canonical {
			t.Errorf("Parse(%q) = %q, want %q", tt.input, n, tt.canonical)
		}
		found := false
		for _, w := range n.Warnings {
			if w.Code == tt.warnCode && strings.Contains(w.Message, tt.warnText) {
				found = true
			}
		}
		if !found {
			t.Errorf("Parse(%q) warnings %v, want %s containing %q", tt.input, n.Warnings, tt.warnCode, tt.warnText)
		}
	}
}

// TestParseNumberForms covers forms docs/rules.md lists (§2.2) beyond numbers.tsv.
func TestParseNumberForms(t *testing.T) {
	tests := []struct{ input, canonical, typ, issuer string }{
		{"110-sl/l.12", "110-SL/L.12", "SL", "CTN"}, // the law number after L is kept, never cut
		{"57/l-ctn", "57-L/CTN", "L", "CTN"},
		{"42/lct/hdnn8", "42-LCT/HĐNN8", "L", "HĐNN8"},
		{"Nghị_định_01_2015_NĐ-CP", "01/2015/NĐ-CP", "NĐ", "CP"},
		{"Quyet_dinh_3467-QD-BYT", "3467/QĐ-BYT", "QĐ", "BYT"},
		{"863/QĐ-UB/TC", "863/QĐ-UB/TC", "QĐ", "UB"},
		{"71/2007/TTLT/BTC-BNV", "71/2007/TTLT-BTC-BNV", "TTLT", "BTC+BNV"},
		{"2739/VPCP-DMDN", "2739/VPCP-ĐMDN", "CV", "VPCP"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.input)
		if err != nil || n.String() != tt.canonical || n.Type != tt.typ || n.Issuer() != tt.issuer {
			t.Errorf("Parse(%q) = %q %s %s, %v; want %q %s %s", tt.input, n, n.Type, n.Issuer(), err, tt.canonical, tt.typ, tt.issuer)
		}
	}
	for _, in := range []string{"Nghị_định_01_2015_NĐ-CP", "Quyet_dinh_3467-QD-BYT"} {
		if n, err := ParseMode(in, Strict); err == nil {
			t.Errorf("ParseMode(%q, Strict) = %q, want the lenient-only form rejected", in, n)
		}
	}
}

func TestParseNumberClean(t *testing.T) {
	// A well-formed number in its canonical form gets no warning.
	for _, in := range []string{"43/2011/NĐ-CP", "123/QĐ-TTg", "80/2015/QH13", "03/2006/TTLT-BTC-BNV", "12/UBND-VX"} {
		n, err := Parse(in)
		if err != nil || len(n.Warnings) != 0 {
			t.Errorf("Parse(%q) = %v, %v, warnings %v; want no error and no warning", in, n, err, n.Warnings)
		}
	}
}

func TestParseNumberReasons(t *testing.T) {
	tests := []struct{ input, reason string }{
		{"01/07/2025", "a date"},
		{"QCVN 06:2022/BXD", "standard"},
		{"12/2021/DS-PT", "court"},
		{"Bản án số 12/2021/HS-ST", "court"},
		{"CÔNG BÁO/Số 1235 + 1236/Ngày 27-12-2015", "Công báo"},
		{"51/2025/TT", "issuer missing"},
		{"Thông tư 01/2011", "cannot be inferred"},
		{"21/2017/TT-", "empty segment"},
		{"43/2011/NĐ-BTC", "only by Chính phủ"},
		{"45/2019/QH13", "does not match the year"},
		{"155/QĐ-CTN-2024", "year appended"},
		{"43/11/NĐ-CP", "4 digits"},
		{"0/2011/NĐ-CP", "is 0"},
		{"/2011/NĐ-CP", "sequence number missing"},
		{"123/QĐ", "issuer missing"},
		{"28/NĐ-CP", "carries the year"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.input)
		if err == nil || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("Parse(%q) error %v, want one mentioning %q", tt.input, err, tt.reason)
		}
	}
}

func TestParseNumberRoundTrip(t *testing.T) {
	for _, c := range loadNumberCases(t) {
		n, err := Parse(c.input)
		if err != nil {
			continue
		}
		back, err := Parse(n.String())
		if err != nil || back.String() != n.String() {
			t.Errorf("Parse(%q) = %q, which parses back as %q, %v", c.input, n, back, err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"43/2011/NĐ-CP", "Nghị định số 43/CP", "52-LCT/HĐNN8", "43 / 2011 / NĐ - CP", "10/2020/TT-BGD&ĐT",
		"53/1998/TT-LT/BGD&ĐT-BTC-BLĐTB&XH", "863/QĐ-UB/TC", "Nghi-dinh-43-2011-ND-CP", "43/2011/N\u00C4\u0090-CP", "21/2017/TT-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("Parse(%q) error %T, want *ParseError", s, err)
			}
			return
		}
		if !utf8.ValidString(n.String()) || n.String() == "" {
			t.Fatalf("Parse(%q) = %q, not a valid canonical form", s, n)
		}
		back, err := Parse(n.String())
		if err != nil || back.String() != n.String() {
			t.Fatalf("Parse(%q) = %q, which parses back as %q, %v", s, n, back, err)
		}
	})
}

// TestRestoreType: a type typed as users type it finds its code, as the
// search filter type:nd needs; before, a type whose code cannot go with
// CP ("tt", "ttlt") was looked up through a made-up number and not found.
func TestRestoreType(t *testing.T) {
	for in, want := range map[string]string{"nd": "NĐ", "NĐ": "NĐ", "tt": "TT", "ttlt": "TTLT", "qd": "QĐ", "hd": "", "xyz": "", "": ""} {
		c, ok := RestoreType(in)
		if ok != (want != "") || c.Code != want {
			t.Errorf("RestoreType(%q) = %q, %v; want %q", in, c.Code, ok, want)
		}
	}
}

// TestTypeWordsOneSource: every type word names a type of the code table
// (or none, for Hiến pháp), and every place that reads type words has some.
func TestTypeWordsOneSource(t *testing.T) {
	for _, use := range []byte("hcnt") {
		words := TypeWords(use)
		if len(words) < 10 {
			t.Errorf("TypeWords(%q): %d words", use, len(words))
		}
		for i, w := range words {
			if _, ok := TypeCode(w.Code); !ok && w.Code != "" {
				t.Errorf("type word %q names code %q, not in types.tsv", w.Word, w.Code)
			}
			if i > 0 && len(w.Word) > len(words[i-1].Word) {
				t.Errorf("TypeWords(%q) not longest first at %q", use, w.Word)
			}
		}
	}
}
