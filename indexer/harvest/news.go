package harvest

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// Limits on what a news feed may cost.
const (
	maxFeedBytes   = 16 << 20 // the feed itself
	maxPageHTML    = 8 << 20  // an item's page, read for its PDF link
	maxItemsOnce   = 200      // items taken in one run (congbao.chinhphu.vn lists 50)
	seenRemembered = 2000     // item ids kept to know what is new
	maxItemID      = 512      // longer ids are kept as their sha256
)

// News harvests a portal's feed of new documents and gazette issues, in
// RSS 2.0 or Atom (congbao.chinhphu.vn publishes RSS of its 50 newest),
// each item leading to its signed PDF: an enclosure, a link ending in
// .pdf, or a page that links to one. The PDF of each item not seen before
// is fetched from the feed's site only (its host, or a sibling under its
// parent domain: congbaocdn.chinhphu.vn for congbao.chinhphu.vn) and
// handed to Submit: in serve, the upload queue, so its documents wait as
// drafts for a clerk like any upload, and nothing reaches the public
// record unreviewed. The items seen are kept (sync_cursors, under the
// feed's URL), so a run fetches only what is new; an item that failed is
// tried again on the next run.
type News struct {
	URL    string // the feed
	Client *http.Client
	Store  CursorStore
	// Submit takes one fetched PDF under its file name and says what
	// became of it ("upload job 12").
	Submit func(ctx context.Context, name string, r io.Reader) (string, error)
}

// Instance is the feed's URL.
func (n *News) Instance() string { return n.URL }

