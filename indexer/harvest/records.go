package harvest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"congbao/gazette"
)

// maxRecordsBytes bounds one harvest of records (the 974 vbpl records of
// the sample are 5 MiB compressed, 40 MiB plain).
const maxRecordsBytes = 512 << 20

// RecordStore is what a harvest of records writes to (gazette/sqlite.DB).
type RecordStore interface {
	ImportRecord(ctx context.Context, actor string, rec gazette.Record) (gazette.Stored, error)
}

// Records harvests source records in vbpl's JSON (JSON Lines of vbpl.vn
// records, gzip or not, or vbpl's saved attribute pages: what `congbao
// import` reads) from a URL. Each record keeps its key ("vbpl:186739"), so
// a record seen before changes nothing or updates what it gave; a new
// document waits as a draft, and a record saying something new about a
// published document becomes its draft revision: a clerk reviews both, and
// nothing reaches the public record unreviewed.
type Records struct {
	URL    string
	Client *http.Client
	Store  RecordStore
	Actor  string // who the audit log names ("serve:harvest")
	// Decode reads the records (indexer.DecodeRecords: the formats of
	// congbao import, kept where import keeps them).
	Decode func(r io.Reader, name string, fn func(gazette.Record) error) error
	// Stored, when set, is told of the documents written (to index them).
	Stored func(ctx context.Context, ids []int64) error
}

// Instance is the records' URL.
func (r *Records) Instance() string { return r.URL }

// Harvest reads every record at the URL and imports it for review.
func (r *Records) Harvest(ctx context.Context) (Result, error) {
	start := time.Now()
	var res Result
	base, err := url.Parse(r.URL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return res, fmt.Errorf("harvest %q: want an http(s) URL of records", r.URL)
	}
	if r.Decode == nil {
		return res, fmt.Errorf("harvest %s: no decoder for records", r.URL)
	}
	body, err := get(ctx, r.Client, sameHostOnly(base), r.URL, maxRecordsBytes)
	if err != nil {
		return res, fmt.Errorf("harvest: %w", err)
	}
	defer body.Close()
	var ids []int64
	err = r.Decode(body, r.URL, func(rec gazette.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		res.Entries++
		// reviewed before it is public: new documents are drafts, and
		// the empty batch makes any published document it touches get
		// a draft revision
		rec.State, rec.Batch = gazette.StateDraft, ""
		st, err := r.Store.ImportRecord(ctx, r.Actor, rec)
		if err != nil {
			return fmt.Errorf("record %d (%s): %w", res.Entries, rec.Key, err)
		}
		switch {
		case st.Unchanged:
			res.Unchanged++
			return nil
		case st.Created:
			res.Created++
		case st.RevisionOf != 0:
			res.Conflicts++
		default:
			res.Updated++
		}
		ids = append(ids, st.ID)
		return nil
	})
	if err == nil && r.Stored != nil && len(ids) > 0 {
		err = r.Stored(ctx, ids)
	}
	res.Pages, res.Seconds = 1, time.Since(start).Seconds()
	if err != nil {
		return res, fmt.Errorf("harvest %s: %w", r.URL, err)
	}
	return res, nil
}
