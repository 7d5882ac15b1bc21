package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestReviewDatesAsClerksWrite checks the review form the way clerks use
// it: a date typed as 20/11/2020 is taken, the form shows dates as
// dd/mm/yyyy, and a refused field comes back with everything that was
// typed and a Vietnamese message naming the field.
func TestReviewDatesAsClerksWrite(t *testing.T) {
	s := newScenario(t)
	ck := s.signIn(t, s.srv.URL)
	get := func() string { return getPage(t, s.srv.URL+"/quan-ly/van-ban/2", ck) }
	page := get()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form token")
	}
	form := url.Values{"csrf": {m[1]}, "issue_date": {"20/11/2020"}}
	if status := post(t, s.srv.URL+"/quan-ly/van-ban/2", ck, form, map[string]string{"Origin": s.srv.URL}); status != 303 {
		t.Fatalf("save 20/11/2020 = %d, want 303", status)
	}
	d, _ := s.db.DocumentByID(context.Background(), 2)
	if d.IssueDate.String() != "2020-11-20" {
		t.Errorf("issue date after typing 20/11/2020 = %q", d.IssueDate)
	}
	if page = get(); !strings.Contains(page, `value="20/11/2020"`) {
		t.Errorf("the form does not show the date as dd/mm/yyyy")
	}

	// a refused date: 400, the message in Vietnamese, what was typed kept
	form = url.Values{"csrf": {m[1]}, "issue_date": {"31/13/2026"}, "title": {"Trích yếu mới đang gõ"}}
	req, _ := http.NewRequest("POST", s.srv.URL+"/quan-ly/van-ban/2", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.srv.URL)
	req.AddCookie(ck)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	if res.StatusCode != 400 {
		t.Fatalf("refused date = %d, want 400", res.StatusCode)
	}
	for _, want := range []string{"Ngày ban hành «31/13/2026» không hợp lệ", "20/11/2020", `value="31/13/2026"`, "Trích yếu mới đang gõ", `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if d2, _ := s.db.DocumentByID(context.Background(), 2); d2.Title == "Trích yếu mới đang gõ" {
		t.Error("a refused form changed the document")
	}
}

// getPage GETs a page with a session cookie and returns its body.
func getPage(t *testing.T, target string, ck *http.Cookie) string {
	t.Helper()
	req, _ := http.NewRequest("GET", target, nil)
	req.AddCookie(ck)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
