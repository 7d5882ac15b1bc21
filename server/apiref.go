package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
)

// The API reference at /api is rendered on the server from the embedded
// OpenAPI document, so it can never drift from /api/openapi.json and
// needs no script: one section per operation with its parameters, its
// answers and, for a GET without a body, a link that tries it.

type apiParam struct {
	Name        string          `json:"name"`
	In          string          `json:"in"`
	Required    bool            `json:"required"`
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
	Example     any             `json:"example"`
}

type apiOperation struct {
	Summary     string                     `json:"summary"`
	Description string                     `json:"description"`
	Parameters  []apiParam                 `json:"parameters"`
	Security    []map[string][]string      `json:"security"`
	RequestBody json.RawMessage            `json:"requestBody"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type apiDocument struct {
	Info struct {
		Title, Version, Description string
	} `json:"info"`
	Paths map[string]map[string]apiOperation `json:"paths"`
}

// apiRefOp is one operation as the reference page shows it.
type apiRefOp struct {
	Method, Path, Anchor, Summary, Description string
	Params                                     []apiRefParam
	Responses                                  []apiRefResponse
	Token, Body                                bool
	Try                                        string // a link trying the GET with the examples, if it can be tried
}

type apiRefParam struct {
	Name, In, Type, Description, Example string
	Required                             bool
}

type apiRefResponse struct{ Code, Description string }

// apiReference reads the OpenAPI document into the page's sections, in
// path order, methods GET, POST, PATCH, DELETE.
func apiReference(doc []byte) (info apiDocument, ops []apiRefOp, err error) {
	if err := json.Unmarshal(doc, &info); err != nil {
		return info, nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths := make([]string, 0, len(info.Paths))
	for p := range info.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, m := range []string{"get", "post", "patch", "delete"} {
			o, ok := info.Paths[p][m]
			if !ok {
				continue
			}
			op := apiRefOp{Method: strings.ToUpper(m), Path: p, Summary: o.Summary, Description: o.Description,
				Token: len(o.Security) > 0, Body: len(o.RequestBody) > 0,
				Anchor: strings.Trim(strings.NewReplacer("/", "-", "{", "", "}", "", ".", "-").Replace(m+p), "-")}
			try, tryable := p, m == "get" && !op.Token
			q := url.Values{}
			for _, pa := range o.Parameters {
				var sch struct {
					Type, Format string
					Enum         []any
				}
				json.Unmarshal(pa.Schema, &sch)
				typ := sch.Type
				if sch.Format != "" {
					typ += " (" + sch.Format + ")"
				}
				if len(sch.Enum) > 0 {
					typ += fmt.Sprintf(", one of %v", sch.Enum)
				}
				rp := apiRefParam{Name: pa.Name, In: pa.In, Type: typ, Description: pa.Description, Required: pa.Required || pa.In == "path"}
				if pa.Example != nil {
					rp.Example = fmt.Sprint(pa.Example)
				}
				op.Params = append(op.Params, rp)
				switch {
				case pa.In == "path" && rp.Example != "":
					try = strings.ReplaceAll(try, "{"+pa.Name+"}", url.PathEscape(rp.Example))
				case pa.In == "path":
					tryable = false
				case pa.In == "query" && rp.Example != "":
					q.Set(pa.Name, rp.Example)
				}
			}
			if tryable {
				if len(q) > 0 {
					try += "?" + q.Encode()
				}
				op.Try = try
			}
			codes := make([]string, 0, len(o.Responses))
			for c := range o.Responses {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				var r struct {
					Description string `json:"description"`
					Ref         string `json:"$ref"`
				}
				json.Unmarshal(o.Responses[c], &r)
				d := r.Description
				if r.Ref != "" {
					d = "lỗi RFC 9457 (application/problem+json)"
				}
				op.Responses = append(op.Responses, apiRefResponse{Code: c, Description: d})
			}
			ops = append(ops, op)
		}
	}
	return info, ops, nil
}

func (s *Server) apiPage(c echo.Context) error {
	info, ops, err := apiReference(openAPIDoc)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "api", map[string]any{"Title": "Tài liệu API", "Info": info.Info, "Ops": ops})
}
