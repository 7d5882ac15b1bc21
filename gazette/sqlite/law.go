package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/gazette/law"
	"congbao/gazette/number"
)

// writeAmendments replaces the amendments parsed from a document, inside
// tx, keeping a clerk's review of an amendment parsed the same way again.
func writeAmendments(ctx context.Context, tx *sql.Tx, d *gazette.Document) error {
	reviews := map[string][2]string{}
	rows, err := tx.QueryContext(ctx, `SELECT by_provision, action, provisions, review, reviewed_by FROM amendments WHERE by_document_id = ?`, d.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var bp, act, provs, rev, by string
		if err := rows.Scan(&bp, &act, &provs, &rev, &by); err != nil {
			rows.Close()
			return err
		}
		reviews[bp+"|"+act+"|"+provs] = [2]string{rev, by}
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, `DELETE FROM amendments WHERE by_document_id = ?`, d.ID); err != nil {
		return err
	}
	if d.Language == "en" {
		return nil
	}
	for i, a := range law.ParseAmendments(d) {
		provs, _ := json.Marshal(a.Provisions)
		if r, ok := reviews[a.ByProvision+"|"+a.Action+"|"+string(provs)]; ok {
			a.Review, a.ReviewedBy = r[0], r[1]
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO amendments (by_document_id, by_provision, target_number, provisions, action, text,
			old, anchor, before_anchor, part, effective_date, evidence, review, reviewed_by, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.ID, a.ByProvision, a.Target, string(provs), a.Action, a.Text, a.Old, a.Anchor, a.Before, a.Part,
			nullDate(a.Effective.String()), a.Evidence, a.Review, a.ReviewedBy, i); err != nil {
			return fmt.Errorf("amendments of document %d: %w", d.ID, err)
		}
	}
	return nil
}

const amendmentColumns = `a.id, a.by_document_id, b.number, a.by_provision, a.target_number, a.provisions, a.action, a.text, a.old,
	a.anchor, a.before_anchor, a.part, coalesce(a.effective_date, ''), a.evidence, a.review, a.reviewed_by`

func scanAmendment(r rowScanner) (gazette.Amendment, error) {
	var a gazette.Amendment
	var provs, eff string
	if err := r.Scan(&a.ID, &a.ByID, &a.By, &a.ByProvision, &a.Target, &provs, &a.Action, &a.Text, &a.Old, &a.Anchor, &a.Before,
		&a.Part, &eff, &a.Evidence, &a.Review, &a.ReviewedBy); err != nil {
		return a, err
	}
	_ = json.Unmarshal([]byte(provs), &a.Provisions)
	a.Effective, _ = gazette.ParseDate(eff)
	return a, nil
}

// amendmentsOf returns the amendments that published documents make to
// the documents with these numbers, in the order they were made.
func amendmentsOf(ctx context.Context, q querier, numbers []string) (map[string][]gazette.Amendment, error) {
	out := map[string][]gazette.Amendment{}
	err := inBatches(numbers, func(args []any, marks string) error {
		rows, err := q.QueryContext(ctx, sqlAmendmentsOf(marks), args...)
		if err != nil {
			return fmt.Errorf("amendments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAmendment(rows)
			if err != nil {
				return fmt.Errorf("amendments: %w", err)
			}
			out[a.Target] = append(out[a.Target], a)
		}
		return rows.Err()
	})
	return out, err
}

// Amendments returns the amendments published documents make to the
// document with this number.
func (db *DB) Amendments(ctx context.Context, number string) ([]gazette.Amendment, error) {
	m, err := amendmentsOf(ctx, db.read, []string{number})
	return m[number], err
}

// AmendmentsBy returns the amendments parsed from a document (drafts
// included: a clerk reviews them before publishing).
func (db *DB) AmendmentsBy(ctx context.Context, id int64) ([]gazette.Amendment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+amendmentColumns+` FROM amendments a JOIN documents b ON b.id = a.by_document_id
		WHERE a.by_document_id = ? ORDER BY a.seq`, id)
	if err != nil {
		return nil, fmt.Errorf("amendments by document %d: %w", id, err)
	}
	defer rows.Close()
	out := []gazette.Amendment{}
	for rows.Next() {
		a, err := scanAmendment(rows)
		if err != nil {
			return nil, fmt.Errorf("amendments by document %d: %w", id, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ReviewAmendment records a clerk's confirmation or rejection of a
// machine-drafted amendment, with an audit row.
func (db *DB) ReviewAmendment(ctx context.Context, actor string, id int64, review string) (*gazette.Amendment, error) {
	if review != gazette.ReviewConfirmed && review != gazette.ReviewRejected && review != gazette.ReviewDraft {
		return nil, fmt.Errorf("review %q: want confirmed, rejected or draft: %w", review, gazette.ErrInvalid)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	before, err := scanAmendment(tx.QueryRowContext(ctx, `SELECT `+amendmentColumns+` FROM amendments a JOIN documents b ON b.id = a.by_document_id WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("amendment %d: %w", id, gazette.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("amendment %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE amendments SET review = ?, reviewed_by = ? WHERE id = ?`, review, actor, id); err != nil {
		return nil, fmt.Errorf("amendment %d: %w", id, err)
	}
	after := before
	after.Review, after.ReviewedBy = review, actor
	if err := db.audit(ctx, tx, actor, "review", "amendment", fmt.Sprint(id), before, after); err != nil {
		return nil, err
	}
	return &after, tx.Commit()
}

// endingsFor returns the endings of the documents with these numbers.
func endingsFor(ctx context.Context, q querier, numbers []string) (map[string][]gazette.Ending, error) {
	out := map[string][]gazette.Ending{}
	err := inBatches(numbers, func(args []any, marks string) error {
		args = append([]any{gazette.RelReplaces, gazette.RelRepeals, gazette.RelExpires}, args...)
		rows, err := q.QueryContext(ctx, sqlEndings(marks), args...)
		if err != nil {
			return fmt.Errorf("endings: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var target, eff string
			var x gazette.Ending
			if err := rows.Scan(&target, &x.Kind, &x.Number, &x.ID, &eff, &x.Pinpoint, &x.Basis); err != nil {
				return fmt.Errorf("endings: %w", err)
			}
			x.Effective, _ = gazette.ParseDate(eff)
			out[target] = append(out[target], x)
		}
		return rows.Err()
	})
	return out, err
}

// effectInputs are what the timelines of some documents were derived from,
// by target number.
type effectInputs struct {
	endings    map[string][]gazette.Ending
	amendments map[string][]gazette.Amendment
}

// withEffects gives each document its effect timeline (law.Derive) from
// what the database holds: the documents that end it, the amendments made
// to it, and the documents cited as bearing on it that are not held; and
// links its language versions. It returns what it read, for callers that
// show it too (the dossier).
func (db *DB) withEffects(ctx context.Context, q querier, docs []*gazette.Document) (effectInputs, error) {
	var numbers []string
	for _, d := range docs {
		if d.Number != "" {
			numbers = append(numbers, d.Number)
		}
	}
	var in effectInputs
	var err error
	if in.endings, err = endingsFor(ctx, q, numbers); err != nil {
		return in, err
	}
	if in.amendments, err = amendmentsOf(ctx, q, numbers); err != nil {
		return in, err
	}
	cautions, err := db.cautions.get(ctx, q)
	if err != nil {
		return in, err
	}
	if err := withVersions(ctx, q, docs, numbers); err != nil {
		return in, err
	}
	for _, d := range docs {
		// a document without a number has no entry in either map
		tl := law.Derive(d, in.endings[d.Number], in.amendments[d.Number], cautions.of(d))
		d.Timeline = &tl
	}
	return in, nil
}

// cautionCache holds, by folded name, the documents that published
// documents cite and the database does not hold, rebuilt when the
// database changes.
type cautionCache struct {
	mu    sync.Mutex
	seq   int64
	built bool
	index cautionIndex
}

// cautionIndex is folded name → documents cited by that name, not held.
type cautionIndex map[string][]gazette.Caution

// amendsName is how an amending law's folded name starts.
const amendsName = "luat sua doi, bo sung mot so dieu cua "

// get returns the index, rebuilt when a document was written since it was
// built. The change list's counter (sqlite_sequence) only grows; the
// newest row's seq would not do, since followers delete the rows they have
// read.
func (c *cautionCache) get(ctx context.Context, q querier) (cautionIndex, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, changeCount).Scan(&seq); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.built && c.seq == seq {
		return c.index, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT c.target_number, c.surface, d.number FROM citations c JOIN documents d ON d.id = c.document_id
		WHERE d.state = 'published' AND c.target_number <> ''
		AND c.target_number NOT IN (SELECT number FROM documents WHERE state = 'published') -- materialised once: a correlated
		-- subquery here was planned on the state index and read every published row per citation (8 s on the sample)
		ORDER BY d.issue_date, d.id`)
	if err != nil {
		return nil, fmt.Errorf("documents cited and not held: %w", err)
	}
	defer rows.Close()
	idx := cautionIndex{}
	seen := map[string]bool{}
	for rows.Next() {
		var num, surface, by string
		if err := rows.Scan(&num, &surface, &by); err != nil {
			return nil, err
		}
		name, kind := citedName(surface)
		if name == "" || seen[num+"|"+name] {
			continue
		}
		seen[num+"|"+name] = true
		display := strings.TrimSpace(surface[:strings.LastIndex(surface, " số ")])
		if i := strings.LastIndex(display, " của "); i >= 0 {
			display = display[i+len(" của "):]
		}
		idx[name] = append(idx[name], gazette.Caution{Number: num, Name: display, Kind: kind, CitedBy: by})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := namedNotHeld(ctx, q, idx); err != nil {
		return nil, err
	}
	c.seq, c.built, c.index = seq, true, idx
	return idx, nil
}

// namedNotHeld adds the laws cited by name and year, without a number,
// that no held law of that name and year answers ("Luật sửa đổi, bổ sung
// một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 18 tháng 6
// năm 2020").
func namedNotHeld(ctx context.Context, q querier, idx cautionIndex) error {
	held := map[string]bool{}
	hr, err := q.QueryContext(ctx, `SELECT title_key, type_name, coalesce(number_year, 0) FROM documents WHERE state = 'published' AND language = 'vi'`)
	if err != nil {
		return err
	}
	for hr.Next() {
		var key, typ string
		var year int
		if err := hr.Scan(&key, &typ, &year); err != nil {
			hr.Close()
			return err
		}
		held[fmt.Sprint(key, "|", year)] = true
		held[fmt.Sprint(cite.TitleKey(typ+" "+key), "|", year)] = true
	}
	hr.Close()
	rows, err := q.QueryContext(ctx, `SELECT c.surface, c.year, d.number FROM citations c JOIN documents d ON d.id = c.document_id
		WHERE d.state = 'published' AND c.target_number = '' AND c.year > 0 ORDER BY d.issue_date, d.id`)
	if err != nil {
		return fmt.Errorf("laws cited by name: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var surface, by string
		var year int
		if err := rows.Scan(&surface, &year, &by); err != nil {
			return err
		}
		name, kind := citedName(surface + " số ")
		own := cite.TitleKey(surface)
		if i := strings.LastIndex(own, " cua "); i >= 0 && kind != gazette.RelAmends {
			own = own[i+len(" cua "):]
		}
		if name == "" || held[fmt.Sprint(own, "|", year)] || seen[fmt.Sprint(name, kind, year)] {
			continue
		}
		seen[fmt.Sprint(name, kind, year)] = true
		display := surface
		if i := strings.LastIndex(display, " của "); i >= 0 && kind != gazette.RelAmends {
			display = display[i+len(" của "):]
		}
		idx[name] = append(idx[name], gazette.Caution{Name: display, Year: year, Kind: kind, CitedBy: by})
	}
	return rows.Err()
}

// citedName reads the folded name a citation gives a document ("Luật Đất
// đai số 31/2024/QH15" is "luat dat dai", a later law of that name, which
// may replace it; "Luật sửa đổi, bổ sung một số điều của Luật X số …" is an
// amendment of "luat x").
func citedName(surface string) (name, kind string) {
	i := strings.LastIndex(surface, " số ")
	if i < 0 {
		return "", ""
	}
	key := cite.TitleKey(surface[:i])
	if j := strings.LastIndex(key, amendsName); j >= 0 {
		return key[j+len(amendsName):], gazette.RelAmends
	}
	if j := strings.LastIndex(key, " cua "); j >= 0 {
		key = key[j+len(" cua "):]
	}
	if !strings.HasPrefix(key, "luat ") && !strings.HasPrefix(key, "bo luat ") && !strings.HasPrefix(key, "phap lenh ") {
		return "", "" // only laws and ordinances are named this way
	}
	return key, gazette.RelReplaces
}

// of returns the cautions that bear on d: documents of its name cited
// with a later year than its own.
func (idx cautionIndex) of(d *gazette.Document) []gazette.Caution {
	if d.Title == "" || d.Language == "en" {
		return nil
	}
	keys := []string{cite.TitleKey(d.Title), cite.TitleKey(d.TypeName + " " + d.Title)}
	year := d.IssueDate.Year()
	if n, err := number.Parse(d.Number); err == nil && n.Year > 0 {
		year = n.Year
	}
	var out []gazette.Caution
	seen := map[string]bool{}
	var cands []gazette.Caution
	for _, k := range keys {
		cands = append(cands, idx[k]...)
	}
	// numbered ones first: a law cited by name and year is left out when a
	// numbered one of that name and year stands for it
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Number != "" && cands[j].Number == "" })
	byNameYear := map[string]bool{}
	{
		for _, c := range cands {
			cy := c.Year
			if c.Number != "" {
				n, err := number.Parse(c.Number)
				if err != nil || c.Number == d.Number {
					continue
				}
				cy = n.Year
			}
			id := c.Number + "|" + c.Name + fmt.Sprint(cy)
			nameYear := cite.TitleKey(c.Name) + fmt.Sprint("|", cy, c.Kind)
			if cy <= year || seen[id] || c.Number == "" && byNameYear[nameYear] {
				continue
			}
			seen[id], byNameYear[nameYear] = true, true
			c.Year = cy
			if c.Number == "" {
				what, whatVI := "a later law of its name, which may replace it", "một luật cùng tên ban hành sau, có thể thay thế văn bản này"
				if c.Kind == gazette.RelAmends {
					what, whatVI = "a law amending it", "một luật sửa đổi, bổ sung văn bản này"
				}
				c.Note = fmt.Sprintf("may be out of date: %s (%d), cited by %s, is %s and is not in the database", c.Name, cy, c.CitedBy, what)
				c.NoteVI = fmt.Sprintf("có thể chưa cập nhật: %s (năm %d), được %s viện dẫn, là %s, chưa có trong cơ sở dữ liệu", c.Name, cy, c.CitedBy, whatVI)
				out = append(out, c)
				continue
			}
			what, whatVI := "amends or replaces", "sửa đổi hoặc thay thế"
			if c.Kind == gazette.RelAmends {
				what, whatVI = "amends", "sửa đổi, bổ sung"
			}
			c.Note = fmt.Sprintf("may be out of date: %s (%s, cited by %s), which may be the later law that %s it, is not in the database", c.Number, c.Name, c.CitedBy, what)
			c.NoteVI = fmt.Sprintf("có thể chưa cập nhật: %s (%s, được %s viện dẫn), có thể là văn bản %s văn bản này, chưa có trong cơ sở dữ liệu", c.Number, c.Name, c.CitedBy, whatVI)
			out = append(out, c)
		}
	}
	return out
}

// withVersions links language versions: a document in another language
// than Vietnamese with the number of a published Vietnamese one is its
// translation.
func withVersions(ctx context.Context, q querier, docs []*gazette.Document, numbers []string) error {
	type version struct {
		id   int64
		lang string
	}
	byNumber := map[string][]version{}
	err := inBatches(numbers, func(args []any, marks string) error {
		rows, err := q.QueryContext(ctx, sqlVersions(marks), args...)
		if err != nil {
			return fmt.Errorf("language versions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var v version
			var num string
			if err := rows.Scan(&v.id, &num, &v.lang); err != nil {
				return err
			}
			byNumber[num] = append(byNumber[num], v)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for _, d := range docs {
		d.TranslationOf, d.Translations = 0, nil
		if d.Number == "" {
			continue
		}
		for _, v := range byNumber[d.Number] {
			switch {
			case v.id == d.ID:
			case d.Language == "en" && v.lang == "vi" && d.TranslationOf == 0:
				d.TranslationOf = v.id
			case d.Language != "en" && v.lang == "en":
				d.Translations = append(d.Translations, v.id)
			}
		}
	}
	return nil
}

// sqlEndings reads what replaces, repeals or ends a batch of numbers
// (three kinds, then the numbers; +: see whereNumber).
func sqlEndings(marks string) string {
	return `SELECT r.target_number, r.kind, d.number, d.id, coalesce(d.effective_date, ''), r.pinpoint, r.basis
		FROM relations r JOIN documents d ON d.id = r.source_document_id
		WHERE +d.state = 'published' AND r.kind IN (?, ?, ?) AND d.number <> r.target_number
		AND r.target_number IN (` + marks + `) ORDER BY d.effective_date`
}

// sqlAmendmentsOf reads the published amendments to a batch of numbers
// (+: see whereNumber).
func sqlAmendmentsOf(marks string) string {
	return `SELECT ` + amendmentColumns + ` FROM amendments a JOIN documents b ON b.id = a.by_document_id
		WHERE +b.state = 'published' AND a.target_number IN (` + marks + `)
		ORDER BY coalesce(a.effective_date, ''), b.id, a.seq`
}

// sqlVersions reads the published versions of a batch of numbers
// (+: see whereNumber).
func sqlVersions(marks string) string {
	return `SELECT id, number, language FROM documents WHERE +state = 'published' AND +revision_of IS NULL
		AND number IN (` + marks + `) ORDER BY issue_date, id`
}

// inBatches calls fn for the values in batches small enough for one
// query's parameters, with the batch as arguments and the "?,?,…" list.
func inBatches(values []string, fn func(args []any, marks string) error) error {
	for len(values) > 0 {
		batch := values[:min(len(values), 500)]
		values = values[len(batch):]
		args := make([]any, len(batch))
		for i, v := range batch {
			args[i] = v
		}
		if err := fn(args, "?"+strings.Repeat(",?", len(batch)-1)); err != nil {
			return err
		}
	}
	return nil
}

// fillLaw reads, once, the amendments and the citation years of the
// documents a database held before migration 006: those are written on
// every write since, and a document written before would otherwise lack
// them until it is written again. It works in transactions of 200
// documents, so that an interrupted fill goes on where it stopped.
func (db *DB) fillLaw(ctx context.Context) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM law_filled`).Scan(&n); err != nil || n > 0 {
		return err
	}
	var after int64
	for {
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 200`, after)
		if err != nil {
			tx.Rollback()
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				tx.Rollback()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			d, err := findDocumentByID(ctx, tx, id)
			if err == nil {
				err = writeCitations(ctx, tx, d.ID, d.Number, d.Text, cite.FindCitations(d.Text))
			}
			if err == nil {
				err = writeAmendments(ctx, tx, d)
			}
			if err != nil {
				tx.Rollback()
				return fmt.Errorf("read the amendments of document %d: %w", id, err)
			}
		}
		if len(ids) == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO law_filled (at) VALUES (?)`, db.now().Format(time.RFC3339)); err != nil {
				tx.Rollback()
				return err
			}
			return tx.Commit()
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}