// newsFeed is RSS 2.0 (rss/channel/item) or Atom (feed/entry).
type newsFeed struct {
	XMLName xml.Name
	Items   []newsItem `xml:"channel>item"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

type newsItem struct {
	GUID      string `xml:"guid"`
	Title     string `xml:"title"`
	Link      string `xml:"link"`
	PubDate   string `xml:"pubDate"`
	Enclosure []struct {
		URL  string `xml:"url,attr"`
		Type string `xml:"type,attr"`
	} `xml:"enclosure"`
}

// item is one entry of either format: its id, title, the PDF it names
// directly ("" when none) and the page it links to.
type item struct {
	id, title, pdf, page string
}

func (f *newsFeed) items() []item {
	var out []item
	for _, it := range f.Items {
		x := item{id: strings.TrimSpace(it.GUID), title: strings.TrimSpace(it.Title), page: strings.TrimSpace(it.Link)}
		for _, e := range it.Enclosure {
			if isPDF(e.URL, e.Type) {
				x.pdf = strings.TrimSpace(e.URL)
				break
			}
		}
		out = append(out, x)
	}
	for _, e := range f.Entries {
		x := item{id: strings.TrimSpace(e.ID), title: strings.TrimSpace(e.Title)}
		for _, l := range e.Links {
			switch {
			case x.pdf == "" && isPDF(l.Href, l.Type):
				x.pdf = strings.TrimSpace(l.Href)
			case x.page == "" && (l.Rel == "" || l.Rel == "alternate"):
				x.page = strings.TrimSpace(l.Href)
			}
		}
		out = append(out, x)
	}
	for i := range out {
		if out[i].pdf == "" && isPDF(out[i].page, "") {
			out[i].pdf, out[i].page = out[i].page, ""
		}
		if out[i].id == "" {
			out[i].id = cmp.Or(out[i].page, out[i].pdf)
		}
		if len(out[i].id) > maxItemID { // the cursor keeps 2,000 of them
			sum := sha256.Sum256([]byte(out[i].id))
			out[i].id = "sha256:" + hex.EncodeToString(sum[:])
		}
	}
	return out
}

// isPDF says whether a link of this type names a PDF.
func isPDF(href, typ string) bool {
	if strings.EqualFold(strings.TrimSpace(typ), "application/pdf") {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(href))
	return err == nil && strings.HasSuffix(strings.ToLower(u.Path), ".pdf")
}

// seen is the cursor of a news feed: the ids of the items taken, oldest
// first.
type seen struct {
	Items []string `json:"seen"`
}

// Harvest reads the feed and submits the PDF of each item not seen
// before. Items without a PDF, or whose PDF is elsewhere, are skipped with
// a note; an item that fails is noted and left for the next run.
func (n *News) Harvest(ctx context.Context) (Result, error) {
	start := time.Now()
	var res Result
	base, err := url.Parse(n.URL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return res, fmt.Errorf("harvest %q: want an http(s) feed URL", n.URL)
	}
	allow := sameSite(base)
	var s seen
	if c, err := n.Store.SyncCursor(ctx, n.Instance()); err != nil {
		return res, err
	} else if c != "" {
		if err := json.Unmarshal([]byte(c), &s); err != nil {
			return res, fmt.Errorf("harvest %s: stored cursor %.60q unreadable: %w", n.URL, c, err)
		}
	}
	known := make(map[string]bool, len(s.Items))
	for _, id := range s.Items {
		known[id] = true
	}
	body, err := get(ctx, n.Client, allow, n.URL, maxFeedBytes)
	if err != nil {
		return res, fmt.Errorf("harvest: %w", err)
	}
	var feed newsFeed
	err = xml.NewDecoder(body).Decode(&feed)
	body.Close()
	if err != nil {
		return res, fmt.Errorf("harvest %s: not an RSS or Atom feed: %w", n.URL, err)
	}
	if feed.XMLName.Local != "rss" && feed.XMLName.Local != "feed" {
		return res, fmt.Errorf("harvest %s: not an RSS or Atom feed (root element <%s>)", n.URL, feed.XMLName.Local)
	}
	res.Pages = 1
	items := feed.items()
	if len(items) > maxItemsOnce {
		res.Notes = append(res.Notes, fmt.Sprintf("the feed lists %d items; %d taken this run", len(items), maxItemsOnce))
		items = items[:maxItemsOnce]
	}
	for _, it := range items {
		res.Entries++
		if it.id == "" || known[it.id] {
			res.Unchanged++
			continue
		}
		note, err := n.take(ctx, base, allow, it)
		switch {
		case ctx.Err() != nil:
			return res, ctx.Err()
		case err != nil:
			res.Skipped++
			res.Notes = append(res.Notes, fmt.Sprintf("%q (%s): %v", it.title, it.id, err))
			if !permanent(err) {
				continue // tried again next run
			}
		default:
			res.Created++
			res.Originals++
			res.Notes = append(res.Notes, fmt.Sprintf("%q: %s", it.title, note))
		}
		known[it.id] = true
		s.Items = append(s.Items, it.id)
		if len(s.Items) > seenRemembered {
			s.Items = s.Items[len(s.Items)-seenRemembered:]
		}
		c, _ := json.Marshal(s)
		if err := n.Store.SyncSkip(ctx, n.Instance(), string(c)); err != nil {
			return res, err
		}
	}
	res.Cursor = fmt.Sprintf("%d items seen", len(s.Items))
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// permanentError is an item that will not do better on another run (no
// PDF, a PDF elsewhere, not a PDF): noted once and remembered as seen.
type permanentError struct{ msg string }

func (e permanentError) Error() string { return e.msg }

func permanent(err error) bool {
	_, ok := err.(permanentError)
	return ok
}

var pdfHref = regexp.MustCompile(`(?i)href\s*=\s*["']([^"'<>]+?\.pdf(?:[?#][^"'<>]*)?)["']`)

// take fetches one item's PDF and submits it.
func (n *News) take(ctx context.Context, base *url.URL, allow hostRule, it item) (string, error) {
	pdf := it.pdf
	if pdf == "" {
		if it.page == "" {
			return "", permanentError{"no link to a PDF or a page"}
		}
		page, err := base.Parse(it.page)
		if err != nil || !allow(page) {
			return "", permanentError{fmt.Sprintf("its page %s is not on the feed's site", it.page)}
		}
		body, err := get(ctx, n.Client, allow, page.String(), maxPageHTML)
		if err != nil {
			return "", err
		}
		doc, err := io.ReadAll(body)
		body.Close()
		if err != nil {
			return "", err
		}
		m := pdfHref.FindSubmatch(doc)
		if m == nil {
			return "", permanentError{fmt.Sprintf("its page %s links no PDF", page)}
		}
		ref, err := page.Parse(html.UnescapeString(string(m[1])))
		if err != nil {
			return "", permanentError{fmt.Sprintf("its page %s links a PDF at an unreadable address %q", page, m[1])}
		}
		pdf = ref.String()
	} else if ref, err := base.Parse(pdf); err == nil {
		pdf = ref.String()
	}
	u, err := url.Parse(pdf)
	if err != nil || !allow(u) {
		return "", permanentError{fmt.Sprintf("its PDF %s is not on the feed's site", pdf)}
	}
	body, err := get(ctx, n.Client, allow, pdf, maxOriginalBytes)
	if err != nil {
		return "", err
	}
	defer body.Close()
	data, err := io.ReadAll(body)
	if err != nil {
		return "", err
	}
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i < 0 {
		return "", permanentError{fmt.Sprintf("%s is not a PDF", pdf)}
	}
	name := path.Base(u.Path)
	if name == "." || name == "/" {
		name = "harvested.pdf"
	}
	return n.Submit(ctx, name, bytes.NewReader(data))
}
