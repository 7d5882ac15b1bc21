package search

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"go.etcd.io/bbolt"
)

// Entry is one indexed unit: a whole document, or one of its articles.
// Search reads kind, document and article from the id, so entries that
// Search is to find use DocumentID's "d:<doc>" or "a:<doc>:<article>"
// (an evaluation corpus, read with SearchIDs, may use its own ids).
type Entry struct {
	ID        string // index id: "d:<doc>" or "a:<doc>:<article>"
	Kind      string // "document" or "article"
	DocID     string
	Article   string
	Number    string
	Type      string
	Issuer    string
	Effect    Effect // when its status changes: the status filter and facet read it at a date
	Gazette   string
	Year      int
	IssueDate time.Time
	Effective time.Time
	Title     string
	Text      string
	Version   string // the document's updated_at, to find stale entries
}

func (e Entry) fields() map[string]any {
	m := map[string]any{FieldKind: e.Kind, FieldDocID: e.DocID, FieldTitle: e.Title, FieldTitleF: e.Title, FieldTitleB: e.Title,
		FieldText: e.Text, FieldTextF: e.Text, FieldTextB: e.Text}
	for k, v := range map[string]string{FieldArticle: e.Article, FieldNumber: e.Number, FieldGazette: e.Gazette,
		FieldTypeK: Fold(e.Type), FieldIssuerK: Fold(e.Issuer)} {
		if v != "" {
			m[k] = v
		}
	}
	if e.Number != "" {
		m[FieldNumberKey] = Fold(e.Number)
	}
	if e.Year > 0 {
		m[FieldYear] = float64(e.Year)
	}
	// the facet values are a document entry's alone, so that facets count
	// documents, not their articles as well; an article's entry names only
	// its document, so that a document matched by its articles alone is
	// counted too (Search)
	if e.Kind == "document" {
		m[FieldDocKey] = docKey{id: e.DocID, version: e.Version, number: e.Number}.String()
		m[FieldFacets] = e.facetValues()
		if e.Number != "" {
			m[FieldDocNumber] = e.Number
		}
	} else {
		m[FieldFacets] = facetValue(facetArticleOf, e.DocID)
	}
	if !e.IssueDate.IsZero() {
		m[FieldIssueDate] = e.IssueDate
	}
	if e.Effect.Known {
		m[FieldInForceFrom], m[FieldPartFrom], m[FieldExpiredFrom] = e.Effect.InForce, e.Effect.Part, e.Effect.Expired
	}
	if !e.Effective.IsZero() {
		m[FieldEffective] = e.Effective
	}
	return m
}

// facetValues are a document's values in every facet, in one field
// ("type\x1fNghị định", "year\x1f2011", ...): counting them visits one
// field's values per hit instead of one field per facet.
func (e Entry) facetValues() []string {
	vals := []string{facetValue(facetDocument, "")}
	for name, v := range map[string]string{"type": e.Type, "issuer": e.Issuer} {
		if v != "" {
			vals = append(vals, facetValue(name, v))
		}
	}
	if e.Effect.Known {
		vals = append(vals, facetValue(facetEffect, e.Effect.String()))
	}
	if e.Year > 0 {
		vals = append(vals, facetValue("year", strconv.Itoa(e.Year)))
	}
	return vals
}

// facetDocument ("document␟") is on every document entry: its count is
// the number of documents matched by their own entry. facetArticleOf
// ("article-of␟12") is on every article entry: the documents matched by
// their articles.
const (
	facetDocument  = "document"
	facetArticleOf = "article-of"
	facetEffect    = "effect" // "effect␟2014-07-01|2020-01-01|2200-12-31": the status facet at any date
)

func facetValue(facet, value string) string { return facet + "\x1f" + value }

// Index is congbao's search index: Bleve indexes with congbao's mapping,
// the shards, each holding whole documents (a document and its articles go
// to one shard, by a hash of its id), searched together and in parallel
// (Index.search). On two cores two shards answer a costly query in about
// half the time of one index (docs/PERFORMANCE.md).
type Index struct {
	path   string // the folder, for the holder file; "" in memory
	shards []bleve.Index
	nums   numbers // the document numbers, for number lookups
}

// Shards is how many shards a new index has. It is fixed rather than taken
// from the machine: TF-IDF counts terms per shard, so the same documents
// rank the same way on every machine only with the same number of shards.
const Shards = 2

// shardDir is the folder of shard i inside an index folder.
func shardDir(path string, i int) string { return filepath.Join(path, fmt.Sprintf("shard-%d", i)) }

func newIndex(shards []bleve.Index) (*Index, error) {
	ix := &Index{shards: shards}
	if err := ix.nums.load(shards); err != nil {
		closeAll(shards)
		return nil, err
	}
	return ix, nil
}

