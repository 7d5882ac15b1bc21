package server

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts Chromium for a test, or skips the test saying why
// (also on the terminal, since go test hides a skip's reason without -v).
// It returns the browser's context and the folder of its screenshots.
func newBrowser(t *testing.T, width, height int) (context.Context, string) {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		skipLoudly(t, "no chromium on this machine (apt-get install chromium): browser tests skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(width, height))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel)
	if err := chromedp.Run(ctx); err != nil { // start the browser on the test's context, not a step's
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx, t.TempDir()
}

// skipLoudly skips a test and says so on the terminal too: go test ./...
// prints a skipped test's reason only with -v.
func skipLoudly(t *testing.T, why string) {
	t.Helper()
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprintf(tty, "congbao: %s: %s\n", t.Name(), why)
		tty.Close()
	}
	t.Skip(why)
}

// chromiumPath finds Debian's chromium (or another Chrome).
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives a real browser through what lawyers and clerks do:
// search, open a document, follow a citation; sign in as a clerk, upload a
// PDF, correct a field, publish, and find the document as the public. It
// saves a screenshot of each page in the test's temp folder (and in
// $CONGBAO_SCREENSHOTS when set, to look at them).
func TestBrowser(t *testing.T) {
	s := newScenario(t)
	ctx, shots := newBrowser(t, 1200, 900)
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
				return err
			}
			if dir := os.Getenv("CONGBAO_SCREENSHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		})
	}
	run := func(step string, actions ...chromedp.Action) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Run(sctx, actions...); err != nil {
			var where, page string
			chromedp.Run(ctx, chromedp.Location(&where), chromedp.OuterHTML("body", &page), shot("failed"))
			t.Fatalf("%s: %v (at %s: %.600s)", step, err, where, page)
		}
	}
	// navigate runs an action that loads a new page and waits for it
	navigate := func(step string, a chromedp.Action) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, a); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	var text, url string

	// a lawyer searches without diacritics, opens the hit, follows a citation
	run("search", chromedp.Navigate(s.srv.URL+"/"), chromedp.WaitVisible("#q"),
		chromedp.SendKeys("#q", "trang thong tin dien tu"), chromedp.Submit("#q"),
		chromedp.WaitVisible("#hits .hit a"), chromedp.Text("#hits", &text), shot("1-search"))
	if !strings.Contains(text, "26/2012/TT-BTTTT") {
		t.Fatalf("search page hits: %q", text)
	}
	navigate("open document", chromedp.Click("#hits .hit h2 a", chromedp.NodeVisible))
	run("document", chromedp.WaitVisible("#noi-dung"),
		chromedp.Text("#noi-dung", &text), shot("2-document"))
	if !strings.Contains(text, "Căn cứ Nghị định số 43/2011/NĐ-CP") {
		t.Fatalf("document text: %.200q", text)
	}
	navigate("follow citation", chromedp.Click("#noi-dung a.cite", chromedp.NodeVisible))
	run("cited document", chromedp.WaitVisible("#so"),
		chromedp.Text("#so", &text), chromedp.Location(&url), shot("3-cited"))
	if !strings.Contains(text, "43/2011/NĐ-CP") || !strings.HasSuffix(url, "/van-ban/1") {
		t.Fatalf("citation led to %s showing %q", url, text)
	}

	// a clerk signs in, uploads, corrects and publishes
	run("sign-in page", chromedp.Navigate(s.srv.URL+"/quan-ly"), chromedp.WaitVisible("#token"), chromedp.SendKeys("#token", s.clerk))
	navigate("sign in", chromedp.Click("#dang-nhap"))
	run("desk", chromedp.WaitVisible("#file"), shot("4-desk"))
	abs, _ := filepath.Abs(uploadPDF)
	run("choose file", chromedp.SetUploadFiles("#file", []string{abs}))
	navigate("upload", chromedp.Click("#tai-len"))
	// the desk reloads itself every 2 s while the file is read
	run("uploaded", chromedp.WaitVisible(`#jobs tr[data-state="done"] a`), shot("5-uploaded"))
	navigate("open draft", chromedp.Click(`#jobs tr[data-state="done"] a`))
	run("review", chromedp.WaitVisible("#number"),
		chromedp.Value("#number", &text), shot("6-review"))
	if text != "49/2026/NĐ-CP" {
		t.Fatalf("extracted number in the review form = %q", text)
	}
	run("edit", chromedp.SetValue("#place", "Hà Nội (đã đối chiếu)"))
	navigate("save", chromedp.Click("#luu"))
	run("saved", chromedp.WaitVisible("p.flash", chromedp.ByQuery))
	run("saved value", chromedp.Value("#place", &text))
	run("saved shot", shot("7-corrected"))
	if text != "Hà Nội (đã đối chiếu)" {
		t.Fatalf("place after saving = %q", text)
	}
	navigate("publish", chromedp.Click("#cong-bo"))
	run("published", chromedp.WaitVisible("#so"), chromedp.Location(&url), shot("8-published"))
	id := url[strings.LastIndex(url, "/")+1:]

	// the public finds it now (signed out)
	run("desk again", chromedp.Navigate(s.srv.URL+"/quan-ly"), chromedp.WaitVisible("form.inline button", chromedp.ByQuery))
	navigate("sign out", chromedp.Click("form.inline button", chromedp.ByQuery))
	run("public search", chromedp.WaitVisible("#token"), chromedp.Navigate(s.srv.URL+"/?q="+"49/2026/nd-cp"), chromedp.WaitVisible("#hits .hit a"),
		chromedp.Text("#hits", &text), shot("9-public"))
	if !strings.Contains(text, "49/2026/NĐ-CP") {
		t.Fatalf("the published document is not found by the public: %q", text)
	}
	var href string
	run("public link", chromedp.AttributeValue("#hits .hit h2 a", "href", &href, nil))
	if href != fmt.Sprintf("/van-ban/%s", id) {
		t.Errorf("public hit links to %s, want /van-ban/%s", href, id)
	}
	t.Logf("screenshots in %s", shots)
}
