package server

import (
	"context"
	"strings"
	"testing"

	"congbao/gazette"
)

// TestTextBlocks checks how a text is set: Phần, Chương, Mục and Điều as
// headings (a chapter with its name), and the lines a PDF wrapped joined
// into paragraphs, while list items, clauses and short lines stay apart.
func TestTextBlocks(t *testing.T) {
	text := "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n" +
		"Nghị định này quy định chi tiết một số điều của Luật Đất đai về bồi thường, hỗ trợ,\n" +
		"tái định cư khi Nhà nước thu hồi đất.\n" +
		"1. Khoản một.\na) Điểm a;\nb) Điểm b.\nMục 2\nGIÁ ĐẤT\nĐiều 2. Giá đất\nNội dung."
	got := documentHTML(text, nil, nil)
	for _, want := range []string{
		`<h2 class="chuong">Chương I NHỮNG QUY ĐỊNH CHUNG</h2>`,
		`<h3 class="dieu">Điều 1. Phạm vi điều chỉnh</h3>`,
		`<p>Nghị định này quy định chi tiết một số điều của Luật Đất đai về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.</p>`,
		`<p>1. Khoản một.</p>`, `<p>a) Điểm a;</p>`, `<p>b) Điểm b.</p>`,
		`<h3 class="muc">Mục 2 GIÁ ĐẤT</h3>`, `<h3 class="dieu">Điều 2. Giá đất</h3>`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}

// TestTextLinksAndAnchors checks that a citation is linked and an article
// anchored inside the paragraphs, and that markup in a text is escaped.
func TestTextLinksAndAnchors(t *testing.T) {
	text := "Điều 1. Căn cứ\nCăn cứ Nghị định số 43/2011/NĐ-CP <b>;"
	start := strings.Index(text, "43/2011")
	got := string(documentHTML(text, []gazette.Citation{{Number: "43/2011/NĐ-CP", Start: start, End: start + len("43/2011/NĐ-CP")}},
		[]gazette.Article{{Number: "1", Start: 0}}))
	for _, want := range []string{`<h3 class="dieu"><span id="dieu-1"></span>Điều 1. Căn cứ</h3>`,
		`<a class="cite" href="/van-ban?so=43%2F2011%2FN%C4%90-CP">43/2011/NĐ-CP</a> &lt;b&gt;;`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}

// TestRelationGroups checks the document page's relations: a document
// cited many times is listed once per kind, with its pinpoints merged; a
// document not held is said so, with a search; what others do to it is
// grouped by direction.
func TestRelationGroups(t *testing.T) {
	s := newScenario(t)
	d := &gazette.Document{ID: 99, Number: "1/2026/NĐ-CP"}
	var cits []gazette.Citation
	for _, pin := range []string{"Điều 5", "khoản 2 Điều 5", "Điều 5", ""} {
		cits = append(cits, gazette.Citation{Number: "43/2011/NĐ-CP", TypeName: "Nghị định", Relation: gazette.RelAmends, Pinpoint: pin})
	}
	cits = append(cits, gazette.Citation{Number: "43/2011/NĐ-CP", TypeName: "Nghị định", Relation: gazette.RelBasis},
		gazette.Citation{Number: "31/2024/QH15", TypeName: "Luật", Relation: gazette.RelBasis},
		gazette.Citation{Number: "31/2024/QH15", TypeName: "Luật", Relation: gazette.RelBasis},
		gazette.Citation{Self: true, Relation: gazette.RelBasis})
	by := []gazette.CitingDocument{{DocumentID: 3, Number: "26/2012/TT-BTTTT", TypeName: "Thông tư", Relation: gazette.RelGuides},
		{DocumentID: 3, Number: "26/2012/TT-BTTTT", TypeName: "Thông tư", Relation: gazette.RelGuides, Pinpoint: "Điều 1"}}
	groups, err := s.api.relationGroups(context.Background(), d, cits, by)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]relatedDoc{}
	var order []string
	for _, g := range groups {
		got[g.Label] = g.Items
		order = append(order, g.Label)
	}
	if strings.Join(order, "|") != "Được hướng dẫn bởi|Sửa đổi, bổ sung|Căn cứ" {
		t.Errorf("groups %q", order)
	}
	if a := got["Sửa đổi, bổ sung"]; len(a) != 1 || !a[0].Held || a[0].Href != "/van-ban/1" || strings.Join(a[0].Pinpoints, ";") != "Điều 5;khoản 2 Điều 5" || a[0].Date != "13/06/2011" {
		t.Errorf("amends: %+v", a)
	}
	if b := got["Căn cứ"]; len(b) != 2 || b[1].Held || b[1].Href != "" || !strings.Contains(b[1].Search, "31%2F2024%2FQH15") {
		t.Errorf("basis: %+v", b)
	}
	if g := got["Được hướng dẫn bởi"]; len(g) != 1 || g[0].Href != "/van-ban/3" || strings.Join(g[0].Pinpoints, ";") != "Điều 1" {
		t.Errorf("guided by: %+v", g)
	}
}

func TestCleanTitle(t *testing.T) {
	for in, want := range map[string]string{
		"sửa đổi, bổ sung một số điều của Nghị định số 118/2025/NĐ-CP": "Sửa đổi, bổ sung một số điều của Nghị định số 118/2025/NĐ-CP",
		"đính chính Thông tư  ------  số 10":                           "Đính chính Thông tư số 10",
		"Luật đất đai": "Luật đất đai",
		"":             "",
	} {
		if got := cleanTitle(in); got != want {
			t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
		}
	}
}
