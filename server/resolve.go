package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/cite"
)

// Resolve limits: generous, so that no normal client meets them.
const (
	MaxResolveText      = 1 << 20 // bytes of text per request
	MaxResolveCitations = 5000    // citations (or numbers) per request
	// MaxResolveBody is the largest resolve body: room for MaxResolveText
	// written entirely in JSON escapes (\u1ec7 is 6 bytes for 3), so that
	// the text limit, not the body limit, is what a client meets.
	MaxResolveBody = 6*MaxResolveText + 64<<10
)

type resolveRequest struct {
	Text    string   `json:"text"`
	Numbers []string `json:"numbers"`
	AsOf    string   `json:"as_of"`
}

// resolve answers POST /api/v1/resolve: {"text": ..., "as_of": ...} or
// {"numbers": [...]}, one entry per citation found, with its span, status
// (200, 300, 404, 400) and the documents it names.
func (s *Server) resolve(c echo.Context) error {
	// the body first, within its deadline: a client that sends it slowly
	// must not hold a slot meanwhile (bodyLimit bounds it at MaxResolveBody)
	body, err := io.ReadAll(c.Request().Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	if err != nil {
		return echo.NewHTTPError(http.StatusRequestTimeout, "the request body did not arrive in time: "+err.Error())
	}
	// CPU-bound like search, in slots of its own: under a saturating mix,
	// cheap resolves would otherwise take the CPU from searches
	release, err := acquire(c.Request().Context(), s.resolveSlots)
	if err != nil {
		return err
	}
	defer release()
	var req resolveRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "the body is not JSON of the form {\"text\": ...} or {\"numbers\": [...]}: "+err.Error())
	}
	if len(req.Text) > MaxResolveText {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("text is %d bytes; the limit is %d bytes (1 MiB) per request", len(req.Text), MaxResolveText))
	}
	if len(req.Numbers) > MaxResolveCitations {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("%d numbers; the limit is %d per request", len(req.Numbers), MaxResolveCitations))
	}
	var asOf time.Time
	if req.AsOf != "" {
		d, err := gazette.ParseDate(req.AsOf)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("as_of %q: want YYYY-MM-DD", req.AsOf))
		}
		asOf = d.Time
	}
	if req.Text == "" && len(req.Numbers) == 0 {
		return echo.NewHTTPError(http.StatusBadRequest, `give "text" or "numbers"`)
	}
	cits := cite.NumberCitations(req.Numbers)
	if req.Text != "" {
		cits = append(cits, cite.FindCitations(req.Text)...)
	}
	if len(cits) > MaxResolveCitations {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the text holds %d citations; the limit is %d per request", len(cits), MaxResolveCitations))
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.budget)
	defer cancel()
	out, err := cite.Resolve(ctx, cits, s.Store, asOf)
	if errors.Is(err, context.DeadlineExceeded) {
		return echo.NewHTTPError(http.StatusServiceUnavailable, fmt.Sprintf("the lookup ran past its budget of %s and was stopped: send fewer citations at once", s.budget))
	}
	if err != nil {
		return err
	}
	Link(out)
	return c.JSON(http.StatusOK, map[string]any{"citations": out})
}
