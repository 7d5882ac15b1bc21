package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, installed by .ci/run (npm ci in
// server/testdata/axe); without it the pages are still loaded and
// screenshot, and the test says the accessibility check was skipped.
const axeScript = "testdata/axe/node_modules/axe-core/axe.min.js"

// axeViolation is one rule a page breaks, as axe reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestPagesAccessible opens every page lawyers and clerks use, at desktop
// width and at 375 px (a phone), checks what each must show, saves a
// screenshot of each (in $CONGBAO_SCREENSHOTS when set, to look at them)
// and runs axe-core on each: no serious or critical violation may remain.
func TestPagesAccessible(t *testing.T) {
	s := newScenario(t)
	ctx, shots := newBrowser(t, 1280, 900)
	axe, err := os.ReadFile(axeScript)
	if err != nil {
		t.Logf("axe-core not installed (%v): run npm ci in server/testdata/axe (.ci/run does); accessibility not checked", err)
	}
	issue := s.firstIssueID()
	pages := []struct {
		name, path string
		signedIn   bool
		want       string // a selector that must be visible
		text       string // text that must be in the page
	}{
		{"home", "/", false, "#q", "văn bản đã công bố"},
		{"search", "/?q=" + url.QueryEscape("thong tin type:NĐ"), false, "#hits .hit", "Loại: NĐ"},
		{"search-unknown-type", "/?q=" + url.QueryEscape("thông tin type:xyz"), false, ".flash.error", "Không có văn bản nào có loại văn bản «xyz»"},
		{"search-bad-filter", "/?q=" + url.QueryEscape("year:abc"), false, ".flash.error", "năm viết đủ 4 chữ số"},
		{"document", "/van-ban/3", false, "#noi-dung p", "Căn cứ"},
		{"document-downloads", "/van-ban/1", false, "#ban-in", "Bản gốc (PDF)"},
		{"document-print", "/van-ban/1?ban-in=1", false, "#noi-dung", "Phạm vi điều chỉnh"},
		{"document-at-date", "/van-ban/1?tai-ngay=01/01/2025", false, "#van-ban-tai-ngay", "Văn bản tại ngày 01/01/2025"},
		{"number-not-held", "/van-ban?so=" + url.QueryEscape("99/2019/NĐ-CP"), false, "#tim-trong-van-ban", "chưa có trong cơ sở dữ liệu"},
		{"number-invalid", "/van-ban?so=" + url.QueryEscape("43/2011/XX-CP"), false, "#q2", "không có loại văn bản mã XX"},
		{"document-missing", "/van-ban/999", false, "#q2", "Không tìm thấy văn bản"},
		{"gazette", "/cong-bao", false, "#cac-so", "Công báo số 375 + 376"},
		{"gazette-issue", fmt.Sprintf("/cong-bao/%d", issue), false, "#van-ban-trong-so", "43/2011/NĐ-CP"},
		{"api", "/api", false, ".api-op", "GET"},
		{"sign-in", "/quan-ly", false, "#token", "Mã truy cập"},
		{"desk", "/quan-ly", true, "#drafts", "Chờ duyệt"},
		{"review", "/quan-ly/van-ban/2", true, "#number", "Duyệt văn bản #2"},
	}
	var problems []string
	signedIn := false
	for _, width := range []int{1280, 375} {
		for _, p := range pages {
			if p.signedIn && !signedIn {
				s.browserSignIn(t, ctx)
				signedIn = true
			}
			if !p.signedIn && signedIn {
				s.browserSignOut(t, ctx)
				signedIn = false
			}
			name := fmt.Sprintf("%s-%d", p.name, width)
			sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
			var body string
			var buf []byte
			err := chromedp.Run(sctx, chromedp.EmulateViewport(int64(width), 900),
				chromedp.Navigate(s.srv.URL+p.path), chromedp.WaitVisible(p.want, chromedp.ByQuery), chromedp.Text("body", &body, chromedp.ByQuery),
				chromedp.CaptureScreenshot(&buf)) // what the reader sees first
			cancel()
			if err != nil {
				t.Errorf("%s (%s): %v", name, p.path, err)
				continue
			}
			os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
			if dir := os.Getenv("CONGBAO_SCREENSHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
			}
			if !strings.Contains(body, p.text) {
				t.Errorf("%s (%s) does not show %q: %.300q", name, p.path, p.text, body)
			}
			if d := isoDate.FindString(body); d != "" && p.name != "api" {
				t.Errorf("%s shows the date %s as the API writes it; pages write dd/mm/yyyy", name, d)
			}
			if overflow := pageOverflow(t, ctx); width == 375 && overflow > 0 {
				t.Errorf("%s: the page is %d px wider than a 375 px screen (it scrolls sideways)", name, overflow)
			}
			if axe == nil {
				continue
			}
			for _, v := range runAxe(t, ctx, axe) {
				if v.Impact == "serious" || v.Impact == "critical" {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, strings.Join(n.Target, " "))
					}
					problems = append(problems, fmt.Sprintf("%s: %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(where, ", ")))
				}
			}
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d pages at 2 widths; screenshots in %s", len(pages), shots)
}

// pageOverflow is how far the page is wider than the window.
func pageOverflow(t *testing.T, ctx context.Context) int {
	var n int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`Math.max(0, document.documentElement.scrollWidth - window.innerWidth)`, &n)); err != nil {
		t.Fatal(err)
	}
	return n
}

// runAxe runs axe-core in the page and returns its violations.
func runAxe(t *testing.T, ctx context.Context, axe []byte) []axeViolation {
	t.Helper()
	var raw string
	err := chromedp.Run(ctx, chromedp.Evaluate(string(axe), nil),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, &raw,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	return vs
}

// browserSignIn signs the scenario's clerk in through the sign-in form.
func (s *scenario) browserSignIn(t *testing.T, ctx context.Context) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, chromedp.Navigate(s.srv.URL+"/quan-ly"), chromedp.WaitVisible("#token"),
		chromedp.SendKeys("#token", s.clerk), chromedp.Click("#dang-nhap"), chromedp.WaitVisible("#drafts")); err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// browserSignOut ends the browser's session.
func (s *scenario) browserSignOut(t *testing.T, ctx context.Context) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, chromedp.Navigate(s.srv.URL+"/quan-ly"), chromedp.WaitVisible("form.inline button", chromedp.ByQuery),
		chromedp.Click("form.inline button", chromedp.ByQuery), chromedp.WaitVisible("#token")); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// firstIssueID is the id of the gazette issue of the published document.
func (s *scenario) firstIssueID() int64 {
	is, err := s.db.GazetteIssues(context.Background(), "", "", 10)
	if err != nil || len(is) == 0 {
		s.t.Fatalf("no gazette issue in the scenario: %v", err)
	}
	return is[0].ID
}