// Layout names what an index holds and how (fields, analysis, shards).
// It changes whenever an index built by an older congbao would answer
// wrongly; Open then refuses it with ErrOutdated, and the caller rebuilds.
const Layout = "5: shards, facet values on document entries, documents named by every entry, effect dates for the status at any date, document keys"

// layoutKey is where Layout is kept, inside the first shard.
var layoutKey = []byte("congbao_layout")

// syncedKey is where SetSyncedAt keeps its count, inside the first shard.
var syncedKey = []byte("congbao_synced")

// SyncedAt returns the database's change count at which the index last
// held every document as the database had it (SetSyncedAt); false when
// it never said.
func (ix *Index) SyncedAt() (int64, bool) {
	v, err := ix.shards[0].GetInternal(syncedKey)
	if err != nil || v == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// SetSyncedAt records that the index holds every document as the database
// had it at change count n (Source.ChangeCount): a later open with the
// count unchanged needs no comparison of the two. Only the one who knows
// it says it: a rebuild, a full comparison, the follower of the changes;
// any other writer of the database moves the count on, so the next open
// compares.
func (ix *Index) SetSyncedAt(n int64) error { return setSyncedAt(ix.shards[0], n) }

// setSyncedAt keeps n in the first shard b.
func setSyncedAt(b bleve.Index, n int64) error {
	if err := b.SetInternal(syncedKey, []byte(strconv.FormatInt(n, 10))); err != nil {
		return fmt.Errorf("update search index: %w", err)
	}
	return nil
}

// ErrOutdated says the index on disk was built by an older congbao; it
// must be rebuilt from SQLite (`congbao reindex`, or serve does it).
var ErrOutdated = errors.New("the search index was built by an older congbao and must be rebuilt (congbao reindex)")

// Open opens the index at path, creating it when absent. An index of
// another Layout (one from before shards: a Bleve index right at path) is
// ErrOutdated.
func Open(path string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err == nil {
		return nil, fmt.Errorf("open search index %s: %w", path, ErrOutdated)
	}
	if _, err := os.Stat(shardDir(path, 0)); errors.Is(err, os.ErrNotExist) {
		return Create(path)
	}
	var shards []bleve.Index
	for i := 0; ; i++ {
		dir := shardDir(path, i)
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			break
		}
		b, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": LockWait.String()})
		if errors.Is(err, bbolt.ErrTimeout) {
			closeAll(shards)
			return nil, fmt.Errorf("open search index %s: %w (%s)", path, ErrLocked, holderOf(path))
		}
		if err != nil {
			closeAll(shards)
			return nil, fmt.Errorf("open search index %s: %w: %w", dir, ErrDamaged, err)
		}
		shards = append(shards, b)
	}
	if v, err := shards[0].GetInternal(layoutKey); err != nil || string(v) != Layout {
		closeAll(shards)
		if err != nil {
			return nil, fmt.Errorf("open search index %s: %w: %w", path, ErrDamaged, err)
		}
		return nil, fmt.Errorf("open search index %s: %w", path, ErrOutdated)
	}
	ix, err := newIndex(shards)
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w: %w", path, ErrDamaged, err)
	}
	ix.path = path
	ix.Announce("")
	return ix, nil
}

// LockWait is how long Open waits for another process to let go of the
// index before it answers ErrLocked.
const LockWait = 2 * time.Second

// ErrLocked says another process (a running serve) holds the index; the
// error names it, from the holder file it wrote.
var ErrLocked = errors.New("the search index is in use by another process")

// ErrDamaged says the index on disk cannot be read: it is derived data,
// to move aside and rebuild from SQLite.
var ErrDamaged = errors.New("the search index is damaged")

// holderFile is where the process holding an index says who it is.
const holderFile = "HOLDER"

// Announce writes who holds the index (pid, command line, start, and a
// note such as the address a server answers on), for the message another
// process gets when it cannot open the index.
func (ix *Index) Announce(note string) {
	if ix.path == "" {
		return
	}
	text := fmt.Sprintf("pid %d (%s), since %s", os.Getpid(), strings.Join(os.Args, " "), time.Now().UTC().Format(time.RFC3339))
	if note != "" {
		text += ", " + note
	}
	_ = os.WriteFile(filepath.Join(ix.path, holderFile), []byte(text), 0o600)
}

// holderOf says who holds the index at path, as its holder wrote it.
func holderOf(path string) string {
	b, err := os.ReadFile(filepath.Join(path, holderFile))
	if err != nil || len(b) == 0 {
		return "held by a process that did not say which"
	}
	return "held by " + strings.TrimSpace(string(b))
}

// Create makes a new index at path, which must not exist.
func Create(path string) (*Index, error) { return create(path, nil) }

