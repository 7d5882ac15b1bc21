package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/server"
)

const resolveUsage = `usage: congbao resolve [--data DIR] [--json] [--as-of YYYY-MM-DD] [TEXT]

Finds the citations in TEXT (or standard input when none is given): numbers
in any spelling with their type, date and pinpoint (điểm, khoản, Điều), lists,
short citations, laws by name, and the relation the sentence states (căn cứ,
sửa đổi bổ sung, thay thế, bãi bỏ, hết hiệu lực, hướng dẫn, dẫn chiếu); looks
each up and prints its status: 200 found, 300 ambiguous, 404 not in the
database, 400 malformed. --json prints what POST /api/v1/resolve returns.
`

func runResolve(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "resolve", resolveUsage)
	e.dataFlag(fs)
	asJSON := fs.Bool("json", false, "print {\"citations\": [...]} as JSON")
	asOfText := fs.String("as-of", "", "also give each document's effect status at this date")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var asOf time.Time
	if *asOfText != "" {
		d, err := gazette.ParseDate(*asOfText)
		if err != nil {
			return usageError{err.Error()}
		}
		asOf = d.Time
	}
	text := strings.Join(fs.Args(), " ")
	if text == "" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
		text = string(b)
	}
	db, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	out, err := cite.Resolve(ctx, cite.FindCitations(text), db, asOf)
	if err != nil {
		return err
	}
	server.Link(out)
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"citations": out})
	}
	for _, r := range out {
		fmt.Fprintf(e.stdout, "%d  %s", r.Status, strings.Join(strings.Fields(r.Surface), " "))
		if r.Pinpoint != "" {
			fmt.Fprintf(e.stdout, "  [%s]", r.Pinpoint)
		}
		fmt.Fprintf(e.stdout, "  (%s)", r.Relation)
		if r.Error != "" {
			fmt.Fprintf(e.stdout, "  %s", r.Error)
		}
		fmt.Fprintln(e.stdout)
		for _, d := range r.Documents {
			fmt.Fprintf(e.stdout, "     → [%d] %s %s %s, %s\n", d.ID, d.TypeName, d.Number, d.Title, d.EffectStatus)
		}
	}
	return nil
}
