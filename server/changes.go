package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// The change feed is how other portals follow this one (congbao sync, or
// any harvester): every publish, revision and withdrawal in order, each
// with the document in the export's shape, its text and its original.

// maxChanges bounds one page of the change feed, and maxChangeText the
// texts it carries (a page of long codes would be hundreds of MiB): past
// it the page ends early, with more set.
const maxChanges = 200

var maxChangeText = 16 << 20 // a var: a test lowers it

// changes answers GET /api/v1/changes?since=CURSOR&limit=N.
func (s *Server) changes(c echo.Context) error {
	var after int64
	if v := c.QueryParam("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("since=%q: want a cursor this feed gave (a whole number)", v))
		}
		after = n
	}
	limit, err := pageParam(c, "limit", 100, maxChanges)
	if err != nil {
		return err
	}
	if limit < 1 {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("limit=%d: want 1 to %d", limit, maxChanges))
	}
	ctx := c.Request().Context()
	rows, err := s.Library.PublicChanges(ctx, after, limit+1)
	if err != nil {
		return err
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	base := s.BaseURL
	if base == "" {
		base = defaultBaseURL
	}
	out := make([]gazette.FeedEntry, 0, len(rows))
	next := strconv.FormatInt(after, 10)
	textBytes := 0
	for _, r := range rows {
		if textBytes > maxChangeText {
			more = true // the rest on the next page
			break
		}
		e := gazette.FeedEntry{Cursor: strconv.FormatInt(r.Seq, 10), Kind: r.Kind, At: r.At, DocumentID: r.DocumentID, Number: r.Number}
		next = e.Cursor
		if r.Kind != gazette.FeedWithdraw {
			d, err := s.Store.PublishedDocument(ctx, r.DocumentID)
			switch {
			case err == nil && !d.Held():
				parts, err := s.Store.Parts(ctx, d.ID)
				if err != nil {
					return err
				}
				arts, err := s.Store.Articles(ctx, d.ID)
				if err != nil {
					return err
				}
				v := gazette.NewView(d, parts, len(arts), "")
				e.Document, e.Text = &v, d.Text
				textBytes += len(d.Text)
				if d.SourceSHA256 != "" {
					e.Original = &gazette.FeedOriginal{SHA256: d.SourceSHA256, URL: fmt.Sprintf("%s/api/v1/documents/%d/original", base, d.ID)}
				}
			case err == nil, errors.Is(err, gazette.ErrNotFound):
				e.Gone = true // not public now: a later entry withdraws it
			default:
				return err
			}
		}
		out = append(out, e)
	}
	return c.JSON(http.StatusOK, map[string]any{"changes": out, "next": next, "more": more})
}

// withdrawRequest is the body of a withdrawal.
type withdrawRequest struct {
	Reason string `json:"reason"`
}

// withdraw answers POST /api/v1/documents/:id/withdraw (admins) with
// {"reason": "..."}: the document leaves the public record (a draft
// again), and the change feed carries its tombstone.
func (s *Server) withdraw(c echo.Context) error {
	id, err := parseID(c.Param("id"), "document")
	if err != nil {
		return err
	}
	var req withdrawRequest
	if err := bindStrict(c, &req); err != nil {
		return err
	}
	d, err := s.Desk.Withdraw(c.Request().Context(), actorOf(c), id, req.Reason)
	if err != nil {
		return err
	}
	s.reindex(c.Request().Context(), d.ID)
	return c.JSON(http.StatusOK, d)
}
