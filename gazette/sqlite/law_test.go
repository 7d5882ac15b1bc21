package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"congbao/gazette"
)

// TestFillLaw: a database written before amendments were kept gets them
// read once when it opens, and a target's effect then rests on them.
func TestFillLaw(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, orig := filepath.Join(dir, "congbao.db"), filepath.Join(dir, "originals")
	db, err := Open(ctx, path, orig)
	if err != nil {
		t.Fatal(err)
	}
	target := decree("43/2011/NĐ-CP", gazette.DateOf(2011, 6, 13))
	target.EffectiveDate = gazette.DateOf(2011, 8, 1)
	target.Text = "CHÍNH PHỦ\nSố: 43/2011/NĐ-CP\nĐiều 1. Phạm vi\nNghị định này quy định việc cũ.\n"
	amender := decree("12/2012/NĐ-CP", gazette.DateOf(2012, 11, 1))
	amender.EffectiveDate = gazette.DateOf(2013, 1, 1)
	amender.Text = "CHÍNH PHỦ\nSố: 12/2012/NĐ-CP\nĐiều 1. Sửa đổi, bổ sung một số điều của Nghị định số 43/2011/NĐ-CP\n" +
		"1. Sửa đổi Điều 1 như sau:\n“Điều 1. Phạm vi\nNghị định này quy định việc mới.”.\nĐiều 2. Hiệu lực\nNghị định này có hiệu lực từ ngày 01 tháng 01 năm 2013.\n"
	for _, d := range []*gazette.Document{target, amender} {
		if err := db.CreateDocument(ctx, "test", d); err != nil { // writes no amendments, as before migration 006
			t.Fatal(err)
		}
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM law_filled`); err != nil {
		t.Fatal(err)
	}
	if ams, _ := db.Amendments(ctx, "43/2011/NĐ-CP"); len(ams) != 0 {
		t.Fatalf("amendments before the fill: %+v", ams)
	}
	db.Close()
	if db, err = Open(ctx, path, orig); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ams, err := db.Amendments(ctx, "43/2011/NĐ-CP")
	if err != nil || len(ams) != 1 || ams[0].Action != gazette.ActAmend || ams[0].Effective != gazette.DateOf(2013, 1, 1) {
		t.Fatalf("amendments after the fill: %+v, %v", ams, err)
	}
	d, err := db.DocumentByID(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e := d.EffectAt(gazette.DateOf(2014, 1, 1).Time); e.Status != gazette.StatusInForce || len(e.BasisVI) < 3 {
		t.Errorf("effect after the fill: %+v", e)
	}
}
