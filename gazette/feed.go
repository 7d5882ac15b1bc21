package gazette

import (
	"fmt"
	"time"
)

// Kinds of change in the public change feed.
const (
	FeedPublish  = "publish"  // a document became public
	FeedRevise   = "revise"   // a public document changed (a published revision)
	FeedWithdraw = "withdraw" // a public document left the public record: a tombstone
)

// FeedEntry is one entry of the public change feed (GET /api/v1/changes),
// the way other portals follow this one. Cursor is opaque to readers and
// only grows; an entry whose document is no longer public carries no
// document (Gone), so a withdrawn text never travels.
type FeedEntry struct {
	Cursor     string        `json:"cursor"`
	Kind       string        `json:"kind"`
	At         time.Time     `json:"at"`
	DocumentID int64         `json:"document_id"`
	Number     string        `json:"number,omitempty"`
	Gone       bool          `json:"gone,omitempty"`     // the document is not public now: see a later withdraw
	Document   *View         `json:"document,omitempty"` // in the export's shape
	Text       string        `json:"text,omitempty"`
	Original   *FeedOriginal `json:"original,omitempty"`
}

// FeedOriginal is the original file of a changed document.
type FeedOriginal struct {
	SHA256 string `json:"sha256"`
	URL    string `json:"url"`
}

// FeedRow is a change as the store keeps it, before the document is
// attached.
type FeedRow struct {
	Seq        int64
	Kind       string
	At         time.Time
	DocumentID int64
	Number     string
}

// Claims turns a document's outside view back into what it states: how a
// document read from another congbao's feed is stored here.
func (v View) Claims() Claims {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	c := Claims{Number: s(v.Number), NumberPrinted: s(v.Number), Type: s(v.Type), TypeName: s(v.TypeName), Issuer: s(v.Issuer),
		IssuerName: s(v.IssuerName), Title: s(v.Title), Place: s(v.Place), IssueDate: v.IssueDate, Signer: s(v.Signer),
		SignerTitle: s(v.SignerTitle), EffectiveDate: v.EffectiveDate, EffectiveBasis: s(v.EffectiveBasis),
		EffectStatus: s(v.RecordStatus), Language: v.Language}
	if v.Gazette != nil {
		c.Gazette = Placement{Issue: v.Gazette.Issue, Date: v.Gazette.Date}
		if v.Gazette.Pages != nil {
			fmt.Sscanf(*v.Gazette.Pages, "%d-%d", &c.Gazette.FirstPage, &c.Gazette.LastPage)
		}
	}
	return c
}

// Webhook is a URL subscribed by an admin to the public change feed.
type Webhook struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Secret    string    `json:"secret,omitempty"` // shown when created; signs every delivery
	Cursor    int64     `json:"cursor"`           // the last event delivered
	Attempts  int       `json:"attempts"`         // failed attempts at the next event
	NextAt    time.Time `json:"next_at"`
	CreatedAt time.Time `json:"created_at"`
}

// Delivery is one attempt to deliver an event to a webhook.
type Delivery struct {
	Seq     int64     `json:"event"`
	Attempt int       `json:"attempt"`
	Status  int       `json:"status"` // 0: no answer
	Error   string    `json:"error,omitempty"`
	At      time.Time `json:"at"`
}
