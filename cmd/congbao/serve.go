package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"congbao/gazette"
	"congbao/gazette/sqlite"
	"congbao/indexer"
	"congbao/indexer/harvest"
	"congbao/indexer/search"
	"congbao/server"
)

const serveUsage = `usage: congbao serve [--data DIR] [--addr HOST:PORT] [--base-url URL] [--rate N] [--trusted-proxy CIDR]...
                     [--sample DIR] [--sync-from URL]... [--sync-feed URL]... [--sync-records URL]... [--sync-every D]

Serves the JSON API, the web pages and the feeds over HTTP from the data
folder (created if missing). Clerks sign in with a token from
"congbao token create"; their uploads are ingested in the background as
drafts until they publish them.
When the data folder holds no document, the real sample corpus bundled in
testdata/sample (vbpl.vn records and law texts) is imported first.
With --sync-from, the published documents of another congbao (a
ministry's or a province's portal) are pulled from its change feed every
--sync-every, as "congbao sync" does; with --sync-feed, the PDFs of an
RSS or Atom feed's new items go to the upload queue (drafts for review);
with --sync-records, vbpl records are imported for review. Webhooks created by admins
(POST /api/v1/webhooks) get every public change, in order, signed.
Stops gracefully on SIGINT or SIGTERM, finishing requests in flight.
`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", serveUsage)
	e.dataFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (\":0\" picks a free port)")
	sample := fs.String("sample", "testdata/sample", "folder of source records imported when the data folder holds no document (\"\" for none)")
	ratePerSecond := fs.Float64("rate", 20, "public requests a second allowed per client address (bursts of 3 times that); token holders are not limited")
	var syncFrom stringList
	fs.Var(&syncFrom, "sync-from", "base URL of another congbao whose published documents are pulled from its change feed (repeatable)")
	var syncFeeds, syncRecords stringList
	fs.Var(&syncFeeds, "sync-feed", "URL of an RSS or Atom feed of new documents whose PDFs go to the upload queue for review (repeatable)")
	fs.Var(&syncRecords, "sync-records", "URL of vbpl records imported as drafts for review (repeatable)")
	syncEvery := fs.Duration("sync-every", 5*time.Minute, "how often --sync-from, --sync-feed and --sync-records are pulled")
	baseURL := fs.String("base-url", "", "the site's address as the public reaches it (https://congbao.example): feed links, the origin of forms, Secure cookies; default http://ADDR")
	var proxies []*net.IPNet
	fs.Func("trusted-proxy", "a proxy (CIDR, such as 10.0.0.0/8; repeat for more) whose X-Forwarded-For names the client; without one, the connection's address is the client", func(v string) error {
		_, n, err := net.ParseCIDR(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("want a CIDR such as 10.0.0.0/8 or 127.0.0.1/32: %v", err)
		}
		proxies = append(proxies, n)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sampleFiles, err := sampleToImport(ctx, e, db, *sample)
	if err != nil {
		return err
	}
	ix, err := search.Start(ctx, e.indexPath(), db, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	// a flood of connections waits at the door instead of using up the
	// process's files (each request is bounded once it is in)
	ln = netutil.LimitListener(ln, maxConnections)
	base := *baseURL
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("--base-url %q: want an absolute http or https URL such as https://congbao.example", base)}
	}
	ex, err := pooledExtractor(2 * time.Minute)
	if err != nil {
		return err
	}
	defer ex.Pool.Close()
	if note := ocrNote(); note != "" {
		log.Warn("OCR not available", "detail", note)
	}
	pipe := &indexer.Pipeline{Store: db, Extractor: ex, Workers: 1, Actor: "upload", State: gazette.StateDraft, Index: ix}
	uploads := indexer.NewUploads(db, pipe, log)
	uploads.Agencies = db // an agency uploads only its own documents
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	worked := make(chan struct{})
	go func() { defer close(worked); uploads.Run(workCtx) }()
	defer func() { stopWork(); <-worked }() // an interrupted job stays "running" and is taken up on the next start
	api := server.NewWith(db, ix, server.Options{Desk: db, Library: db, Hooks: db, Watches: db, Uploads: uploads, Index: ix, RatePerSecond: *ratePerSecond, TrustedProxies: proxies, BaseURL: base, Log: log})
	srv := &http.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,         // a request's headers; Go's default is 1 MiB
		ReadTimeout:       10 * time.Minute, // the ceiling: each route sets its own, short but for uploads (server.Options)
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	// other portals followed: each pulled now and then every syncEvery; the
	// index follows what they write
	var sources []harvest.Source
	for _, from := range syncFrom {
		sources = append(sources, &harvest.Feed{Base: from, Store: db, Actor: "serve:sync"})
	}
	for _, u := range syncFeeds {
		actor := "harvest:" + u // the upload queue's jobs name the feed
		sources = append(sources, &harvest.News{URL: u, Store: db, Submit: func(ctx context.Context, name string, r io.Reader) (string, error) {
			j, err := uploads.Submit(ctx, actor, name, r)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("upload job %d", j.ID), nil
		}})
	}
	for _, u := range syncRecords {
		sources = append(sources, &harvest.Records{URL: u, Store: db, Actor: "serve:sync", Decode: indexer.DecodeRecords})
	}
	for _, src := range sources {
		synced := make(chan struct{})
		go func() { defer close(synced); pullEvery(workCtx, src, *syncEvery, log) }()
		defer func() { stopWork(); <-synced }()
	}
	// webhooks: every public change delivered to each subscriber, in order
	hooks := &server.Dispatcher{Hooks: db, Store: db, Watches: db, BaseURL: base, Log: log}
	hooked := make(chan struct{})
	go func() { defer close(hooked); hooks.Run(workCtx) }()
	defer func() { stopWork(); <-hooked }()
	ix.Announce(fmt.Sprintf("congbao serve on http://%s", ln.Addr()))
	fmt.Fprintf(e.stdout, "congbao: serving %s on http://%s\n", e.dataDir, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if len(sampleFiles) > 0 {
		// the sample is imported while serving: what is imported is
		// indexed within a second or two (the index follows the database),
		// and search answers from it at once, saying how far it is
		imported := make(chan struct{})
		go func() { defer close(imported); importSample(workCtx, e, db, ix, sampleFiles) }()
		defer func() { stopWork(); <-imported }()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// maxConnections bounds the connections served at once.
const maxConnections = 1024

// samplePending is the marker of a sample import begun and not finished: a
// serve stopped during it imports the sample again on its next start
// (records already stored are left as they are).
const samplePending = "sample-import.pending"

// sampleToImport returns the files of the bundled sample corpus when the
// database is to be filled with it: it holds no document, or an import of
// the sample was stopped before its end.
func sampleToImport(ctx context.Context, e *env, db *sqlite.DB, dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	_, perr := os.Stat(filepath.Join(e.dataDir, samplePending))
	n, err := db.CountDocuments(ctx)
	if err != nil || (n > 0 && perr != nil) {
		return nil, err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.gz"))
	if len(files) == 0 {
		fmt.Fprintf(e.stderr, "congbao serve: no sample corpus in %s; serving an empty database\n", dir)
		return nil, nil
	}
	sort.Strings(files) // law texts, then vbpl records, then vbpl's attribute pages
	if err := os.WriteFile(filepath.Join(e.dataDir, samplePending), []byte(dir+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("import sample corpus: %w", err)
	}
	return files, nil
}

// importSample imports the sample corpus while serve answers, telling the
// index how far it is, and compacts the index at the end.
func importSample(ctx context.Context, e *env, db *sqlite.DB, ix *search.Lazy, files []string) {
	fmt.Fprintf(e.stderr, "congbao serve: empty database; importing the sample corpus from %s while serving ...\n", filepath.Dir(files[0]))
	defer ix.Importing(0)
	sum, _, err := indexer.ImportFiles(ctx, db, "cli:import", files, func(n int) { ix.Importing(n) },
		func(msg string) { fmt.Fprintf(e.stderr, "congbao import: %s\n", msg) })
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(e.stderr, "congbao serve: import sample corpus: %v\n", err)
		}
		return // the marker stays: the next start imports the rest
	}
	os.Remove(filepath.Join(e.dataDir, samplePending))
	fmt.Fprintf(e.stderr, "congbao serve: imported %d records (%d documents) in %.1fs\n", sum.Records, sum.Created, sum.Seconds)
	// the follower indexes what was imported within a second or two; the
	// segments it wrote are merged once it has caught up
	for ctx.Err() == nil && !ix.CaughtUp(ctx) {
		time.Sleep(200 * time.Millisecond)
	}
	if err := ix.Compact(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(e.stderr, "congbao serve: compact the search index: %v\n", err)
	}
}

// pullEvery syncs a feed at once and then every d, until ctx ends; a
// failed pull is logged and tried again at the next turn (it resumes
// where the last stored entry left it).
func pullEvery(ctx context.Context, src harvest.Source, d time.Duration, log *slog.Logger) {
	if d < time.Second {
		d = time.Second
	}
	for {
		res, err := src.Harvest(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("sync", "from", src.Instance(), "err", err)
		case err == nil && res.Created+res.Updated+res.Conflicts+res.Withdrawn+res.Skipped > 0:
			log.Info("sync", "from", src.Instance(), "entries", res.Entries, "created", res.Created, "updated", res.Updated,
				"conflicts", res.Conflicts, "withdrawn", res.Withdrawn, "skipped", res.Skipped, "notes", res.Notes)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(d):
		}
	}
}
