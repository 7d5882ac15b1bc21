package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// MaxUpload is the largest file a clerk may upload.
const MaxUpload = 512 << 20

// upload answers POST /api/v1/uploads: a multipart form with a "file"
// field, or the PDF itself as the body (name in ?name=). 201 with the job
// once the file is stored durably; ingest runs in the background.
func (s *Server) upload(c echo.Context) error {
	if s.Uploads == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "uploads are not available on this server")
	}
	name, body, err := uploadBody(c)
	if err != nil {
		return err
	}
	defer body.Close()
	j, err := s.Uploads.Submit(c.Request().Context(), actorOf(c), name, body)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/uploads/%d", j.ID))
	if isForm(c) && c.Request().Header.Get("Accept") != "application/json" { // the upload page
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/quan-ly?job=%d", j.ID))
	}
	return c.JSON(http.StatusCreated, j)
}

func isForm(c echo.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	return mt == "multipart/form-data"
}

// uploadBody finds the file in the request.
func uploadBody(c echo.Context) (string, io.ReadCloser, error) {
	if isForm(c) {
		fh, err := c.FormFile("file")
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, err
		}
		if err != nil {
			return "", nil, echo.NewHTTPError(http.StatusBadRequest, `multipart upload: want the PDF in a field named "file"`)
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, echo.NewHTTPError(http.StatusBadRequest, "multipart upload: "+err.Error())
		}
		return cleanName(fh.Filename), f, nil
	}
	name := cleanName(c.QueryParam("name"))
	if name == "" {
		name = "upload.pdf"
	}
	return name, c.Request().Body, nil
}

