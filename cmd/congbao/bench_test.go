package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBench runs "congbao bench" small: every row is there, with a value
// for congbao and its peer.
func TestBench(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	if testing.Short() {
		t.Skip("-short: bench skipped")
	}
	// the first-search row serves the folder of --laws as the sample: the
	// law texts alone, not the whole bundled sample (a minute more)
	sample := lawsSample(t)
	out := mustRun(t, "bench", "--docs", "1000", "--laws", filepath.Join(sample, "uts_vlc_laws.jsonl.gz"), "--pdf", "../../testdata/pdf", "--concurrent-for", "2s")
	for _, row := range []string{"PDF text extraction", "ingest end to end", "index build from SQLite", "search p50, word", "search p99, phrase",
		"search p99, faceted", "search p99, number", "peak RSS of congbao reindex", "numbers resolved in process", "numbers resolved over HTTP", "peak RSS of serve",
		"publish to visible in the change feed", "publish to visible in the search", "publish to visible in the Atom feed", "publish to visible in the webhook"} {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "| "+row) {
				line = l
			}
		}
		if line == "" {
			t.Errorf("no row %q in:\n%s", row, out)
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 6 || strings.TrimSpace(cells[2]) == "–" || strings.Contains(cells[2], "– ") {
			t.Errorf("row %q has no congbao figure: %s", row, line)
		}
	}
}
