package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// relation is what a document does to another it cites.
type relation struct {
	Relation string `json:"relation"`
	Number   string `json:"number,omitempty"`
	TypeName string `json:"type_name,omitempty"`
	Name     string `json:"name,omitempty"` // a law cited by name
	Pinpoint string `json:"pinpoint,omitempty"`
}

// outgoingRelations lists, once each, the relations a document's citations
// state (all but plain references and references to itself).
func outgoingRelations(cits []gazette.Citation) []relation {
	out := []relation{}
	seen := map[relation]bool{}
	for _, ct := range cits {
		r := relation{Relation: ct.Relation, Number: ct.Number, TypeName: ct.TypeName, Name: ct.Name, Pinpoint: ct.Pinpoint}
		if ct.Relation == gazette.RelReference || ct.Self || seen[r] || (r.Number == "" && r.Name == "") {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	return out
}

// documentRelations answers GET /api/v1/documents/:id/relations: what this
// document does to others (căn cứ, sửa đổi, thay thế, bãi bỏ, …, from its
// citations) and what others do to it.
func (s *Server) documentRelations(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	cits, err := s.Store.Citations(ctx, d.ID)
	if err != nil {
		return err
	}
	out := outgoingRelations(cits)
	in := []gazette.CitingDocument{}
	if d.Number != "" {
		by, err := s.Store.CitedBy(ctx, d.Number)
		if err != nil {
			return err
		}
		for _, b := range by {
			if b.Relation != gazette.RelReference && b.Relation != gazette.RelBasis {
				in = append(in, b)
			}
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d.ID, "number": d.Number, "outgoing": out, "incoming": in})
}

// original answers GET /api/v1/documents/:id/original: the file it came from.
func (s *Server) original(c echo.Context) error {
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	if d.SourceSHA256 == "" || s.Library == nil {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("document %d was imported from a text record and has no original file", d.ID))
	}
	if !roleOf(c).Allows(gazette.RoleClerk) {
		// the file may hold other documents (a gazette issue): it is public
		// only when all of them are
		public, err := s.Library.OriginalPublic(c.Request().Context(), d.SourceSHA256)
		if err != nil {
			return err
		}
		if !public {
			return echo.NewHTTPError(http.StatusForbidden, fmt.Sprintf("the original file of document %d also holds documents not yet published; it is served once all of them are (the text is at /api/v1/documents/%d/text)", d.ID, d.ID))
		}
	}
	path := s.Library.OriginalPath(d.SourceSHA256)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("original %s of document %d: %w", d.SourceSHA256, d.ID, err)
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.pdf"`, d.SourceSHA256[:12]))
	c.Response().Header().Set(echo.HeaderContentType, "application/pdf")
	return c.File(path)
}

// gazetteIssues answers GET /api/v1/gazette-issues.
func (s *Server) gazetteIssues(c echo.Context) error {
	is, err := s.Library.GazetteIssues(c.Request().Context(), c.QueryParam("type"), c.QueryParam("issuer"), 500)
	if err != nil {
		return err
	}
	if is == nil {
		is = []gazette.IssueSummary{}
	}
	return c.JSON(http.StatusOK, map[string]any{"issues": is})
}

// gazetteIssue answers GET /api/v1/gazette-issues/:id: one issue and the
// published documents it holds.
func (s *Server) gazetteIssue(c echo.Context) error {
	id, err := parseID(c.Param("id"), "gazette issue")
	if err != nil {
		return err
	}
	is, docs, err := s.Library.GazetteIssue(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"issue": is, "documents": docs})
}

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string `xml:"title"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	// Published is the document's issue date (its own date, not the
	// time congbao stored it).
	Published string     `xml:"published,omitempty"`
	Link      []atomLink `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
	Category  []atomCat  `xml:"category"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// newFeed starts a feed whose id and self link are the request's URL on
// the configured base URL (a Host header does not choose the links other
// portals harvest); it returns the base URL for the entries' links.
func (s *Server) newFeed(c echo.Context, title string) (string, atomFeed) {
	base := s.BaseURL
	if base == "" {
		base = defaultBaseURL
	}
	self := base + c.Request().URL.RequestURI()
	return base, atomFeed{Title: title, ID: self, Author: atomAuthor{Name: "congbao"},
		Link: []atomLink{{Rel: "self", Href: self}, {Href: base + "/"}}}
}

func writeAtom(c echo.Context, f atomFeed) error {
	c.Response().Header().Set(echo.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte(xml.Header)); err != nil {
		return err
	}
	enc := xml.NewEncoder(c.Response())
	enc.Indent("", " ")
	return enc.Encode(f)
}

// documentsFeed answers GET /feeds/van-ban.atom?type=NĐ&issuer=CP: the
// newest published documents.
func (s *Server) documentsFeed(c echo.Context) error {
	typ, issuer := c.QueryParam("type"), c.QueryParam("issuer")
	docs, err := s.Library.Published(c.Request().Context(), typ, issuer, 50)
	if err != nil {
		return err
	}
	base, f := s.newFeed(c, "congbao: văn bản mới")
	updated := time.Unix(0, 0).UTC()
	for _, d := range docs {
		if d.Language == "en" {
			continue // a translation is a language version of its document, not news of its own
		}
		own := documentTime(d)
		if own.After(updated) {
			updated = own
		}
		title := strings.TrimSpace(d.TypeName + " " + d.Number)
		if t := cleanTitle(d.Title); t != "" {
			title += ": " + t
		}
		e := atomEntry{Title: title, ID: fmt.Sprintf("%s/van-ban/%d", base, d.ID), Updated: own.Format(time.RFC3339),
			Link:    []atomLink{{Href: fmt.Sprintf("%s/van-ban/%d", base, d.ID)}, {Rel: "alternate", Type: "application/json", Href: fmt.Sprintf("%s/api/v1/documents/%d", base, d.ID)}},
			Summary: feedSummary(d)}
		if !d.IssueDate.IsZero() {
			e.Published = d.IssueDate.Format(time.RFC3339)
		}
		for _, cat := range []atomCat{{Term: d.Type, Label: d.TypeName}, {Term: d.Issuer, Label: d.IssuerName}} {
			if cat.Term != "" {
				e.Category = append(e.Category, cat)
			}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.Format(time.RFC3339)
	return writeAtom(c, f)
}

// issuesFeed answers GET /feeds/cong-bao.atom?type=&issuer=: the newest
// gazette issues (holding documents of that type and issuer).
func (s *Server) issuesFeed(c echo.Context) error {
	is, err := s.Library.GazetteIssues(c.Request().Context(), c.QueryParam("type"), c.QueryParam("issuer"), 50)
	if err != nil {
		return err
	}
	base, f := s.newFeed(c, "congbao: số Công báo")
	updated := ""
	for _, i := range is {
		day := i.Date.String()
		if day == "" {
			day = strconv.Itoa(i.Year) + "-01-01"
		}
		at := day + "T00:00:00Z"
		if at > updated {
			updated = at
		}
		f.Entries = append(f.Entries, atomEntry{Title: fmt.Sprintf("Công báo số %s ngày %s (%d văn bản)", i.Issue, i.Date, i.Documents),
			ID: fmt.Sprintf("%s/cong-bao/%d", base, i.ID), Updated: at, Link: []atomLink{{Href: fmt.Sprintf("%s/cong-bao/%d", base, i.ID)}}})
	}
	if updated == "" {
		updated = time.Unix(0, 0).UTC().Format(time.RFC3339)
	}
	f.Updated = updated
	return writeAtom(c, f)
}

// defaultBaseURL is the base of links when none is configured (serve
// always configures one: --base-url, or its own address).
const defaultBaseURL = "http://localhost"

// documentTime is a feed entry's updated time: the document's own time,
// its issue date, else the time it was stored (a document without a
// date). A bulk import gives every document the same storing time, which
// says nothing of the document; the feed keeps the order of publication.
func documentTime(d *gazette.Document) time.Time {
	own := d.IssueDate.Time
	if own.IsZero() {
		own = d.UpdatedAt
	}
	return own.UTC()
}

// feedSummary is an entry's summary: issuer, place, date and the status
// today by the one rule, leaving out what is unknown.
func feedSummary(d *gazette.Document) string {
	var parts []string
	for _, p := range []string{d.IssuerName, d.Place} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	if !d.IssueDate.IsZero() {
		parts = append(parts, "ban hành ngày "+dmy(d.IssueDate))
	}
	if st := d.StatusToday(); st != "" {
		parts = append(parts, "hiệu lực: "+st)
	}
	return strings.Join(parts, ", ")
}