// cleanName keeps the base name of an uploaded file.
func cleanName(n string) string {
	n = filepath.Base(strings.ReplaceAll(n, `\`, "/"))
	if n == "." || n == "/" {
		return ""
	}
	return n
}

func parseID(text, what string) (int64, error) {
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s id %q is not a positive integer", what, text))
	}
	return id, nil
}

// job answers GET /api/v1/uploads/:id.
func (s *Server) job(c echo.Context) error {
	if s.Uploads == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "uploads are not available on this server")
	}
	id, err := parseID(c.Param("id"), "upload")
	if err != nil {
		return err
	}
	j, err := s.Uploads.Job(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if roleOf(c) == gazette.RoleAgency && j.Actor != actorOf(c) {
		return fmt.Errorf("upload %d: %w", id, gazette.ErrNotFound) // an agency sees its own uploads only
	}
	return c.JSON(http.StatusOK, j)
}

// jobs answers GET /api/v1/uploads.
func (s *Server) jobs(c echo.Context) error {
	if s.Uploads == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "uploads are not available on this server")
	}
	js, err := s.Uploads.Jobs(c.Request().Context(), 100)
	if err != nil {
		return err
	}
	if js == nil {
		js = []*gazette.Job{}
	}
	return c.JSON(http.StatusOK, map[string]any{"uploads": js})
}

// drafts answers GET /api/v1/drafts: what waits for review.
func (s *Server) drafts(c echo.Context) error {
	ds, err := s.Desk.Drafts(c.Request().Context(), 500)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*gazette.Document{}
	}
	return c.JSON(http.StatusOK, map[string]any{"documents": ds})
}

// correction holds the fields a clerk may correct; absent fields are kept.
type correction struct {
	Number        *string `json:"number"`
	TypeName      *string `json:"type_name"`
	IssuerName    *string `json:"issuer_name"`
	Title         *string `json:"title"`
	Place         *string `json:"place"`
	IssueDate     *string `json:"issue_date"`
	Signer        *string `json:"signer"`
	SignerTitle   *string `json:"signer_title"`
	EffectiveDate *string `json:"effective_date"`
}

// fieldError is a corrected field refused: the API says it in English,
// the review page in Vietnamese, and the form keeps what was typed.
type fieldError struct {
	Field, Value string
	Reason       string // English, for the API
	ReasonVI     string // Vietnamese, for the review page
}

func (e *fieldError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

func (e *fieldError) Unwrap() error { return gazette.ErrInvalid }

// fieldNamesVI are the review form's labels.
var fieldNamesVI = map[string]string{"number": "Số, ký hiệu", "issue_date": "Ngày ban hành", "effective_date": "Ngày hiệu lực"}

// MessageVI says in Vietnamese which field was refused and why.
func (e *fieldError) MessageVI() string {
	return fmt.Sprintf("Chưa lưu: %s «%s» không hợp lệ: %s. Các giá trị đã nhập được giữ lại bên dưới để sửa.", fieldNamesVI[e.Field], e.Value, e.ReasonVI)
}

// apply sets the corrected fields of d, checking each.
func (k correction) apply(d *gazette.Document) error {
	if k.Number != nil {
		if *k.Number == "" {
			d.Number, d.NumberPrinted = "", ""
		} else {
			n, err := number.Parse(*k.Number)
			if err != nil {
				fe := &fieldError{Field: "number", Value: *k.Number, Reason: err.Error(), ReasonVI: "không đọc được số, ký hiệu"}
				var pe *number.ParseError
				if errors.As(err, &pe) {
					fe.ReasonVI = pe.ReasonVI()
				}
				return fe
			}
			d.Number, d.NumberPrinted = n.String(), *k.Number
			d.Type, d.Issuer = n.Type, strings.Join(n.Issuers, "+")
			if d.TypeName == "" {
				d.TypeName = n.TypeName()
			}
		}
	}
	for _, f := range []struct {
		v   *string
		dst *string
	}{{k.TypeName, &d.TypeName}, {k.IssuerName, &d.IssuerName}, {k.Title, &d.Title}, {k.Place, &d.Place},
		{k.Signer, &d.Signer}, {k.SignerTitle, &d.SignerTitle}} {
		if f.v != nil {
			*f.dst = strings.TrimSpace(vntext.NFC(*f.v))
		}
	}
	for _, f := range []struct {
		name string
		v    *string
		dst  *gazette.Date
	}{{"issue_date", k.IssueDate, &d.IssueDate}, {"effective_date", k.EffectiveDate, &d.EffectiveDate}} {
		if f.v == nil {
			continue
		}
		if *f.v == "" {
			*f.dst = gazette.Date{}
			continue
		}
		day, err := parseDay(*f.v)
		if err != nil {
			return &fieldError{Field: f.name, Value: *f.v, Reason: "want dd/mm/yyyy (20/11/2020) or YYYY-MM-DD",
				ReasonVI: "hãy nhập ngày/tháng/năm, ví dụ 20/11/2020"}
		}
		*f.dst = gazette.Date{Time: day}
	}
	if k.EffectiveDate != nil {
		d.EffectiveBasis = gazette.BasisCorrected
	}
	return nil
}

// correct answers PATCH /api/v1/documents/:id with a JSON object of the
// fields to correct; the audit log keeps who, when, before and after.
func (s *Server) correct(c echo.Context) error {
	id, err := parseID(c.Param("id"), "document")
	if err != nil {
		return err
	}
	var k correction
	if err := bindStrict(c, &k); err != nil {
		return err
	}
	d, err := s.correctDocument(c.Request().Context(), actorOf(c), id, k)
	if err != nil {
		return err
	}
	d.Text = ""
	return c.JSON(http.StatusOK, d)
}

// correctDocument applies a correction to a draft, or to the draft
// revision of a published document: the public record changes only when
// it is published. It returns the document corrected.
func (s *Server) correctDocument(ctx context.Context, actor string, id int64, k correction) (*gazette.Document, error) {
	d, err := s.Desk.Correct(ctx, actor, id, k.apply)
	if err != nil {
		return nil, err
	}
	s.reindex(ctx, d.ID)
	return d, nil
}

// publishRequest is the optional body of a publication.
type publishRequest struct {
	// Override is the reason to publish over the blockers (no number, a
	// part missing, a check not resolved); the audit log keeps it.
	Override string `json:"override"`
}

// publish answers POST /api/v1/documents/:id/publish, with an optional
// JSON body {"override": "reason"} (or a form field "override"). 409 says
// what blocks it: a classification mark (never published), or blockers
// without an override.
func (s *Server) publish(c echo.Context) error {
	id, err := parseID(c.Param("id"), "document")
	if err != nil {
		return err
	}
	var req publishRequest
	if isPageForm(c) {
		req.Override = c.FormValue("override")
	} else if err := bindOptional(c, &req); err != nil {
		return err
	}
	if t := tokenOf(c); t != nil && t.Role == gazette.RoleAgency {
		// an agency publishes its own documents only, and over no blocker
		d, err := s.Store.DocumentByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		if err := t.MayPublish(d); err != nil {
			return err
		}
		if req.Override != "" {
			return fmt.Errorf("agency %q cannot publish over blockers (override); a clerk reviews those: %w", t.Name, gazette.ErrForbidden)
		}
	}
	d, err := s.Desk.Publish(c.Request().Context(), actorOf(c), id, req.Override)
	if err != nil {
		if isPageForm(c) && errors.Is(err, gazette.ErrConflict) {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/quan-ly/van-ban/%d?blocked=1", id))
		}
		return err
	}
	s.reindex(c.Request().Context(), d.ID) // a revision is published into the document it revises
	if isPageForm(c) {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/van-ban/%d", d.ID))
	}
	d.Text = ""
	return c.JSON(http.StatusOK, d)
}

// declassifyRequest is the body of a declassification.
type declassifyRequest struct {
	Reason string `json:"reason"` // the decision that declassified it (số quyết định giải mật)
}

// declassify answers POST /api/v1/documents/:id/declassify (admins) with
// {"reason": "..."}: the hold of a document marked as a state secret is
// lifted; it stays a draft until published.
func (s *Server) declassify(c echo.Context) error {
	id, err := parseID(c.Param("id"), "document")
	if err != nil {
		return err
	}
	var req declassifyRequest
	if err := bindStrict(c, &req); err != nil {
		return err
	}
	d, err := s.Desk.Declassify(c.Request().Context(), actorOf(c), id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func isPageForm(c echo.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	return mt == "application/x-www-form-urlencoded"
}

// reindex brings the search index up to date with a change; a failure is
// logged: SQLite holds the change, and "congbao check" reports the gap.
func (s *Server) reindex(ctx context.Context, id int64) {
	if s.Index == nil {
		return
	}
	if err := s.Index.Update(ctx, []int64{id}); err != nil {
		s.Log.Error("update search index", "document", id, "err", err)
	}
}

// audit answers GET /api/v1/audit?entity=document&id=N (admins).
func (s *Server) audit(c echo.Context) error {
	entity, id := c.QueryParam("entity"), c.QueryParam("id")
	if entity == "" || id == "" {
		return echo.NewHTTPError(http.StatusBadRequest, `query parameters "entity" (document, token, job) and "id" are required`)
	}
	rows, err := s.Desk.AuditLog(c.Request().Context(), entity, id)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []gazette.AuditEntry{}
	}
	return c.JSON(http.StatusOK, map[string]any{"entity": entity, "id": id, "entries": rows})
}
