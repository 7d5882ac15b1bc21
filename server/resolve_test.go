package server

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func postResolve(t *testing.T, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/resolve", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	New(docStore{}, fakeSearcher{}, nil).Handler().ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		has, hasnt []string
	}{
		{"text", `{"text": "Căn cứ điểm a khoản 2 Điều 5 Nghị định số 43/2011/ND-CP; Thông tư số 51/2025/TT; Nghị định số 1/2000/NĐ-CP.", "as_of": "2012-01-01"}`,
			200, []string{`"status":200`, `"pinpoint":"điểm a khoản 2 Điều 5"`, `"relation":"căn cứ"`, `"status":400`, `"status":404`, `"status_as_of":"Còn hiệu lực"`, `"rune_start"`}, []string{"BÍ MẬT"}},
		{"numbers", `{"numbers": ["43/2011/nd-cp", "not a number"]}`, 200, []string{`"normalized":["43/2011/NĐ-CP"]`, `"status":400`}, []string{"BÍ MẬT"}},
		{"empty", `{}`, 400, []string{"give"}, nil},
		{"not JSON", `text`, 400, []string{"not JSON"}, nil},
		{"bad as_of", `{"text": "x", "as_of": "01/01/2012"}`, 400, []string{"as_of"}, nil},
		{"too many numbers", `{"numbers": [` + strings.Repeat(`"1/QĐ-TTg",`, 5000) + `"1/QĐ-TTg"]}`, 413, []string{"limit is 5000"}, nil},
		{"text too long", `{"text": "` + strings.Repeat("a", 1<<20+1) + `"}`, 413, []string{"1 MiB"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := postResolve(t, tt.body)
			if code != tt.status {
				t.Errorf("status %d, want %d: %.300s", code, tt.status, body)
			}
			for _, h := range tt.has {
				if !strings.Contains(body, h) {
					t.Errorf("body lacks %s: %.600s", h, body)
				}
			}
			for _, h := range tt.hasnt {
				if strings.Contains(body, h) {
					t.Errorf("body holds %s", h)
				}
			}
			if code == 200 {
				var v struct{ Citations []map[string]any }
				if err := json.Unmarshal([]byte(body), &v); err != nil || len(v.Citations) == 0 {
					t.Errorf("body %v: %.300s", err, body)
				}
			}
		})
	}
}
