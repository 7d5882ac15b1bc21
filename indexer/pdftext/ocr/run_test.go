package ocr

import (
	"context"
	"os/exec"
	"strings"
	"testing"
)

// TestRunBoundsOutput: a tool that prints more than the bound is stopped
// with an error that says so, not read into memory whole.
func TestRunBoundsOutput(t *testing.T) {
	yes, err := exec.LookPath("yes")
	if err != nil {
		t.Skip("no yes(1) on this machine")
	}
	_, err = Engine{}.run(context.Background(), nil, yes, "congbao")
	if err == nil || !strings.Contains(err.Error(), "more than 256 MiB") {
		t.Fatalf("run(yes) = %v, want the output bound named", err)
	}
}
