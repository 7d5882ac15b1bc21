package vntext

import "testing"

func TestNewTones(t *testing.T) {
	for in, want := range map[string]string{
		"hàng hoá, vật phẩm": "hàng hóa, vật phẩm", "sức khoẻ": "sức khỏe", "tuỳ theo": "tùy theo",
		"hoàn thành": "hoàn thành", "quý": "quý", "Uỷ ban": "Ủy ban", "văn hoá.": "văn hóa.", "hóa": "hóa",
	} {
		if got := NewTones(in); got != want {
			t.Errorf("NewTones(%q) = %q, want %q", in, got, want)
		}
	}
}
