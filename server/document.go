package server

import (
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/number"
)

// documentView is a document as the API shows it: the fields of
// `congbao export`, with the article index, the effect status and links.
type documentView struct {
	gazette.View
	ArticleIndex []gazette.Article `json:"article_index"`
	Effect       gazette.Effect    `json:"effect"` // status at as_of (default today) and how it was derived
	URL          string            `json:"url"`
	Page         string            `json:"page"`
}

// visibleDocument returns a document the request may see: published ones
// for everyone, drafts for clerks and admins only (for the public a draft
// is not found: it does not exist yet).
func (s *Server) visibleDocument(c echo.Context, idText string) (*gazette.Document, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("document id %q is not a positive integer", idText))
	}
	if !roleOf(c).Allows(gazette.RoleClerk) {
		// one query that cannot tell a draft from a missing id, by answer or by time
		return s.Store.PublishedDocument(c.Request().Context(), id)
	}
	return s.Store.DocumentByID(c.Request().Context(), id)
}

// visibleDossier is visibleDocument with what the document's pages show,
// read in one call (one snapshot).
func (s *Server) visibleDossier(c echo.Context, idText string) (*gazette.Dossier, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("document id %q is not a positive integer", idText))
	}
	return s.Store.Dossier(c.Request().Context(), id, roleOf(c).Allows(gazette.RoleClerk))
}

func (s *Server) document(c echo.Context) error {
	dos, err := s.visibleDossier(c, c.Param("id"))
	if err != nil {
		return err
	}
	d, parts, arts := dos.Document, dos.Parts, dos.Articles
	if arts == nil {
		arts = []gazette.Article{}
	}
	v := documentView{View: gazette.NewView(d, parts, len(arts), ""), ArticleIndex: arts,
		URL: DocumentPath(d.ID), Page: fmt.Sprintf("/van-ban/%d", d.ID)}
	at, err := asOfParam(c)
	if err != nil {
		return err
	}
	v.Effect = d.EffectAt(at)
	return c.JSON(http.StatusOK, v)
}

// documentsByNumber lists every published document with a number (numbers
// repeat across years and provinces). The number is a query parameter: it
// contains "/".
func (s *Server) documentsByNumber(c echo.Context) error {
	q := c.QueryParam("number")
	if q == "" {
		return echo.NewHTTPError(http.StatusBadRequest, `query parameter "number" is required, e.g. ?number=43/2011/NĐ-CP`)
	}
	n, err := number.Parse(q)
	if err != nil {
		reason := err.Error()
		if pe, ok := err.(*number.ParseError); ok {
			reason = pe.Reason
		}
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%q is not a document number: %s", q, reason))
	}
	docs, err := s.Store.DocumentsByNumber(c.Request().Context(), n.String(), false)
	if err != nil {
		return err
	}
	var warnings []string
	for _, w := range n.Warnings {
		warnings = append(warnings, w.Message)
	}
	if docs == nil {
		docs = []*gazette.Document{}
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "number": n.String(), "warnings": warnings, "documents": docs})
}

// documentCitations lists what a document cites, with spans into its text.
func (s *Server) documentCitations(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	cits, err := s.Store.Citations(ctx, d.ID)
	if err != nil {
		return err
	}
	if cits == nil {
		cits = []gazette.Citation{}
	}
	for i := range cits { // stored spans are bytes into the text; add runes
		c := &cits[i]
		if c.Start >= 0 && c.End <= len(d.Text) && c.Start <= c.End {
			c.RuneStart = utf8.RuneCountInString(d.Text[:c.Start])
			c.RuneEnd = c.RuneStart + utf8.RuneCountInString(d.Text[c.Start:c.End])
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d.ID, "citations": cits})
}

// documentCitedBy lists the published documents that cite this one.
func (s *Server) documentCitedBy(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	by := []gazette.CitingDocument{}
	if d.Number != "" {
		if by, err = s.Store.CitedBy(ctx, d.Number); err != nil {
			return err
		}
	}
	if by == nil {
		by = []gazette.CitingDocument{}
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d.ID, "number": d.Number, "cited_by": by})
}

// DocumentPath is the API address of a document.
func DocumentPath(id int64) string { return fmt.Sprintf("/api/v1/documents/%d", id) }

// Link gives each document a citation names its API address.
func Link(rs []gazette.Resolved) {
	for i := range rs {
		for j := range rs[i].Documents {
			rs[i].Documents[j].URL = DocumentPath(rs[i].Documents[j].ID)
		}
	}
}
