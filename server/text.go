package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/law"
)

// documentText answers GET /api/v1/documents/{id}/text: the text as
// published, or with as_of the text in force at that date (the held
// amendments in force then applied). The header X-Congbao-May-Lack names
// the amending documents cited but not held, whose changes it may lack.
func (s *Server) documentText(c echo.Context) error {
	if c.QueryParam("as_of") == "" {
		d, err := s.visibleDocument(c, c.Param("id"))
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, d.Text)
	}
	t, _, err := s.textAt(c)
	if err != nil {
		return err
	}
	if lack := mayLack(t.Cautions); lack != "" {
		c.Response().Header().Set("X-Congbao-May-Lack", lack)
	}
	return c.String(http.StatusOK, t.Text)
}

// textAt consolidates the document of the request at its as_of.
func (s *Server) textAt(c echo.Context) (gazette.TextAt, *gazette.Document, error) {
	at, err := asOfParam(c)
	if err != nil {
		return gazette.TextAt{}, nil, err
	}
	dos, err := s.visibleDossier(c, c.Param("id"))
	if err != nil {
		return gazette.TextAt{}, nil, err
	}
	return law.TextOf(dos.Document, dos.Amendments, at), dos.Document, nil
}

// mayLack lists cautions for a header: numbers, or what is missing and its year.
func mayLack(cs []gazette.Caution) string {
	var out []string
	for _, c := range cs {
		if c.Number != "" {
			out = append(out, c.Number)
		} else if c.Kind == gazette.RelAmends {
			out = append(out, fmt.Sprintf("an amending law of %d", c.Year))
		} else {
			out = append(out, fmt.Sprintf("a later law of its name of %d", c.Year))
		}
	}
	return strings.Join(out, ", ") // numbers and English: a header stays ASCII
}

// articleAnswer is an article in force at a date.
type articleAnswer struct {
	Document int64            `json:"document"`
	Number   string           `json:"number"`
	Article  string           `json:"article"`
	AsOf     gazette.Date     `json:"as_of"`
	Text     string           `json:"text"`
	Repealed bool             `json:"repealed,omitempty"`
	Inserted bool             `json:"inserted,omitempty"`
	History  []gazette.Change `json:"history"`
	Pending  []gazette.Change `json:"pending,omitempty"`
	// MayLack names documents cited as amending or replacing this one that
	// the database does not hold: the text may lack their changes.
	MayLack []gazette.Caution `json:"may_lack,omitempty"`
}

// documentArticle answers GET /api/v1/documents/{id}/articles/{n}?as_of=.
func (s *Server) documentArticle(c echo.Context) error {
	n := c.Param("n")
	if len(n) > 8 || n == "" {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("article %q: want an article number such as 5 or 5a", n))
	}
	t, d, err := s.textAt(c)
	if err != nil {
		return err
	}
	a, pending, ok := law.Article(t, n)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("document %d has no Điều %s at %s", d.ID, n, t.AsOf))
	}
	return c.JSON(http.StatusOK, articleAnswer{Document: d.ID, Number: d.Number, Article: n, AsOf: t.AsOf, Text: a.Text,
		Repealed: a.Repealed, Inserted: a.Inserted, History: a.History, Pending: pending, MayLack: t.Cautions})
}

// documentAmendments answers GET /api/v1/documents/{id}/amendments: what
// the document's text does to other documents, as parsed (each a draft
// until a clerk confirms or rejects it), with the sentence that says it.
func (s *Server) documentAmendments(c echo.Context) error {
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	ams, err := s.Store.AmendmentsBy(c.Request().Context(), d.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d.ID, "number": d.Number, "amendments": ams})
}

type reviewRequest struct {
	Review string `json:"review"` // "confirmed", "rejected" or "draft"
}

// reviewAmendment answers POST /api/v1/amendments/{id}/review (clerks):
// {"review": "confirmed"} or {"review": "rejected"}; a rejected amendment
// is not applied to any text or status.
func (s *Server) reviewAmendment(c echo.Context) error {
	id, err := parseID(c.Param("id"), "amendment")
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := bindStrict(c, &req); err != nil {
		return err
	}
	a, err := s.Desk.ReviewAmendment(c.Request().Context(), actorOf(c), id, req.Review)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}
