package gazette

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"congbao/gazette/vntext"
)

// Watch kinds.
const (
	WatchDocument = "document" // fires when it is amended, replaced, repealed, revised or withdrawn
	WatchArticle  = "article"  // fires when that article is amended, replaced or repealed
	WatchQuery    = "query"    // fires when a new published document matches
)

// Actions of a watch event besides the relations of Citation.
const (
	WatchRevised   = "revised"   // the watched document's published text changed
	WatchWithdrawn = "withdrawn" // the watched document was withdrawn
	WatchMatched   = "matched"   // a new published document matches the query
)

// Watch is a document, an article of one, or a query that a token holder
// follows, by its Atom feed (/api/v1/watches/{id}/atom?key=SECRET) or a
// webhook.
type Watch struct {
	ID         int64     `json:"id"`
	Owner      string    `json:"owner"`
	Kind       string    `json:"kind"`
	DocumentID int64     `json:"document_id,omitempty"`
	Number     string    `json:"number,omitempty"` // the watched document's number, when it has one
	Article    string    `json:"article,omitempty"`
	Query      string    `json:"query,omitempty"`
	WebhookURL string    `json:"webhook_url,omitempty"`
	Secret     string    `json:"secret,omitempty"` // shown when created: signs deliveries, keys the Atom feed
	Cursor     int64     `json:"cursor"`
	Delivered  int64     `json:"delivered"`  // the last event delivered to the webhook
	LastEvent  int64     `json:"last_event"` // the last event recorded
	Attempts   int       `json:"attempts"`
	NextAt     time.Time `json:"next_at"`
	CreatedAt  time.Time `json:"created_at"`
}

