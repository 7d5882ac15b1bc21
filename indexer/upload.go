package indexer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"congbao/gazette"
)

// JobStore keeps upload jobs and the originals they read.
type JobStore interface {
	PutOriginal(ctx context.Context, name string, r io.Reader) (gazette.SourceFile, bool, error)
	OriginalPath(sha string) string
	CreateJob(ctx context.Context, j *gazette.Job) error
	UpdateJob(ctx context.Context, j *gazette.Job) error
	Job(ctx context.Context, id int64) (*gazette.Job, error)
	Jobs(ctx context.Context, limit int, states ...string) ([]*gazette.Job, error)
}

// Uploads takes files from clerks. Submit acknowledges a file only once it
// is stored durably and its job recorded; Run ingests queued files one at a
// time in the background, as drafts, and picks up after a restart the jobs
// a crash left queued or running.
type Uploads struct {
	Store    JobStore
	Pipeline *Pipeline // its State should be gazette.StateDraft
	Log      *slog.Logger
	// Agencies, when set, binds uploads by agency tokens ("agency:NAME")
	// to their issuers: a file holding a document that is not the agency's
	// own is refused whole, with the reason, and nothing of it is written.
	Agencies TokenLister
	wake     chan struct{}
}

// TokenLister lists the access tokens (gazette/sqlite.DB).
type TokenLister interface {
	Tokens(ctx context.Context) ([]gazette.Token, error)
}

// admitter returns the rule an upload by actor must pass: nil for clerks
// and admins, the token's MayPublish for an agency, and an error when the
// agency's token is gone (revoked since it uploaded).
func (u *Uploads) admitter(ctx context.Context, actor string) (func(*gazette.Document) error, error) {
	name, ok := strings.CutPrefix(actor, string(gazette.RoleAgency)+":")
	if !ok || u.Agencies == nil {
		return nil, nil
	}
	ts, err := u.Agencies.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Name == name && t.Role == gazette.RoleAgency && t.RevokedAt == nil {
			return t.MayPublish, nil
		}
	}
	return nil, fmt.Errorf("agency token %q was revoked or removed after it uploaded; a clerk may upload the file", name)
}

// NewUploads returns an upload queue; call Run to work it.
func NewUploads(store JobStore, p *Pipeline, log *slog.Logger) *Uploads {
	if log == nil {
		log = slog.Default()
	}
	return &Uploads{Store: store, Pipeline: p, Log: log, wake: make(chan struct{}, 1)}
}

// Submit stores the file and queues its ingest.
func (u *Uploads) Submit(ctx context.Context, actor, name string, r io.Reader) (*gazette.Job, error) {
	src, _, err := u.Store.PutOriginal(ctx, name, r)
	if err != nil {
		return nil, err
	}
	if src.Size == 0 {
		return nil, fmt.Errorf("upload %q is empty: %w", name, gazette.ErrInvalid)
	}
	j := &gazette.Job{SHA256: src.SHA256, FileName: name, Path: u.Store.OriginalPath(src.SHA256), Actor: actor, Documents: []int64{}}
	if err := u.Store.CreateJob(ctx, j); err != nil {
		return nil, err
	}
	select {
	case u.wake <- struct{}{}:
	default:
	}
	return j, nil
}

// Job returns one job.
func (u *Uploads) Job(ctx context.Context, id int64) (*gazette.Job, error) {
	return u.Store.Job(ctx, id)
}

// Jobs lists the latest jobs, newest first.
func (u *Uploads) Jobs(ctx context.Context, limit int) ([]*gazette.Job, error) {
	return u.Store.Jobs(ctx, limit)
}

// Run works the queue until ctx ends.
func (u *Uploads) Run(ctx context.Context) {
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		jobs, err := u.Store.Jobs(ctx, 100, gazette.JobQueued, gazette.JobRunning)
		if err != nil && ctx.Err() == nil {
			u.Log.Error("list upload jobs", "err", err)
		}
		slices.Reverse(jobs) // oldest first
		for _, j := range jobs {
			if ctx.Err() != nil {
				return
			}
			u.process(ctx, j)
		}
		select {
		case <-ctx.Done():
			return
		case <-u.wake:
		case <-tick.C:
		}
	}
}

// process ingests one job's file; a job interrupted by shutdown stays
// running and is taken up again on the next start.
func (u *Uploads) process(ctx context.Context, j *gazette.Job) {
	j.State, j.Step = gazette.JobRunning, "extracting text and metadata"
	if err := u.Store.UpdateJob(ctx, j); err != nil {
		u.Log.Error("update upload job", "job", j.ID, "err", err)
		return
	}
	admit, err := u.admitter(ctx, j.Actor)
	var r FileResult
	if err != nil {
		r = FileResult{Status: Failed, Error: err.Error()}
	} else {
		r = u.Pipeline.IngestFile(ctx, j.Path, j.FileName, j.Actor, admit)
	}
	if ctx.Err() != nil {
		return
	}
	j.Step, j.Pages, j.Error = "", r.Pages, r.Error
	j.Documents = append([]int64{}, r.Documents...)
	j.Notes = r.Notes
	if r.Status == Failed {
		j.State = gazette.JobFailed
	} else {
		j.State = gazette.JobDone
		if r.NeedsOCR && j.Error == "" {
			j.Error = "no text layer: the file is kept and its document marked as needing OCR"
		}
	}
	if err := u.Store.UpdateJob(context.WithoutCancel(ctx), j); err != nil {
		u.Log.Error("update upload job", "job", j.ID, "err", err)
	}
	u.Log.Info("upload ingested", "job", j.ID, "file", j.FileName, "state", j.State, "documents", j.Documents)
}
