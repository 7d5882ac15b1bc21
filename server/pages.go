package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
	"congbao/gazette/law"
	"congbao/gazette/number"
)

// The pages are html/template files embedded in the binary; the interface
// is Vietnamese. Readable, stable URLs: /van-ban/{id}, /van-ban?so=…,
// /cong-bao/{id}, /quan-ly.
//
//go:embed web/*.html
var webFiles embed.FS

var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"search", "document", "list", "desk", "review", "api", "notfound", "issues", "issue"} {
		out[name] = template.Must(template.New(name).Funcs(pageFuncs).ParseFS(webFiles, "web/layout.html", "web/"+name+".html"))
	}
	return out
}()

// isoDate is a date as the API writes it, inside a sentence.
var isoDate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// pageFuncs are the templates' helpers: every page writes dates as
// dd/mm/yyyy (the API keeps ISO 8601).
var pageFuncs = template.FuncMap{
	"dmy":     dmy,
	"vnDates": func(s string) string { return isoDate.ReplaceAllString(s, "$3/$2/$1") },
	"clean":   cleanTitle,
	// host is the site of an address, to name a source link by it
	"host": func(s string) string {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strings.TrimPrefix(u.Host, "www.")
		}
		return s
	},
	// typed is what the clerk typed into a refused form, else the value
	"typed": func(typed map[string]string, name, value string) string {
		if v, ok := typed[name]; ok {
			return v
		}
		return value
	},
	"stateVI": stateVI,
	"stepVI": func(s string) string {
		if vi, ok := stepsVI[s]; ok {
			return vi
		}
		return s
	},
}

// stepsVI names what an upload job is doing, in Vietnamese.
var stepsVI = map[string]string{"extracting text and metadata": "đang trích xuất văn bản và thông tin"}

func (s *Server) pageRoutes(e *echo.Echo) {
	e.GET("/", s.searchPage)
	e.GET("/van-ban", s.numberPage)
	e.GET("/van-ban/:id", s.documentPage)
	e.GET("/cong-bao", s.issuesPage, s.needs(s.Library != nil))
	e.GET("/cong-bao/:id", s.issuePage, s.needs(s.Library != nil))
	e.GET("/quan-ly", s.deskPage)
	e.POST("/quan-ly/dang-nhap", s.login)
	e.POST("/quan-ly/dang-xuat", s.logout)
	e.POST("/quan-ly/tai-len", s.upload, s.pageClerk)
	e.GET("/quan-ly/van-ban/:id", s.reviewPage, s.pageClerk, s.needs(s.Desk != nil))
	e.POST("/quan-ly/van-ban/:id", s.saveReview, s.pageClerk, s.needs(s.Desk != nil))
}

// render writes a page; data is a map with at least "Title".
func (s *Server) render(c echo.Context, status int, name string, data map[string]any) error {
	data["CSRF"] = csrfOf(c) // the forms of a signed-in clerk carry it
	if _, ok := data["Typed"]; !ok {
		data["Typed"] = map[string]string{} // what a refused form had typed: nothing
	}
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, name+".html", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// pageClerk sends a visitor without a clerk token to the sign-in form.
func (s *Server) pageClerk(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !roleOf(c).Allows(gazette.RoleClerk) {
			return c.Redirect(http.StatusSeeOther, "/quan-ly")
		}
		return next(c)
	}
}

type facetView struct {
	Label  string
	Values []facetValue
}

type facetValue struct {
	Value, Href string
	Count       int
}

var facetLabels = []struct{ key, label, filter string }{
	{"type", "Loại văn bản", "type"}, {"issuer", "Cơ quan", "issuer"}, {"year", "Năm", "year"}, {"status", "Hiệu lực", "status"}}

// snippetHTML keeps the <mark> of a snippet and escapes everything else.
func snippetHTML(s string) template.HTML {
	s = html.EscapeString(html.UnescapeString(s))
	return template.HTML(strings.NewReplacer("&lt;mark&gt;", "<mark>", "&lt;/mark&gt;", "</mark>").Replace(s))
}

