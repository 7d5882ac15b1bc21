package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Source is a portal documents are harvested from: another congbao's
// change feed (Feed), a feed of new documents in RSS or Atom (News), or
// records in vbpl's JSON (Records). Harvest brings in what is new since
// the last run and says what it did; run again with nothing new, it adds
// nothing.
type Source interface {
	// Instance names the source in cursors, provenance and logs.
	Instance() string
	Harvest(ctx context.Context) (Result, error)
}

// CursorStore keeps where a source was left (gazette/sqlite.DB).
type CursorStore interface {
	SyncCursor(ctx context.Context, instance string) (string, error)
	SyncSkip(ctx context.Context, instance, cursor string) error
}

// hostRule says which URLs a source may send this server to.
type hostRule func(*url.URL) bool

// sameHostOnly allows base's scheme and host (with its port) only.
func sameHostOnly(base *url.URL) hostRule {
	return func(u *url.URL) bool { return u.Scheme == base.Scheme && u.Host == base.Host }
}

// sameSite allows http(s) URLs on base's host name (any port) or on a
// sibling under its parent domain: a feed on congbao.chinhphu.vn may link
// its PDFs on congbaocdn.chinhphu.vn, never on another site. An address
// or a two-label name (example.com) has no siblings.
func sameSite(base *url.URL) hostRule {
	home := strings.ToLower(base.Hostname())
	parent := ""
	if net.ParseIP(home) == nil {
		if _, p, ok := strings.Cut(home, "."); ok && strings.Contains(p, ".") {
			parent = p
		}
	}
	return func(u *url.URL) bool {
		if u.Scheme != "http" && u.Scheme != "https" {
			return false
		}
		h := strings.ToLower(u.Hostname())
		return h == home || (parent != "" && strings.HasSuffix(h, "."+parent))
	}
}

// get GETs u with client (a default one when nil) and returns its body,
// failing past limit bytes; the request and every redirect must pass
// allow.
func get(ctx context.Context, client *http.Client, allow hostRule, u string, limit int64) (io.ReadCloser, error) {
	target, err := url.Parse(u)
	if err != nil || !allow(target) {
		return nil, fmt.Errorf("GET %s: not on the source's site", u)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "congbao-harvest")
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Minute}
	}
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("more than 5 redirects")
		}
		if !allow(req.URL) {
			return fmt.Errorf("redirect from %s to another host (%s) refused", via[0].URL.Host, req.URL.Host)
		}
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s answered %d: %s", u, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return struct {
		io.Reader
		io.Closer
	}{&limitedReader{r: resp.Body, n: limit, url: u}, resp.Body}, nil
}

// limitedReader fails, rather than truncating, past its limit.
type limitedReader struct {
	r   io.Reader
	n   int64
	url string
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("%s is larger than its limit", l.url)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
