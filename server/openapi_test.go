package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type openAPIOp struct {
	Security   []map[string][]string `json:"security"`
	Parameters []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
		Example  any    `json:"example"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Example any `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]any `json:"responses"`
}

// TestOpenAPI calls every operation /api/openapi.json lists, with the
// document's own examples (and a token where it asks for one), and checks
// that the answer is the operation's documented success; and that every
// API route the server registers is documented.
func TestOpenAPI(t *testing.T) {
	s := newScenario(t)
	var doc struct {
		Paths map[string]map[string]openAPIOp `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	pdf, err := os.ReadFile(uploadPDF)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	calls := 0
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// deletions run last, so that the other operations' examples still
	// name what the earlier ones created
	type call struct {
		path, method string
		op           openAPIOp
	}
	var ops []call
	for _, p := range paths {
		for method, op := range doc.Paths[p] {
			ops = append(ops, call{p, strings.ToUpper(method), op})
		}
	}
	sort.SliceStable(ops, func(i, j int) bool {
		return ops[i].method != "DELETE" && ops[j].method == "DELETE"
	})
	watchKey := "" // the secret POST /api/v1/watches gives, which keys the watch's feed
	for _, cl := range ops {
		p, method, op := cl.path, cl.method, cl.op
		{
			listed[method+" "+p] = true
			path, q := p, url.Values{}
			for _, prm := range op.Parameters {
				if prm.Example == nil {
					if prm.Required {
						t.Errorf("%s %s: required parameter %s has no example", method, p, prm.Name)
					}
					continue
				}
				v := fmt.Sprint(prm.Example)
				if prm.Name == "key" && strings.HasPrefix(p, "/api/v1/watches/") {
					v = watchKey
				}
				switch prm.In {
				case "path":
					path = strings.ReplaceAll(path, "{"+prm.Name+"}", url.PathEscape(v))
				case "query":
					q.Set(prm.Name, v)
				}
			}
			if len(q) > 0 {
				path += "?" + q.Encode()
			}
			var body []byte
			ctype := ""
			if op.RequestBody != nil {
				if c, ok := op.RequestBody.Content["application/json"]; ok {
					body, _ = json.Marshal(c.Example)
					ctype = "application/json"
				} else if _, ok := op.RequestBody.Content["application/pdf"]; ok {
					body, ctype = pdf, "application/pdf"
				}
			}
			token := ""
			if len(op.Security) > 0 {
				token = s.admin
			}
			want := ""
			for code := range op.Responses {
				if strings.HasPrefix(code, "2") {
					want = code
				}
			}
			status, got := s.do(method, path, token, ctype, body)
			calls++
			if method == "POST" && p == "/api/v1/watches" {
				var w struct{ Secret string }
				json.Unmarshal([]byte(got), &w)
				watchKey = w.Secret
			}
			if strconv.Itoa(status) != want {
				t.Errorf("%s %s = %d %.200s; the document promises %s", method, path, status, got, want)
			}
			if len(op.Security) > 0 { // and without the token: 401, as documented
				if status, _ := s.do(method, path, "", ctype, body); status != 401 || op.Responses["401"] == nil {
					t.Errorf("%s %s without a token = %d (documented: %v)", method, p, status, op.Responses["401"] != nil)
				}
			}
		}
	}
	for _, r := range s.routes() {
		if !strings.HasPrefix(r, "GET /api") && !strings.HasPrefix(r, "POST /api") && !strings.HasPrefix(r, "PATCH /api") &&
			!strings.Contains(r, "/feeds/") && !strings.HasSuffix(r, "/healthz") && !strings.HasSuffix(r, "/metrics") {
			continue
		}
		if !listed[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	t.Logf("%d operations called", calls)
}

// routes lists the server's routes as "METHOD /path/{param}".
func (s *scenario) routes() []string {
	var out []string
	for _, r := range s.api.echo.Routes() {
		p := r.Path
		parts := strings.Split(p, "/")
		for i, part := range parts {
			if strings.HasPrefix(part, ":") {
				parts[i] = "{" + part[1:] + "}"
			}
		}
		out = append(out, r.Method+" "+strings.Join(parts, "/"))
	}
	return out
}
