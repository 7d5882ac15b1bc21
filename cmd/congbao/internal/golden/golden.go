// Package golden compares what a test produced with a file kept under
// testdata/golden, or rewrites that file when the test runs with -update.
// The command's tests and its acceptance tests share it.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is the -update flag of every test binary that imports this
// package: rewrite the golden files from what the code gives now, then
// read the diff, where every changed field of every document shows.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// UpdateHint is the command that rewrites every golden file of the
// command's tests; a failure message ends with it.
const UpdateHint = "go test ./cmd/congbao/... -run Golden -update"

// Check compares got with the file at path, or writes got there when
// update is set. A difference fails t with the lines that differ.
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (write it with: %s)", path, err, UpdateHint)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed:\n%s\n(if the change is right: %s, and read the diff)", path, Diff(string(want), string(got)), UpdateHint)
	}
}

// Diff lists the lines that differ between want and got, at most 40.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 40; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("line %d:\n  - %s\n  + %s", i+1, a, b))
		}
	}
	return strings.Join(out, "\n")
}
