// Package harvest brings documents from other portals into this database,
// each behind the Source interface: another congbao's change feed (Feed),
// read page by page from a stored cursor, each document written with the
// cursor in one transaction; a portal's RSS or Atom feed of new documents
// (News), whose PDFs go to the upload queue for review; records in vbpl's
// JSON (Records), imported as drafts for review.
package harvest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"congbao/gazette"
)

// Store is what a sync writes to (gazette/sqlite.DB).
type Store interface {
	SyncCursor(ctx context.Context, instance string) (string, error)
	SyncRecord(ctx context.Context, actor, instance, cursor string, rec gazette.Record, originalSHA string) (gazette.Stored, error)
	SyncWithdraw(ctx context.Context, actor, instance, cursor, key, batch string) (bool, error)
	SyncSkip(ctx context.Context, instance, cursor string) error
	PutOriginal(ctx context.Context, name string, r io.Reader) (gazette.SourceFile, bool, error)
}

// Limits on what a source may cost.
const (
	pageLimit        = 100       // entries asked per page
	maxPageBytes     = 256 << 20 // one page of the feed, texts included
	maxOriginalBytes = 512 << 20 // one original file, as an upload
)

// Feed follows another congbao's public change feed (GET
// /api/v1/changes). Documents keep their provenance: the record key
// "sync:BASE:REMOTE-ID" and the batch "sync:BASE", so that what this
// source gave before changes directly when it revises it, while a
// document held from elsewhere under the same number gets a draft
// revision for review, never an overwrite.
type Feed struct {
	Base    string   // the source's base URL ("https://congbao.province.example")
	Issuers []string // issuer codes to take (BTC, UBND…); empty: every document
	Client  *http.Client
	Store   Store
	Actor   string // who the audit log names ("cli:sync")
	// Stored, when set, is told of each document written (to index it).
	Stored func(ctx context.Context, ids []int64) error
}

// Result counts what a sync did.
type Result struct {
	Pages     int      `json:"pages"`
	Entries   int      `json:"entries"`
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Conflicts int      `json:"conflicts"` // draft revisions waiting for review: the same document held from elsewhere, saying something else
	Withdrawn int      `json:"withdrawn"`
	Skipped   int      `json:"skipped"`   // other issuers, or entries whose document the source no longer publishes
	Originals int      `json:"originals"` // original files fetched and checked
	Cursor    string   `json:"cursor"`
	Seconds   float64  `json:"seconds"`
	Notes     []string `json:"notes,omitempty"` // what became of each item of a news feed, and why some were skipped
}

// Instance is the source's identity in cursors and provenance: its base
// URL without a trailing slash.
func (f *Feed) Instance() string { return strings.TrimRight(f.Base, "/") }

func (f *Feed) batch() string { return "sync:" + f.Instance() }

func (f *Feed) key(remoteID int64) string {
	return "sync:" + f.Instance() + ":" + strconv.FormatInt(remoteID, 10)
}

// page is one page of the change feed.
type page struct {
	Changes []gazette.FeedEntry `json:"changes"`
	Next    string              `json:"next"`
	More    bool                `json:"more"`
}

// Harvest is Sync (Source).
func (f *Feed) Harvest(ctx context.Context) (Result, error) { return f.Sync(ctx) }

// Sync reads the feed from the stored cursor to its end. Stopped at any
// point (an error, a signal, a kill), it resumes where the last stored
// entry left it; run again at the end, it adds nothing.
func (f *Feed) Sync(ctx context.Context) (Result, error) {
	start := time.Now()
	var res Result
	base, err := url.Parse(f.Instance())
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return res, fmt.Errorf("sync from %q: want an http(s) base URL", f.Base)
	}
	cursor, err := f.Store.SyncCursor(ctx, f.Instance())
	if err != nil {
		return res, err
	}
	for {
		p, err := f.fetchPage(ctx, cursor)
		if err != nil {
			return res, err
		}
		res.Pages++
		var stored []int64
		for _, e := range p.Changes {
			id, err := f.apply(ctx, base, e, &res)
			if err != nil {
				return res, fmt.Errorf("sync from %s: entry %s (document %d): %w", f.Instance(), e.Cursor, e.DocumentID, err)
			}
			if id != 0 {
				stored = append(stored, id)
			}
			cursor = e.Cursor
			res.Entries++
		}
		if f.Stored != nil && len(stored) > 0 {
			if err := f.Stored(ctx, stored); err != nil {
				return res, err
			}
		}
		if !p.More || len(p.Changes) == 0 {
			break
		}
		if p.Next != "" {
			cursor = p.Next
		}
	}
	res.Cursor, res.Seconds = cursor, time.Since(start).Seconds()
	return res, nil
}

