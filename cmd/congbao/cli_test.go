package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestEveryCommandHelps checks that "congbao COMMAND -h" (and "token -h")
// prints the command's usage and exits 0, that the synopsis names every
// flag the command takes, and that only commands using the data folder
// take --data.
func TestEveryCommandHelps(t *testing.T) {
	usesData := map[string]bool{"serve": true, "ingest": true, "import": true, "export": true, "publish": true,
		"search": true, "resolve": true, "text": true, "reindex": true, "check": true, "backup": true,
		"restore": true, "token": true, "sync": true}
	flagLine := regexp.MustCompile(`(?m)^  -(\S+)`)
	for _, c := range commands() {
		code, _, stderr := run(t, "", c.name, "-h")
		if code != 0 {
			t.Errorf("congbao %s -h: exit %d, want 0 (%q)", c.name, code, stderr)
			continue
		}
		if !strings.HasPrefix(stderr, "usage: congbao") {
			t.Errorf("congbao %s -h does not start with its usage: %.80q", c.name, stderr)
		}
		synopsis, flags, _ := strings.Cut(stderr, "\nflags:")
		var names []string
		for _, m := range flagLine.FindAllStringSubmatch(flags, -1) {
			names = append(names, m[1])
		}
		hasData := false
		for _, n := range names {
			if n == "data" {
				hasData = true
			}
			if !strings.Contains(synopsis, "--"+n) {
				t.Errorf("congbao %s: the usage does not name its flag --%s", c.name, n)
			}
		}
		if c.name == "token" {
			hasData = strings.Contains(synopsis, "--data")
		}
		if hasData != usesData[c.name] {
			t.Errorf("congbao %s: takes --data = %v, uses the data folder = %v", c.name, hasData, usesData[c.name])
		}
	}
}

// TestFlagsAfterArguments checks that a flag after the arguments is
// honoured, that an unknown one is refused by name, and that "--" lets an
// argument start with "-".
func TestFlagsAfterArguments(t *testing.T) {
	code, out, stderr := run(t, "", "number", "43/2011/ND-CP", "--json")
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Errorf("number NUMBER --json: exit %d, out %q, err %q; want JSON", code, out, stderr)
	}
	code, _, stderr = run(t, "", "number", "43/2011/ND-CP", "--limit", "2")
	if code != 2 || !strings.Contains(stderr, "flag provided but not defined: -limit") {
		t.Errorf("number NUMBER --limit 2: exit %d, %q; want 2 naming -limit", code, stderr)
	}
	code, out, _ = run(t, "", "number", "--json", "--", "-5/CP")
	if code == 2 || !strings.Contains(out, `"input":"-5/CP"`) {
		t.Errorf("number -- -5/CP: exit %d, out %q; want the argument read as a number", code, out)
	}
}

// TestSearchFlagAfterQuery checks the case a user hit: "search x --limit
// 2" searched for "x -limit 2"; the flag is now a flag wherever it stands.
func TestSearchFlagAfterQuery(t *testing.T) {
	data := t.TempDir()
	mustRun(t, "--data", data, "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	out := mustRun(t, "search", "49/2026/nđ-cp", "--data", data, "--json", "--limit", "1")
	var res struct {
		Number string `json:"number"`
		Total  uint64 `json:"total"`
		Hits   []any  `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search … --json did not print JSON: %v: %.200q", err, out)
	}
	if res.Number != "49/2026/NĐ-CP" || res.Total != 1 || len(res.Hits) != 1 {
		t.Errorf("search 49/2026/nđ-cp --json --limit 1: number %q, total %d, %d hits; want the number alone, 1 hit", res.Number, res.Total, len(res.Hits))
	}
}

// TestIngestNamesDocuments checks that ingest's report names each
// document by type, number and title (not by id alone) and says repairs
// in plain words.
func TestIngestNamesDocuments(t *testing.T) {
	out := mustRun(t, "--data", t.TempDir(), "ingest", "../../testdata/pdf/nd-49-2026-nd-cp.signed.pdf")
	if !strings.Contains(out, "Nghị định 49/2026/NĐ-CP: Quy định chi tiết") || strings.Contains(out, "documents [") {
		t.Errorf("ingest report does not name the document by number and title:\n%s", out)
	}
	for in, want := range map[string]string{
		"xref table rebuilt (offset 12 is not an object)":  "the file's table of contents of objects was damaged (offset 12 is not an object); it was rebuilt by reading the whole file",
		"skipped 3 bytes before the header":                "the file had 3 bytes of something else before the PDF began; they were skipped",
		"hybrid-reference xref sections merged (/XRefStm)": "",
	} {
		if got := plainRepair(in); got != want {
			t.Errorf("plainRepair(%q) = %q, want %q", in, got, want)
		}
	}
}
