package server

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHTTPParams sends what a hostile client may put in the search,
// resolve and lookup parameters through the real handlers, on a real
// store and index: no answer may be a 500, every API answer is JSON, and
// nothing may end the process (a panic in a search goroutine did).
func FuzzHTTPParams(f *testing.F) {
	s := newScenario(f)
	h := s.api.Handler()
	for _, seed := range []struct{ q, from, size, sort, asOf, text string }{
		{"luật", "3074457345618258600", "10", "", "", ""},
		{"a", "4611686018427387904", "", "date", "", ""},
		{"thông tin", "0", "100", "", "2011-08-01", "Căn cứ Nghị định số 43/2011/NĐ-CP"},
		{`"dịch vụ công" -trực type:NĐ year:2011 issued:2011..2012`, "-1", "0", "x", "31/13/2026", `khoản 2 Điều 5 Nghị định 43/2011/ND-CP`},
		{strings.Repeat("đất ", 40), "1000", "101", "date", "2026-02-30", strings.Repeat("Luật số 45/2013/QH13, ", 50)},
		{"number:43/2011/NĐ-CP", "9223372036854775807", "-9223372036854775808", "", "", "\x00\xff"},
		{"effective:..2026 kind:article status:\"Còn hiệu lực\"", "", "", "", "", ""},
	} {
		f.Add(seed.q, seed.from, seed.size, seed.sort, seed.asOf, seed.text)
	}
	f.Fuzz(func(t *testing.T, q, from, size, sort, asOf, text string) {
		v := url.Values{"q": {q}, "from": {from}, "size": {size}, "sort": {sort}}
		body, _ := json.Marshal(map[string]any{"text": text, "as_of": asOf, "numbers": []string{q, text}})
		for _, req := range []struct{ method, target, body string }{
			{"GET", "/api/v1/search?" + v.Encode(), ""},
			{"GET", "/?" + v.Encode(), ""},
			{"GET", "/api/v1/documents?" + url.Values{"number": {q}}.Encode(), ""},
			{"GET", "/van-ban?" + url.Values{"so": {q}}.Encode(), ""},
			{"GET", "/feeds/van-ban.atom?" + url.Values{"type": {q}, "issuer": {sort}}.Encode(), ""},
			{"GET", "/api/v1/documents/1?" + url.Values{"as_of": {asOf}}.Encode(), ""},
			{"GET", "/api/v1/gazette-issues?" + url.Values{"type": {sort}, "issuer": {q}}.Encode(), ""},
			{"GET", "/cong-bao?" + url.Values{"type": {sort}, "issuer": {q}}.Encode(), ""},
			{"GET", "/van-ban/1?" + url.Values{"as_of": {asOf}}.Encode(), ""},
			{"GET", "/van-ban/1?" + url.Values{"tai-ngay": {asOf}}.Encode(), ""},
			{"GET", "/api/v1/documents/1/articles/" + url.PathEscape(q) + "?" + url.Values{"as_of": {asOf}}.Encode(), ""},
			{"GET", "/api/v1/documents/1/text?" + url.Values{"as_of": {asOf}}.Encode(), ""},
			{"GET", "/api/v1/search?" + url.Values{"q": {q}, "as_of": {asOf}}.Encode(), ""},
			{"POST", "/api/v1/resolve", string(body)},
			{"POST", "/api/v1/resolve", text},
		} {
			r := httptest.NewRequest(req.method, req.target, strings.NewReader(req.body))
			r.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code >= 500 && rec.Code != 503 {
				t.Fatalf("%s %s = %d %.300s", req.method, req.target, rec.Code, rec.Body)
			}
			plain := strings.Contains(req.target, "/text?") && rec.Code == 200 // the text itself
			if strings.HasPrefix(req.target, "/api/") && !plain && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s %s = %d, not JSON: %.300s", req.method, req.target, rec.Code, rec.Body)
			}
		}
	})
}