// WatchEvent is one firing of a watch.
type WatchEvent struct {
	ID         int64     `json:"id"`
	WatchID    int64     `json:"watch_id"`
	Seq        int64     `json:"event"` // the public change
	DocumentID int64     `json:"document_id"`
	Number     string    `json:"number,omitempty"`
	Title      string    `json:"title,omitempty"`
	Action     string    `json:"action"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	LastStatus int       `json:"last_status,omitempty"`
	LastError  string    `json:"last_error,omitempty"`
}

// changing are the relations that change the document they name.
var changing = []string{RelAmends, RelReplaces, RelRepeals, RelExpires}

var articleRe = regexp.MustCompile(`(?i)điều\s+(\d+[a-zđ]?)`)

// articlesOf lists the articles a pinpoint names ("khoản 2 Điều 5, Điều
// 7a" → 5, 7a).
func articlesOf(pinpoint string) []string {
	var out []string
	for _, m := range articleRe.FindAllStringSubmatch(pinpoint, -1) {
		out = append(out, strings.ToLower(m[1]))
	}
	return out
}

// actionOf names an amendment's action as a watch reports it.
var actionOf = map[string]string{
	ActAmend: RelAmends, ActInsert: RelAmends, ActReplacePhrase: RelAmends, ActDeletePhrase: RelAmends, ActInsertPhrase: RelAmends,
	ActRepeal: RelRepeals, ActSuspend: "đình chỉ", ActPostpone: "hoãn hiệu lực",
}

// Fires says what an event does to w: the change ev (kind, document), the
// document as published now (nil for a withdrawal or one held), its
// citations and the amendments parsed from it. It returns the events to
// record, none when w does not fire: one per action, naming every
// provision reached and, from the amendments, the date it takes effect.
// One rule for the Atom feed and the webhook.
func (w *Watch) Fires(ev FeedRow, d *Document, cites []Citation, amends []Amendment) []WatchEvent {
	mk := func(action, reason string) WatchEvent {
		e := WatchEvent{WatchID: w.ID, Seq: ev.Seq, DocumentID: ev.DocumentID, Number: ev.Number, Action: action, Reason: reason, At: ev.At}
		if d != nil {
			e.Title = d.Title
		}
		return e
	}
	name := func() string {
		if d != nil && d.Number != "" {
			return cleanName(d)
		}
		if ev.Number != "" {
			return ev.Number
		}
		return fmt.Sprintf("document %d", ev.DocumentID)
	}
	switch w.Kind {
	case WatchDocument, WatchArticle:
		if ev.DocumentID == w.DocumentID {
			switch ev.Kind {
			case FeedWithdraw:
				return []WatchEvent{mk(WatchWithdrawn, fmt.Sprintf("%s was withdrawn from publication", name()))}
			case FeedRevise:
				return []WatchEvent{mk(WatchRevised, fmt.Sprintf("the published text of %s was revised", name()))}
			}
			return nil
		}
		if ev.Kind != FeedPublish || d == nil || w.Number == "" {
			return nil
		}
		var actions []string
		pinpoints := map[string][]string{}
		from := map[string]Date{}
		reaches := func(action string, provisions ...string) bool {
			if w.Kind == WatchDocument {
				return true
			}
			for _, p := range provisions {
				if slices.Contains(articlesOf(p), strings.ToLower(w.Article)) {
					return true
				}
			}
			// a whole-document replacement or repeal reaches every article
			return len(provisions) == 0 && action != RelAmends
		}
		add := func(action string, provisions []string, effective Date) {
			if !slices.Contains(actions, action) {
				actions = append(actions, action)
			}
			for _, p := range provisions {
				if p != "" && !slices.Contains(pinpoints[action], p) {
					pinpoints[action] = append(pinpoints[action], p)
				}
			}
			if !effective.IsZero() && (from[action].IsZero() || effective.Before(from[action].Time)) {
				from[action] = effective
			}
		}
		// the amendments parsed from the text (the target from the
		// parent clause), then the relations its citations carry
		for _, a := range amends {
			action := actionOf[a.Action]
			if action == "" || a.Review == ReviewRejected || (a.Target != w.Number && a.TargetID != w.DocumentID) || !reaches(action, a.Provisions...) {
				continue
			}
			add(action, a.Provisions, a.Effective)
		}
		for _, c := range cites {
			if c.Number != w.Number || !slices.Contains(changing, c.Relation) {
				continue
			}
			var ps []string
			if c.Pinpoint != "" {
				ps = []string{c.Pinpoint}
			}
			if reaches(c.Relation, ps...) {
				add(c.Relation, ps, Date{})
			}
		}
		var out []WatchEvent
		for _, action := range actions {
			target := w.Number
			if ps := pinpoints[action]; len(ps) > 0 {
				target = strings.Join(ps, "; ") + " của " + w.Number
			}
			reason := fmt.Sprintf("%s %s %s", name(), action, target)
			if f := from[action]; !f.IsZero() {
				reason += fmt.Sprintf(", từ ngày %02d/%02d/%d", f.Day(), f.Month(), f.Year())
			}
			out = append(out, mk(action, reason))
		}
		return out
	case WatchQuery:
		if ev.Kind != FeedPublish || d == nil || !MatchesQuery(w.Query, d) {
			return nil
		}
		return []WatchEvent{mk(WatchMatched, fmt.Sprintf("%s matches %q", name(), w.Query))}
	}
	return nil
}

// cleanName is "Nghị định 49/2026/NĐ-CP", or the number alone.
func cleanName(d *Document) string {
	if d.TypeName != "" {
		return d.TypeName + " " + d.Number
	}
	return d.Number
}

// MatchesQuery says whether a document matches a watch's query: every
// word and "phrase" is in its title or text (diacritics and case folded),
// no -word is, and each key:value filter of the search syntax holds for
// the filters a new document can be judged on at once (type:, issuer:,
// year:). This is the search's rule of which documents match, not of how
// they rank.
func MatchesQuery(q string, d *Document) bool {
	hay := " " + words(d.Title+" "+d.Number+" "+d.Text) + " "
	any := false
	for _, tok := range QueryTokens(q) {
		neg := strings.HasPrefix(tok, "-") && len(tok) > 1
		tok = strings.TrimPrefix(tok, "-")
		if k, v, ok := strings.Cut(tok, ":"); ok && !strings.ContainsAny(k, ` "`) && k != "" {
			v = vntext.FoldLower(strings.Trim(v, `"`))
			var have []string
			switch strings.ToLower(k) {
			case "type", "loai":
				have = []string{vntext.FoldLower(d.Type), vntext.FoldLower(d.TypeName)}
			case "issuer", "co-quan":
				have = []string{vntext.FoldLower(d.Issuer), vntext.FoldLower(d.IssuerName)}
			case "year", "nam":
				have = []string{fmt.Sprint(d.IssueDate.Year())}
			default:
				continue // judged by the search, not here
			}
			if slices.Contains(have, v) == neg {
				return false
			}
			any = true
			continue
		}
		w := words(strings.Trim(tok, `"`))
		if w == "" {
			continue
		}
		if strings.Contains(hay, " "+w+" ") == neg {
			return false
		}
		any = any || !neg
	}
	return any
}

// words is s folded and cut into words (letters and digits, numbers with
// their / and -), joined by single spaces.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(vntext.FoldLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '-'
	}), " ")
}
