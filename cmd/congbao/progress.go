package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressBar returns a progress callback that draws a bar on w when w is
// a terminal, and does nothing otherwise (CI logs, pipes, --json). A total
// of -1 draws a counter for work of unknown size.
func progressBar(w io.Writer, total int, what string) (func(done, total int), func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || total == 1 || total == 0 {
		return func(int, int) {}, func() {}
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
	return func(done, _ int) { _ = bar.Set(done) }, func() { _ = bar.Finish() }
}
