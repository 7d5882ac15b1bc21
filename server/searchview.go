package server

import (
	"congbao/gazette"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// The search page's controls: active filters as chips that remove
// themselves, page numbers and the sort order, each a plain link.

// chip is one active filter or exclusion of a query.
type chip struct {
	Label, Remove string // what it is, in Vietnamese; the search without it
}

var chipLabels = map[string]string{"type": "Loại", "issuer": "Cơ quan", "year": "Năm", "status": "Hiệu lực",
	"number": "Số", "kind": "Loại kết quả", "issued": "Ngày ban hành", "effective": "Ngày hiệu lực"}

// searchHref is the page of a query with its sort order.
func searchHref(q, sort string, from int) string {
	v := url.Values{"q": {q}}
	if sort != "" && sort != "relevance" {
		v.Set("sort", sort)
	}
	if from > 0 {
		v.Set("from", fmt.Sprint(from))
	}
	return "/?" + v.Encode()
}

// queryChips lists the filters and exclusions of a query, each with the
// link that removes it.
func queryChips(q, sort string) []chip {
	toks := gazette.QueryTokens(q)
	var out []chip
	for i, tok := range toks {
		label := ""
		if key, val, ok := strings.Cut(tok, ":"); ok && chipLabels[strings.ToLower(key)] != "" {
			label = chipLabels[strings.ToLower(key)] + ": " + strings.Trim(val, `"`)
		} else if strings.HasPrefix(tok, "-") && len(tok) > 1 {
			label = "trừ " + strings.Trim(tok[1:], `"`)
		}
		if label == "" {
			continue
		}
		rest := append(append([]string{}, toks[:i]...), toks[i+1:]...)
		out = append(out, chip{Label: label, Remove: searchHref(strings.Join(rest, " "), sort, 0)})
	}
	return out
}

// pageLink is one link of the pager.
type pageLink struct {
	Label, Href string
	Current     bool
}

// pageLinks numbers the pages of a result: the first, the last and those
// around the current one, within the deepest page search serves.
func pageLinks(q, sort string, from, size int, total uint64, maxFrom int) []pageLink {
	pages := int((total + uint64(size) - 1) / uint64(size))
	if last := maxFrom/size + 1; pages > last {
		pages = last
	}
	if pages <= 1 {
		return nil
	}
	cur := from/size + 1
	var out []pageLink
	gap := false
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < cur-2 || n > cur+2) {
			if !gap {
				out = append(out, pageLink{Label: "…"})
				gap = true
			}
			continue
		}
		gap = false
		out = append(out, pageLink{Label: fmt.Sprint(n), Href: searchHref(q, sort, (n-1)*size), Current: n == cur})
	}
	return out
}

// searchErrorsVI turn the search's refusals into Vietnamese for the page
// (the API keeps them in English, with the same facts).
var searchErrorsVI = []struct {
	re *regexp.Regexp
	vi string
}{
	{regexp.MustCompile(`status:(\S*): want`), "Bộ lọc «status:$1» không hợp lệ: chọn status:\"Còn hiệu lực\", \"Chưa có hiệu lực\", \"Hết hiệu lực một phần\" hoặc \"Hết hiệu lực toàn bộ\"."},
	{regexp.MustCompile(`kind:(\S*): want`), "Bộ lọc «kind:$1» không hợp lệ: chọn kind:document (văn bản) hoặc kind:article (điều)."},
	{regexp.MustCompile(`year:(\S*): want`), "Bộ lọc «year:$1» không hợp lệ: năm viết đủ 4 chữ số, ví dụ year:2015."},
	{regexp.MustCompile(`number:(\S*): `), "Bộ lọc «number:$1» không phải số, ký hiệu văn bản (ví dụ number:45/2013/QH13)."},
	{regexp.MustCompile(`(issued|effective):(\S*): want`), "Bộ lọc «$1:$2» không hợp lệ: viết khoảng ngày YYYY-MM-DD..YYYY-MM-DD hoặc một năm."},
	{regexp.MustCompile(`(\w+)="([^"]*)": want a whole number from 0 to (\d+)`), "Tham số $1=$2 không hợp lệ: cần một số nguyên từ 0 đến $3."},
	{regexp.MustCompile(`from=(\d+): want 0 to (\d+)`), "Chỉ xem được đến kết quả thứ $2: hãy thu hẹp bằng bộ lọc."},
	{regexp.MustCompile(`sort=(\S*): want`), "Cách sắp xếp «$1» không có: chọn liên quan nhất, mới nhất hoặc cũ nhất."},
	{regexp.MustCompile(`the query is (\d+) bytes; the limit is (\d+)`), "Câu tìm kiếm dài $1 byte, quá giới hạn $2 byte."},
	{regexp.MustCompile(`the query has (\d+) terms; the limit is (\d+)`), "Câu tìm kiếm có $1 từ, quá giới hạn $2 từ."},
}

// searchErrorVI says in Vietnamese what is wrong with a query.
func searchErrorVI(msg string) string {
	for _, e := range searchErrorsVI {
		if m := e.re.FindStringSubmatchIndex(msg); m != nil {
			return string(e.re.ExpandString(nil, e.vi, msg, m))
		}
	}
	return "Câu tìm kiếm không hợp lệ; xem cú pháp trong tài liệu tìm kiếm (docs/search.md)."
}