func (s *Server) searchPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := strings.TrimSpace(c.QueryParam("q"))
	data := map[string]any{"Title": "Tìm kiếm", "Query": q}
	if q == "" {
		n, err := s.publishedCount(c)
		if err != nil {
			return err
		}
		data["Documents"] = n
		return s.render(c, http.StatusOK, "search", data)
	}
	if s.Searcher == nil {
		data["Error"] = "Tìm kiếm chưa sẵn sàng trên máy chủ này."
		return s.render(c, http.StatusServiceUnavailable, "search", data)
	}
	const size = 20
	var res *gazette.SearchResult
	sort := c.QueryParam("sort")
	data["Sort"], data["Chips"] = sort, queryChips(q, sort)
	data["Sorts"] = []pageLink{{Label: "Liên quan nhất", Href: searchHref(q, "", 0), Current: sort == "" || sort == "relevance"},
		{Label: "Mới nhất", Href: searchHref(q, "newest", 0), Current: sort == "newest" || sort == "date"},
		{Label: "Cũ nhất", Href: searchHref(q, "oldest", 0), Current: sort == "oldest"}}
	from, err := pageParam(c, "from", 0, gazette.MaxFrom)
	byDate, oldest, serr := sortParam(sort)
	if err == nil {
		err = serr
	}
	if err == nil {
		res, err = s.runSearch(ctx, gazette.SearchRequest{Query: q, From: from, Size: size, ByDate: byDate, Oldest: oldest, Facets: true, Snippets: true})
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusServiceUnavailable:
			c.Response().Header().Set("Retry-After", "30")
			data["Error"] = "Tìm kiếm tạm thời không trả lời được (chỉ mục đang được xây dựng, hoặc câu tìm kiếm chạy quá lâu); vui lòng thử lại sau."
		default:
			data["Error"] = searchErrorVI(fmt.Sprint(he.Message))
		}
		return s.render(c, he.Code, "search", data)
	}
	if err != nil {
		return err
	}
	type hitView struct {
		Document *gazette.Document
		Article  string
		Snippet  []template.HTML
	}
	docs, err := s.hitDocuments(ctx, res.Hits)
	if err != nil {
		return err
	}
	var hits []hitView
	for _, h := range res.Hits {
		d := docs[h.DocID]
		if d == nil {
			continue
		}
		v := hitView{Document: d, Article: h.Article}
		for _, sn := range h.Snippet {
			v.Snippet = append(v.Snippet, snippetHTML(sn))
		}
		hits = append(hits, v)
	}
	var facets []facetView
	for _, f := range facetLabels {
		fv := facetView{Label: f.label}
		for _, v := range res.Facets[f.key] {
			val := v.Value
			if strings.ContainsAny(val, " :") {
				val = `"` + val + `"`
			}
			fv.Values = append(fv.Values, facetValue{Value: v.Value, Count: v.Count, Href: searchHref(q+" "+f.filter+":"+val, sort, 0)})
		}
		if len(fv.Values) > 0 {
			facets = append(facets, fv)
		}
	}
	data["Result"], data["Hits"], data["Facets"] = res, hits, facets
	data["Pages"] = pageLinks(q, sort, from, size, res.Total, gazette.MaxFrom)
	if from > 0 {
		data["Prev"] = searchHref(q, sort, max(0, from-size))
	}
	if uint64(from+size) < res.Total && from+size <= gazette.MaxFrom {
		data["Next"] = searchHref(q, sort, from+size)
	}
	if len(hits) > 0 {
		data["First"], data["Last"] = from+1, from+len(hits)
	}
	return s.render(c, http.StatusOK, "search", data)
}

// publishedCount is the number of published documents (the public count).
func (s *Server) publishedCount(c echo.Context) (int, error) {
	return s.Store.CountPublished(c.Request().Context())
}

