package gazette

import "testing"

// TestMatchesQuery: a query watch's rule of which new documents match.
func TestMatchesQuery(t *testing.T) {
	d := &Document{Number: "20/2026/NĐ-CP", Type: "NĐ", TypeName: "Nghị định", Issuer: "CP", IssuerName: "Chính phủ",
		IssueDate: DateOf(2026, 3, 1), Title: "Sửa đổi Nghị định về dịch vụ công trực tuyến",
		Text: "Điều 1. Cơ quan nhà nước cung cấp dịch vụ công trực tuyến, miễn lệ phí."}
	for q, want := range map[string]bool{
		"dịch vụ công":                    true,
		"dich vu cong truc tuyen":         true, // typed without diacritics
		`"cong truc tuyen"`:               true,
		"lệ phí":                          true, // "phí," with its comma is a word
		"thuế":                            false,
		"dịch vụ -phí":                    false,
		"dịch vụ -thuế":                   true,
		"dịch vụ type:NĐ":                 true,
		"dịch vụ type:TT":                 false,
		"dịch vụ -type:TT year:2026":      true,
		"dịch vụ year:2025":               false,
		"issuer:CP":                       true,
		"20/2026/NĐ-CP":                   true,
		"-thuế":                           false, // nothing required: a watch on every document is not a query
		"dịch vụ status:\"Còn hiệu lực\"": true,  // judged by the search, not here
	} {
		if got := MatchesQuery(q, d); got != want {
			t.Errorf("MatchesQuery(%q) = %v, want %v", q, got, want)
		}
	}
}