// create makes a new index with Scorch's options cfg (nil: the defaults).
func create(path string, cfg map[string]any) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	var shards []bleve.Index
	for i := 0; i < Shards; i++ {
		b, err := bleve.NewUsing(shardDir(path, i), m, scorch.Name, scorch.Name, cfg)
		if err != nil {
			closeAll(shards)
			return nil, fmt.Errorf("create search index %s: %w", path, err)
		}
		shards = append(shards, b)
	}
	if err := shards[0].SetInternal(layoutKey, []byte(Layout)); err != nil {
		closeAll(shards)
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	ix, err := newIndex(shards)
	if err != nil {
		return nil, err
	}
	ix.path = path
	ix.Announce("")
	return ix, nil
}

// MoveAside renames a damaged index folder out of the way (kept for a
// look, never read again) and returns where it went.
func MoveAside(path string) (string, error) {
	aside := fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405"))
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move the damaged search index %s aside: %w", path, err)
	}
	return aside, nil
}

// NewMem returns an index held in memory (evaluation, tests), sharded as
// one on disk is.
func NewMem() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	var shards []bleve.Index
	for i := 0; i < Shards; i++ {
		b, err := bleve.NewMemOnly(m)
		if err != nil {
			closeAll(shards)
			return nil, err
		}
		shards = append(shards, b)
	}
	return newIndex(shards)
}

func closeAll(shards []bleve.Index) error {
	var first error
	for _, b := range shards {
		if err := b.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Close closes the index.
func (ix *Index) Close() error {
	if ix.path != "" {
		os.Remove(filepath.Join(ix.path, holderFile))
	}
	return closeAll(ix.shards)
}

// shardOf is the shard that holds a document's entries.
func (ix *Index) shardOf(docID string) int { return shardFor(docID, len(ix.shards)) }

// shardFor is the shard of n that holds a document's entries.
func shardFor(docID string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % uint32(n))
}

// Count returns the number of indexed entries.
func (ix *Index) Count() (uint64, error) {
	var n uint64
	for _, b := range ix.shards {
		c, err := b.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// Apply indexes entries and removes the ids in deletes: one batch per
// shard. A document's entries share a shard, so each document changes at
// once; a crash between two shards' batches leaves documents that the
// comparison with SQLite on the next open finds and re-indexes.
func (ix *Index) Apply(entries []Entry, deletes []string) error {
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, b := range ix.shards {
		batches[i] = b.NewBatch()
	}
	for _, id := range deletes {
		for _, b := range batches { // an entry id names its shard only by convention: ask every shard
			b.Delete(id)
		}
	}
	for _, e := range entries {
		if err := batches[ix.shardOf(e.DocID)].Index(e.ID, e.fields()); err != nil {
			return fmt.Errorf("index %s: %w", e.ID, err)
		}
	}
	// the shards take their batches at once: Bleve analyses a batch on
	// several goroutines but builds its segment on one, so one shard at a
	// time left a core idle for half of a build (docs/PERFORMANCE.md)
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	for i, b := range batches {
		if b.Size() == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = ix.shards[i].Batch(b)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		// some shards may have taken their part: read the numbers again
		if lerr := ix.nums.load(ix.shards); lerr != nil {
			err = errors.Join(err, lerr)
		}
		return fmt.Errorf("index batch of %d: %w", len(entries), err)
	}
	ix.nums.apply(entries, deletes)
	return nil
}

// DeleteDocument removes a document's entries (its own and its articles').
func (ix *Index) DeleteDocument(docID string) error {
	ids, err := ix.idsOf(docID)
	if err != nil {
		return err
	}
	return ix.Apply(nil, ids)
}

func (ix *Index) idsOf(docID string) ([]string, error) {
	q := bleve.NewTermQuery(docID)
	q.SetField(FieldDocID)
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.search(context.Background(), req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// RemoveAll deletes the index folder at path.
func RemoveAll(path string) error {
	if path == "" || path == "/" || strings.TrimSpace(path) == "" {
		return fmt.Errorf("refusing to remove index path %q", path)
	}
	return os.RemoveAll(path)
}

// Compact merges each shard's segments into one. A bulk build leaves a
// dozen segments behind, and every query pays per segment (a dictionary
// lookup per term, an iterator per posting list); a reindex or an import
// compacts once at the end. It waits for the merges, or for ctx.
func (ix *Index) Compact(ctx context.Context) error {
	for _, b := range ix.shards {
		adv, err := b.Advanced()
		if err != nil {
			return fmt.Errorf("compact search index: %w", err)
		}
		s, ok := adv.(*scorch.Scorch)
		if !ok {
			continue // an index held in memory has nothing to merge
		}
		if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return fmt.Errorf("compact search index: %w", err)
		}
	}
	return nil
}
