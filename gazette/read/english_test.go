package read

import "testing"

// TestEnglishClaims reads the titles of vbpl.vn's English translations as
// they start (the sample's texts).
func TestEnglishClaims(t *testing.T) {
	for text, want := range map[string]string{
		"LABOR CODE\nPursuant to the Constitution of the Socialist Republic of Vietnam;\nThe National Assembly promulgates the Labor Code.\nChapter I":                                  "Labor Code",
		"Law on State Audit\n__________\nPursuant to the Constitution;\nThe National Assembly promulgates the Law on State Audit.\nChapter":                                             "Law on State Audit",
		"CIRCULAR\nPrescribing the rates of charges and fees related to exit\nfrom Vietnam\nPursuant to the November 25, 2015 Law on Charges and Fees;":                                 "Circular prescribing the rates of charges and fees related to exit from Vietnam",
		"DECREE\nDecree No. 68/2011/ND-CP of August 8, 2011, amending and supplementing a number of articles of the Government’s Decree No. 37/2007/ND-CP\nTHE GOVERNMENT\nPursuant to": "Decree amending and supplementing a number of articles of the Government’s Decree No. 37/2007/ND-CP",
		"Guiding the implementation of a number of\narticles on labor contract\nPursuant to the Labor Code;":                                                                            "Circular guiding the implementation of a number of articles on labor contract",
	} {
		if got := EnglishClaims(text, "Circular").Title; got != want {
			t.Errorf("EnglishClaims(%.40q) = %q, want %q", text, got, want)
		}
	}
}