// numberPage answers /van-ban?so=43/2011/NĐ-CP: one match goes to its page,
// several are listed.
func (s *Server) numberPage(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("so"))
	if q == "" {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	data := map[string]any{"Title": q, "Heading": "Số, ký hiệu " + q, "Query": q, "Number": q,
		"SearchText": searchHref(`"`+q+`"`, "", 0)}
	n, err := number.Parse(q)
	if err != nil {
		why := "không đọc được"
		var pe *number.ParseError
		if errors.As(err, &pe) {
			why = pe.ReasonVI()
		}
		data["Title"], data["Heading"] = "Không phải số, ký hiệu", "«"+q+"» không phải số, ký hiệu văn bản"
		data["Note"] = "Lý do: " + why + ". Hãy kiểm tra lại số (ví dụ 45/2013/QH13, 43/2011/NĐ-CP), hoặc tìm theo nội dung."
		return s.render(c, http.StatusBadRequest, "notfound", data)
	}
	docs, err := s.Store.DocumentsByNumber(c.Request().Context(), n.String(), false)
	if err != nil {
		return err
	}
	if len(docs) == 1 {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/van-ban/%d", docs[0].ID))
	}
	data["Docs"], data["Heading"], data["Number"] = docs, "Số, ký hiệu "+n.String(), n.String()
	data["SearchText"] = searchHref(`"`+n.String()+`"`, "", 0)
	if len(docs) == 0 {
		data["Title"], data["Heading"] = "Không tìm thấy "+n.String(), "Chưa có văn bản "+n.String()
		data["Note"] = fmt.Sprintf("%s %s chưa có trong cơ sở dữ liệu. Các văn bản đang có có thể dẫn chiếu đến nó.", n.TypeName(), n.String())
		return s.render(c, http.StatusNotFound, "notfound", data)
	}
	data["Note"] = fmt.Sprintf("%d văn bản mang số này (số không có năm lặp lại mỗi năm, số của địa phương lặp lại giữa các tỉnh).", len(docs))
	return s.render(c, http.StatusOK, "list", data)
}

func (s *Server) documentPage(c echo.Context) error {
	dos, err := s.visibleDossier(c, c.Param("id"))
	if errors.Is(err, gazette.ErrNotFound) {
		return s.render(c, http.StatusNotFound, "notfound", map[string]any{"Title": "Không tìm thấy", "Heading": "Không tìm thấy văn bản #" + c.Param("id"),
			"Note": "Không có văn bản đã công bố với mã này: đường dẫn có thể sai, hoặc văn bản chưa được công bố."})
	}
	if err != nil {
		return err
	}
	d, arts, cits, citedBy := dos.Document, dos.Articles, dos.Citations, dos.CitedBy
	groups, err := s.relationGroups(c.Request().Context(), d, cits, citedBy)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(d.TypeName + " " + d.Number)
	if title == "" {
		title = d.Title
	}
	data := map[string]any{"Title": title, "Doc": d, "Articles": arts, "Parts": dos.Parts,
		"Effect": d.EffectAt(time.Now()), "Relations": groups, "Print": c.QueryParam("ban-in") != "",
		"Text": documentHTML(d.Text, cits, arts), "Amended": len(dos.Amendments) > 0}
	if q := c.QueryParam("tai-ngay"); q != "" {
		day, err := parseDay(q)
		if err != nil {
			return s.render(c, http.StatusBadRequest, "notfound", map[string]any{"Title": "Ngày không hợp lệ",
				"Heading": "Ngày «" + q + "» không hợp lệ: hãy nhập ngày/tháng/năm (20/11/2020) hoặc năm-tháng-ngày (2020-11-20)"})
		}
		t := law.TextOf(d, dos.Amendments, day)
		data["AsOf"], data["Consolidated"], data["Effect"] = t.AsOf, consolidatedHTML(t), d.EffectAt(day)
	}
	return s.render(c, http.StatusOK, "document", data)
}

func (s *Server) issuesPage(c echo.Context) error {
	is, err := s.Library.GazetteIssues(c.Request().Context(), c.QueryParam("type"), c.QueryParam("issuer"), 500)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "issues", map[string]any{"Title": "Công báo", "Issues": is})
}

