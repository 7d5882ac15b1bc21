package number

import (
	"regexp"
	"strings"
)

// reasonsVI says in Vietnamese why a text is not a document number, for
// pages whose sentences are Vietnamese; the English reason stays in the
// error for logs and the API.
var reasonsVI = []struct {
	re *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`^a (.+) number carries the year`), "số của $1 phải có năm (n/yyyy/…)"},
	{regexp.MustCompile(`^a Công báo issue reference`), "đây là số Công báo, không phải số, ký hiệu văn bản"},
	{regexp.MustCompile(`^a Lệnh \(L\) is issued by`), "Lệnh do Chủ tịch nước (CTN) ban hành"},
	{regexp.MustCompile(`^a Nghị định \(NĐ\) is issued only by Chính phủ \(CP\), not (.+)`), "Nghị định chỉ do Chính phủ (CP) ban hành, không phải $1"},
	{regexp.MustCompile(`^a Pháp lệnh \(PL\) is issued by`), "Pháp lệnh do Ủy ban Thường vụ Quốc hội (UBTVQH) ban hành"},
	{regexp.MustCompile(`^a Thông tư \(TT\) has one issuer`), "Thông tư có một cơ quan ban hành; thông tư liên tịch là TTLT"},
	{regexp.MustCompile(`^a Thông tư \(TT\) is not issued by (.+)`), "$1 không ban hành Thông tư"},
	{regexp.MustCompile(`^a court judgment`), "đây là số bản án, án lệ, không phải số, ký hiệu văn bản"},
	{regexp.MustCompile(`^a date, not`), "đây là một ngày, không phải số, ký hiệu văn bản"},
	{regexp.MustCompile(`^a form number`), "đây là số mẫu (mẫu số), không phải số, ký hiệu văn bản"},
	{regexp.MustCompile(`^a joint document \((.+)\) needs at least two issuers`), "văn bản liên tịch ($1) cần ít nhất hai cơ quan ban hành"},
	{regexp.MustCompile(`^a number inside the symbol \((.+)\)`), "có chữ số lẫn trong ký hiệu ($1)"},
	{regexp.MustCompile(`^a technical regulation`), "đây là số quy chuẩn, tiêu chuẩn (QCVN/TCVN), không phải số, ký hiệu văn bản"},
	{regexp.MustCompile(`^a year appended to the symbol \((.+)\)`), "năm viết sau ký hiệu ($1) không phải cách viết chính thức"},
	{regexp.MustCompile(`^issuer missing after the type code (.+)`), "thiếu cơ quan ban hành sau mã loại văn bản $1"},
	{regexp.MustCompile(`^sequence number (\S+) has more than 5 digits`), "số thứ tự $1 dài quá 5 chữ số"},
	{regexp.MustCompile(`^sequence number is 0`), "số thứ tự là 0 (số bắt đầu từ 01)"},
	{regexp.MustCompile(`^sequence number missing`), "thiếu số thứ tự trước dấu /"},
	{regexp.MustCompile(`^symbol (\S+) has no type code`), "ký hiệu $1 không có mã loại văn bản và đơn vị soạn thảo"},
	{regexp.MustCompile(`^symbol missing after the sequence number`), "thiếu ký hiệu sau số thứ tự"},
	{regexp.MustCompile(`^symbol missing after the year`), "thiếu ký hiệu sau năm, không suy ra được cơ quan ban hành"},
	{regexp.MustCompile(`^too many / separators`), "ký hiệu có quá nhiều dấu /"},
	{regexp.MustCompile(`^unknown document type code (.+)`), "không có loại văn bản mã $1"},
	{regexp.MustCompile(`^unknown historic form`), "không nhận ra dạng số cũ (n-CP hoặc n-HĐBT)"},
	{regexp.MustCompile(`^year (\S+) is not written with 4 digits`), "năm $1 không viết đủ 4 chữ số"},
	{regexp.MustCompile(`^year (\d+) is out of range \((\d+) to (\d+)\)`), "năm $1 nằm ngoài khoảng $2 đến $3"},
	{regexp.MustCompile(`^unknown term \(khóa\) (\d+)`), "không có khóa $1"},
	{regexp.MustCompile(`^term \(khóa\) (\d+) does not match the year (\d+)`), "khóa $1 không khớp với năm $2"},
}

// ReasonVI is the reason in Vietnamese ("không đọc được" when it has no
// translation yet).
func (e *ParseError) ReasonVI() string {
	for _, r := range reasonsVI {
		if m := r.re.FindStringSubmatchIndex(e.Reason); m != nil {
			return string(r.re.ExpandString(nil, r.vi, e.Reason, m))
		}
	}
	if strings.TrimSpace(e.Reason) == "" {
		return "không đọc được"
	}
	return "không đọc được số, ký hiệu này"
}