// fetchPage reads one page of the feed after cursor.
func (f *Feed) fetchPage(ctx context.Context, cursor string) (page, error) {
	var p page
	u := fmt.Sprintf("%s/api/v1/changes?limit=%d&since=%s", f.Instance(), pageLimit, url.QueryEscape(cursor))
	body, err := f.get(ctx, u, maxPageBytes)
	if err != nil {
		return p, err
	}
	defer body.Close()
	if err := json.NewDecoder(body).Decode(&p); err != nil {
		return p, fmt.Errorf("sync from %s: %s: not a change feed: %w", f.Instance(), u, err)
	}
	return p, nil
}

// get GETs u from the source (its host only), bounded to limit bytes.
func (f *Feed) get(ctx context.Context, u string, limit int64) (io.ReadCloser, error) {
	base, err := url.Parse(f.Instance())
	if err != nil {
		return nil, err
	}
	body, err := get(ctx, f.Client, sameHostOnly(base), u, limit)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	return body, nil
}

// wanted reports whether a document of these issuer codes ("BTC",
// "BTC+BNV") is one this sync takes.
func (f *Feed) wanted(issuer string) bool {
	if len(f.Issuers) == 0 {
		return true
	}
	for _, have := range strings.Split(issuer, "+") {
		for _, want := range f.Issuers {
			if strings.EqualFold(have, want) {
				return true
			}
		}
	}
	return false
}

// apply stores one entry, with the cursor, and returns the local id of the
// document written (0 when none).
func (f *Feed) apply(ctx context.Context, base *url.URL, e gazette.FeedEntry, res *Result) (int64, error) {
	if e.Cursor == "" {
		return 0, errors.New("entry without a cursor")
	}
	switch {
	case e.Kind == gazette.FeedWithdraw:
		gone, err := f.Store.SyncWithdraw(ctx, f.Actor, f.Instance(), e.Cursor, f.key(e.DocumentID), f.batch())
		if gone {
			res.Withdrawn++
		} else {
			res.Skipped++
		}
		return 0, err
	case e.Gone || e.Document == nil:
		res.Skipped++
		return 0, f.Store.SyncSkip(ctx, f.Instance(), e.Cursor)
	case e.Document.State != gazette.StatePublished:
		return 0, fmt.Errorf("the feed carries a document in state %q: only published documents travel", e.Document.State)
	}
	issuer := ""
	if e.Document.Issuer != nil {
		issuer = *e.Document.Issuer
	}
	if !f.wanted(issuer) {
		res.Skipped++
		return 0, f.Store.SyncSkip(ctx, f.Instance(), e.Cursor)
	}
	sha := ""
	if e.Original != nil && e.Original.SHA256 != "" {
		var err error
		if sha, err = f.fetchOriginal(ctx, base, e); err != nil {
			return 0, err
		}
		res.Originals++
	}
	claims := e.Document.Claims()
	claims.URL = fmt.Sprintf("%s/van-ban/%d", f.Instance(), e.DocumentID)
	claims.Reviewed = true // the source's clerks reviewed what it published
	rec := gazette.Record{Key: f.key(e.DocumentID), Stated: claims, Text: e.Text, State: gazette.StatePublished, Batch: f.batch()}
	st, err := f.Store.SyncRecord(ctx, f.Actor, f.Instance(), e.Cursor, rec, sha)
	if err != nil {
		return 0, err
	}
	switch {
	case st.Created:
		res.Created++
	case st.Unchanged:
		res.Unchanged++
	case st.RevisionOf != 0:
		res.Conflicts++
	default:
		res.Updated++
	}
	return st.ID, nil
}

// fetchOriginal fetches an entry's original from the source (the same
// host only: a feed cannot send this server to fetch elsewhere), stores it
// and checks it against the sha256 the feed gave.
func (f *Feed) fetchOriginal(ctx context.Context, base *url.URL, e gazette.FeedEntry) (string, error) {
	u, err := url.Parse(e.Original.URL)
	if err != nil || u.Scheme != base.Scheme || u.Host != base.Host {
		return "", fmt.Errorf("original %q is not on the source %s", e.Original.URL, base)
	}
	body, err := f.get(ctx, u.String(), maxOriginalBytes)
	if err != nil {
		return "", err
	}
	defer body.Close()
	h := sha256.New()
	sf, _, err := f.Store.PutOriginal(ctx, fmt.Sprintf("sync-%d.pdf", e.DocumentID), io.TeeReader(body, h))
	if err != nil {
		return "", fmt.Errorf("original of document %d: %w", e.DocumentID, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != e.Original.SHA256 || sf.SHA256 != got {
		return "", fmt.Errorf("original of document %d: sha256 %s, the feed says %s", e.DocumentID, got, e.Original.SHA256)
	}
	return sf.SHA256, nil
}
