package server

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
)

var homePage = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>congbao</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}input{font-size:1rem;padding:.3rem;width:20rem}</style>
</head><body>
<h1>congbao</h1>
<p>Cơ sở dữ liệu văn bản pháp luật và Công báo: {{.Documents}} văn bản.</p>
<form action="/api/v1/documents" method="get">
<label>Số, ký hiệu: <input name="number" placeholder="43/2011/NĐ-CP"></label> <button>Tra cứu</button>
</form>
<p>API: <code>GET /api/v1/documents?number=…</code>, <code>GET /api/v1/documents/{id}</code>, <code>GET /api/v1/documents/{id}/text</code>, <code>GET /healthz</code>.</p>
</body></html>`))

func (s *Server) home(c echo.Context) error {
	n, err := s.Store.CountDocuments(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(http.StatusOK)
	return homePage.Execute(c.Response(), map[string]any{"Documents": n})
}
