package read

import (
	"fmt"
	"strings"

	"congbao/gazette"
)

// ocrCheck is the check every document read by OCR carries: OCR misreads
// digits (932 as 332, 01 as 04), so its number and dates are to be
// verified against the picture.
func ocrCheck(parts []gazette.DocPart) (gazette.Check, bool) {
	var pages []string
	low := 1.0
	for _, p := range parts {
		for _, o := range p.OCR {
			pages = append(pages, fmt.Sprint(o.Page))
			low = min(low, o.Confidence)
		}
	}
	if len(pages) == 0 {
		return gazette.Check{}, false
	}
	list := strings.Join(pages, ", ")
	return newCheck("ocr", "number",
		fmt.Sprintf("read by OCR (PDF pages %s, lowest confidence %.2f): verify the number and the dates against the original", list, low),
		fmt.Sprintf("đọc bằng OCR (trang PDF %s, độ tin cậy thấp nhất %.2f): kiểm tra số hiệu và ngày tháng với bản gốc", list, low)), true
}