func (s *Server) issuePage(c echo.Context) error {
	id, err := parseID(c.Param("id"), "gazette issue")
	if err != nil {
		return err
	}
	is, docs, err := s.Library.GazetteIssue(c.Request().Context(), id)
	if errors.Is(err, gazette.ErrNotFound) {
		return s.render(c, http.StatusNotFound, "notfound", map[string]any{"Title": "Không tìm thấy", "Heading": "Không tìm thấy số Công báo " + c.Param("id")})
	}
	if err != nil {
		return err
	}
	// each document with its pages in this issue, and a link opening its
	// original at the first of them
	type row struct {
		Doc                 *gazette.Document
		FirstPage, LastPage int
		PDF                 string
		PDFPage             int // the page of the original the link opens at
	}
	rows := make([]row, 0, len(docs))
	for _, d := range docs {
		r := row{Doc: d, FirstPage: d.Gazette.FirstPage, LastPage: d.Gazette.LastPage}
		parts, err := s.Store.Parts(c.Request().Context(), d.ID)
		if err != nil {
			return err
		}
		for _, p := range parts {
			if p.Issue == is.Issue && p.FirstPage > 0 {
				r.FirstPage, r.LastPage = p.FirstPage, p.LastPage
			}
			if p.Issue == is.Issue && p.SourceSHA256 != "" && p.SourceSHA256 == d.SourceSHA256 {
				r.PDFPage = max(1, p.PDFFirstPage)
				r.PDF = fmt.Sprintf("/api/v1/documents/%d/original#page=%d", d.ID, r.PDFPage)
			}
		}
		if r.PDF == "" && d.SourceSHA256 != "" {
			r.PDF = fmt.Sprintf("/api/v1/documents/%d/original", d.ID)
		}
		rows = append(rows, r)
	}
	return s.render(c, http.StatusOK, "issue", map[string]any{"Title": "Công báo số " + is.Issue, "Issue": is, "Rows": rows})
}

func (s *Server) deskPage(c echo.Context) error {
	ctx := c.Request().Context()
	data := map[string]any{"Title": "Quản lý"}
	t := tokenOf(c)
	if t == nil || !t.Role.Allows(gazette.RoleClerk) || s.Desk == nil {
		if s.Desk == nil {
			data["Error"] = "Máy chủ này không bật chức năng quản lý."
		}
		return s.render(c, http.StatusOK, "desk", data)
	}
	data["Token"] = t
	if s.Uploads != nil {
		jobs, err := s.Uploads.Jobs(ctx, 30)
		if err != nil {
			return err
		}
		data["Jobs"] = jobs
		var ids []int64
		for _, j := range jobs {
			ids = append(ids, j.Documents...)
		}
		metas, err := s.Store.DocumentsMeta(ctx, ids)
		if err != nil {
			return err
		}
		byID := map[int64]*gazette.Document{}
		for _, m := range metas {
			byID[m.ID] = m
		}
		data["JobDocs"] = byID
		for _, j := range jobs {
			if j.State == gazette.JobQueued || j.State == gazette.JobRunning {
				data["Refresh"] = 2 // poll while a file is being read
			}
		}
	}
	drafts, err := s.Desk.Drafts(ctx, 200)
	if err != nil {
		return err
	}
	data["Drafts"] = drafts
	if j := c.QueryParam("job"); j != "" && data["Refresh"] != nil {
		data["Flash"] = "Đã nhận tệp (việc #" + j + "); đang trích xuất văn bản."
	}
	return s.render(c, http.StatusOK, "desk", data)
}

// login checks a token typed into the sign-in form and opens a session:
// the cookie holds the session's own value (HttpOnly, SameSite=Strict,
// expiring), never the token.
func (s *Server) login(c echo.Context) error {
	value := strings.TrimSpace(c.FormValue("token"))
	if s.Desk == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "this server was started without this feature")
	}
	t, err := s.Desk.TokenByValue(c.Request().Context(), value)
	if err != nil || !t.Role.Allows(gazette.RoleClerk) {
		return s.render(c, http.StatusUnauthorized, "desk", map[string]any{"Title": "Quản lý", "Error": "Mã truy cập không hợp lệ hoặc đã bị thu hồi."})
	}
	session, _, err := s.Desk.CreateSession(c.Request().Context(), t.ID, SessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: session, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: s.secure() || c.Scheme() == "https", MaxAge: int(SessionTTL.Seconds())})
	return c.Redirect(http.StatusSeeOther, "/quan-ly")
}

