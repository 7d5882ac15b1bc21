package read

import (
	"strings"
	"testing"
	"time"

	"congbao/gazette"
)

// TestCleanPagesStamp: the electronic signature's block is taken off the
// first page, its wrapped lines too, and its time is kept, in the three
// shapes the corpus's PDFs print it (pdf2/prov-lamdong_tb-493-tb-ubnd.pdf,
// pdf2/cb-nq-115-nq-cp_imagebody.pdf, pdf/chinhphu/nd-199-2026-nd-cp.signed.scan.pdf).
func TestCleanPagesStamp(t *testing.T) {
	for _, c := range []struct {
		page  string
		first string // the first line kept
		at    string
	}{
		{"Ký bởi: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nCơ quan: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nThời gian ký: 13/11/2025\n15:53:50\n\nỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc",
			"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "2025-11-13T15:53:50+07:00"},
		{"Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nNgày ký: 2026-05-08 16:42:19 +07:00\nCÔNG BÁO/Số 271/Ngày 12-05-2026 86\nCHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "2026-05-08T16:42:19+07:00"},
		{"Người ký: CỔNG THÔNG TIN ĐIỆN\nTỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nThời gian ký: 10.06.2026 14:15:42\n+07:00\n\nCHÍNH PHỦ",
			"CHÍNH PHỦ", "2026-06-10T14:15:42+07:00"},
		// no blank line after the block: the header's first lines are kept
		{"Ký bởi: VĂN THƯ\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nCHÍNH PHỦ\nSố: 12/2026/NĐ-CP",
			"CHÍNH PHỦ", ""},
		{"Cơ quan: BỘ TÀI CHÍNH\nThời gian ký: 01/02/2026 08:00:00 +07:00\nBỘ TÀI CHÍNH\nSố: 12/2026/TT-BTC",
			"BỘ TÀI CHÍNH", "2026-02-01T08:00:00+07:00"},
		{"Cơ quan: BỘ TÀI CHÍNH\nThời gian ký: 01/02/2026 08:00\nBỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "2026-02-01T08:00:00+07:00"},
	} {
		is := CleanPages([]string{c.page})
		lines := is.Pages[0].Lines
		if len(lines) == 0 || lines[0] != c.first {
			t.Errorf("first line kept %q, want %q (all: %q)", strings.Join(lines[:min(1, len(lines))], ""), c.first, lines)
		}
		if c.at == "" {
			if is.Signed != nil {
				t.Errorf("%q: signature %+v read from a block without a time", c.first, is.Signed)
			}
			continue
		}
		if is.Signed == nil {
			t.Errorf("%q: no signature read", c.first)
			continue
		}
		if c.first == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" && strings.Join(is.Signed.By, "|") != "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" {
			t.Errorf("signed by %q, want the province's people's committee, its name joined over the wrap", is.Signed.By)
		}
		if got := is.Signed.At.Format(time.RFC3339); got != c.at {
			t.Errorf("%q: signed at %s, want %s", c.first, got, c.at)
		}
	}
}

// TestDateSigned: a header whose day is illegible (written in by hand,
// read by OCR as "J2") is dated by the file's signature when the issuing
// body signed it and the legible month and year agree; never by a
// portal's or the gazette's signature, and never over a legible date.
func TestDateSigned(t *testing.T) {
	head := "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ N\nTỈNH LÂM ĐỒNG Độc lập - Tự do - HạnÌp phủ\n" +
		"Sở:J¿92 /TB-UBND Lâm Đồng, ngày %s tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của đồng chí Phó Chủ tịch\n" +
		"Ngày 07/11/2025, đồng chí Phó Chủ tịch đã chủ trì buổi làm việc.\n"
	at := time.Date(2025, 11, 13, 15, 53, 50, 0, time.FixedZone("", 7*3600))
	for _, c := range []struct {
		name, day string
		by        []string
		at        time.Time
		want      string
	}{
		{"the body's own signature", "J2", []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"}, at, "2025-11-13"},
		{"a portal's signature", "J2", []string{"CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "VĂN PHÒNG CHÍNH PHỦ"}, at, ""},
		{"another month", "J2", []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"}, at.AddDate(0, 1, 0), ""},
		{"a legible day", "12", []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"}, at, "2025-11-12"},
		{"a day read in two pieces glued to the month", "4 6", []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"}, at, "2025-11-13"},
	} {
		text := strings.Replace(head, "%s tháng", c.day+"tháng", 1)
		if c.day != "4 6" {
			text = strings.Replace(head, "%s", c.day, 1)
		}
		m := ReadMetadata(text, &gazette.Signature{By: c.by, At: c.at, Line: "Thời gian ký: 13/11/2025 15:53:50"})
		got := ""
		if !m.IssueDate.IsZero() {
			got = m.IssueDate.String()
		}
		if got != c.want {
			t.Errorf("%s: issue date %q, want %q (issuer %q)", c.name, got, c.want, m.IssuerName)
		}
		if c.name == "the body's own signature" {
			src := ""
			for _, s := range m.Sources {
				if s.Field == "issue_date" {
					src = s.Rule + ": " + s.Text
				}
			}
			if !strings.HasPrefix(src, ruleSigned+": Thời gian ký: 13/11/2025") {
				t.Errorf("the date's source is %q, want the signature's line", src)
			}
		}
	}
}

// TestCleanPagesStampBounded: a page of short lines in capitals after a
// signature line is not swallowed as the block's wrapped value.
func TestCleanPagesStampBounded(t *testing.T) {
	page := "Ký bởi: ỦY BAN\n" + strings.Repeat("DÂN TỈNH\n", 1000)
	kept := len(CleanPages([]string{page}).Pages[0].Lines)
	if kept < 990 {
		t.Errorf("%d of 1,000 lines kept after a signature line, want all but the few a wrapped name takes", kept)
	}
}

// TestSignedByOffice: a body signs what its head issues; a body's office
// signs for the body, and is not taken for it.
func TestSignedByOffice(t *testing.T) {
	for _, c := range []struct {
		by     string
		issuer string
		want   bool
	}{
		{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng", true},
		{"UBND TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng", true},
		{"BỘ TÀI CHÍNH", "Bộ trưởng Bộ Tài chính", true},
		{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk", false},
		{"VĂN PHÒNG CHÍNH PHỦ", "Chính phủ", false},
		{"VĂN PHÒNG CHÍNH PHỦ", "Thủ tướng Chính phủ", false},
	} {
		if got := signedBy([]string{c.by}, c.issuer); got != c.want {
			t.Errorf("signedBy(%q, %q) = %v, want %v", c.by, c.issuer, got, c.want)
		}
	}
}

// TestMarkSigned: a file's digital signatures stand for a signature block
// its pages do not show: the earliest by a body, not a person's; never on
// a gazette issue (the gazette signs when it publishes); never over a block
// the pages show.
func TestMarkSigned(t *testing.T) {
	at := time.Date(2025, 12, 19, 14, 55, 26, 0, time.FixedZone("", 7*3600))
	sigs := []gazette.Signature{
		{By: []string{"Trịnh Ngọc Duệ"}, At: at},
		{By: []string{"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"}, At: at.Add(15 * time.Minute)},
		{By: []string{"Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"}, At: at.Add(time.Hour)},
	}
	is, parts := gazette.Issue{}, []gazette.Part{{}, {}}
	MarkSigned(&is, parts, sigs)
	if is.Signed == nil || is.Signed.By[0] != "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" || parts[1].Signed != is.Signed {
		t.Errorf("signature taken: %+v, parts %+v", is.Signed, parts)
	}
	gz := gazette.Issue{Numbers: "271"}
	MarkSigned(&gz, nil, sigs)
	if gz.Signed != nil {
		t.Errorf("a gazette issue dated by a signature: %+v", gz.Signed)
	}
	shown := &gazette.Signature{By: []string{"CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ"}, At: at}
	page := gazette.Issue{Signed: shown}
	MarkSigned(&page, nil, sigs)
	if page.Signed != shown {
		t.Errorf("the block the pages show replaced by %+v", page.Signed)
	}
	none := gazette.Issue{}
	MarkSigned(&none, nil, sigs[:1])
	if none.Signed != nil {
		t.Errorf("a person's signature taken for a body's: %+v", none.Signed)
	}
	// a person whose surname starts like a body's name is still a person
	doan := []gazette.Signature{{By: []string{"Đoàn Văn Nam"}, At: at}, {By: []string{"SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"}, At: at.Add(time.Minute)}}
	var is2 gazette.Issue
	MarkSigned(&is2, nil, doan)
	if is2.Signed == nil || is2.Signed.By[0] != "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG" {
		t.Errorf("Đoàn Văn Nam's signature taken for a body's: %+v", is2.Signed)
	}
	for name, want := range map[string]bool{"Văn phòng Chính phủ": true, "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG": true, "Bộ Tài chính": true,
		"Hồ Văn Hội": false, "Trịnh Ngọc Duệ": false, "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ": false} {
		if got := bodySigner(name); got != want {
			t.Errorf("bodySigner(%q) = %v, want %v", name, got, want)
		}
	}
}
