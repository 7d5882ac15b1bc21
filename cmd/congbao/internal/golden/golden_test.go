package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	got := Diff("a\nb\nc", "a\nB\nc\nd")
	want := "line 2:\n  - b\n  + B\nline 4:\n  - \n  + d"
	if got != want {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if d := Diff("same", "same"); d != "" {
		t.Errorf("Diff of equal texts = %q, want nothing", d)
	}
}

// recorder is a testing.TB that keeps what Check reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.errors = append(r.errors, format) }

func TestCheckWritesThenCompares(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x", "out.json")
	Check(t, path, []byte("one\n"), true)
	if b, err := os.ReadFile(path); err != nil || string(b) != "one\n" {
		t.Fatalf("update wrote %q, %v", b, err)
	}
	r := &recorder{TB: t}
	Check(r, path, []byte("one\n"), false)
	if len(r.errors) != 0 {
		t.Errorf("same bytes reported: %v", r.errors)
	}
	Check(r, path, []byte("two\n"), false)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "changed") {
		t.Errorf("changed bytes reported as %v, want one change", r.errors)
	}
}