// logout ends the session: its cookie's value no longer signs anyone in.
func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" && s.Desk != nil {
		if err := s.Desk.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearSession(c)
	return c.Redirect(http.StatusSeeOther, "/quan-ly")
}

func (s *Server) reviewPage(c echo.Context) error {
	d, err := s.visibleDocument(c, c.Param("id"))
	if err != nil {
		return err
	}
	if d.Parts, err = s.Store.Parts(c.Request().Context(), d.ID); err != nil {
		return err
	}
	data := map[string]any{"Title": fmt.Sprintf("Duyệt văn bản %d", d.ID), "Doc": d, "Blockers": d.Blockers(), "Sources": fieldSources(d)}
	if c.QueryParam("saved") != "" {
		data["Flash"] = "Đã lưu."
	}
	if c.QueryParam("blocked") != "" {
		data["Error"] = "Chưa công bố được: xem các điểm cần xử lý bên dưới."
	}
	return s.render(c, http.StatusOK, "review", data)
}

// fieldSource is where a field of the review form was read, with the
// document whose original the page link opens.
type fieldSource struct {
	gazette.FieldSource
	DocID int64
}

// fieldSources maps each field whose value the text gave to where it was
// read (gazette.Document.FieldSources).
func fieldSources(d *gazette.Document) map[string]*fieldSource {
	out := map[string]*fieldSource{} // pointers: a field without a source is nil, and shows nothing
	for _, s := range d.FieldSources() {
		out[s.Field] = &fieldSource{s, d.ID}
	}
	return out
}

// saveReview applies the review form's corrections.
func (s *Server) saveReview(c echo.Context) error {
	id, err := parseID(c.Param("id"), "document")
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "review form: "+err.Error())
	}
	field := func(name string) *string { // a field the form did not send is kept as it is
		if vs, ok := form[name]; ok && len(vs) > 0 {
			return &vs[0]
		}
		return nil
	}
	k := correction{Number: field("number"), TypeName: field("type_name"), IssuerName: field("issuer_name"), Title: field("title"),
		Place: field("place"), IssueDate: field("issue_date"), Signer: field("signer"), SignerTitle: field("signer_title"),
		EffectiveDate: field("effective_date")}
	before, err := s.Store.DocumentByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if k.EffectiveDate != nil && (*k.EffectiveDate == before.EffectiveDate.String() || *k.EffectiveDate == dmy(before.EffectiveDate)) {
		k.EffectiveDate = nil // unchanged: keep how it was derived
	}
	if k.Number != nil && *k.Number == before.NumberPrinted {
		k.Number = nil
	}
	d, err := s.correctDocument(c.Request().Context(), actorOf(c), id, k)
	if err != nil {
		if errors.Is(err, gazette.ErrInvalid) {
			// the form comes back with what was typed, and says what to change
			typed := map[string]string{}
			for name, vs := range form {
				if len(vs) > 0 {
					typed[name] = vs[0]
				}
			}
			msg := "Chưa lưu: " + err.Error()
			var fe *fieldError
			if errors.As(err, &fe) {
				msg = fe.MessageVI()
				typed["invalid"] = fe.Field
			}
			if before.Parts, err = s.Store.Parts(c.Request().Context(), before.ID); err != nil {
				return err
			}
			return s.render(c, http.StatusBadRequest, "review", map[string]any{"Title": fmt.Sprintf("Duyệt văn bản %d", before.ID), "Doc": before,
				"Error": msg, "Typed": typed, "Blockers": before.Blockers(), "Sources": fieldSources(before)})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/quan-ly/van-ban/%d?saved=1", d.ID)) // a revision, for a published document
}

// statesVI names the states of documents and upload jobs in Vietnamese.
var statesVI = map[string]string{string(gazette.StateDraft): "bản nháp", string(gazette.StatePublished): "đã công bố",
	gazette.JobQueued: "đang chờ", gazette.JobRunning: "đang đọc", gazette.JobDone: "đã đọc xong", gazette.JobFailed: "lỗi"}

// stateVI is a state in Vietnamese (as it is when it has no name yet).
func stateVI(v any) string {
	s := fmt.Sprint(v)
	if vi, ok := statesVI[s]; ok {
		return vi
	}
	return s
}
