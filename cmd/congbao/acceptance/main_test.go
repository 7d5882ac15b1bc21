package acceptance

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"congbao/cmd/congbao/internal/export"
)

// sharedCorpus is ../shared/corpus seen from this package's folder.
const sharedCorpus = "../../../../shared/corpus"

// testdata is the repository's testdata folder.
const testdata = "../../../testdata"

// congbao is the binary the tests run, built once by TestMain.
var congbao string

// TestMain builds cmd/congbao into a temporary folder (the go command's
// cache makes this a link when the packages are already compiled), shares
// one OCR cache among the tests, and removes both afterwards.
func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "congbao-acceptance-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "acceptance:", err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(tmp)
		congbao = filepath.Join(tmp, "congbao")
		if runtime.GOOS == "windows" {
			congbao += ".exe"
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance: these tests build congbao and need the go command on PATH:", err)
			return 1
		}
		build := exec.Command(goTool, "build", "-o", congbao, "congbao/cmd/congbao")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "acceptance: go build -o %s congbao/cmd/congbao: %v\n%s", congbao, err, out)
			return 1
		}
		// the scans are read by OCR by both tests: each picture once
		cache := filepath.Join(tmp, "ocr-cache")
		if err := os.Mkdir(cache, 0o755); err == nil {
			os.Setenv("CONGBAO_OCR_CACHE", cache)
		}
		return m.Run()
	}()
	os.Exit(code)
}

// run runs congbao with args and returns its exit status and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(congbao, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("congbao %s: %v", strings.Join(args, " "), err)
		}
		return exit.ExitCode(), out.String(), errb.String()
	}
	return 0, out.String(), errb.String()
}

// exportAll reads every document of the data folder data.
func exportAll(t *testing.T, data string) []export.Document {
	t.Helper()
	return export.All(t, data, func(args ...string) (int, string, string) { return run(t, args...) })
}
