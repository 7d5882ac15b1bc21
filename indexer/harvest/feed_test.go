package harvest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestRedirectElsewhereRefused: a source answering with a redirect to
// another host does not send the sync there.
func TestRedirectElsewhereRefused(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the sync followed a redirect to another host: %s", r.URL)
	}))
	defer elsewhere.Close()
	// 127.0.0.1 and localhost are two hosts to the check
	target := strings.Replace(elsewhere.URL, "127.0.0.1", "localhost", 1)
	src := httptest.NewServer(http.RedirectHandler(target+"/secret", http.StatusFound))
	defer src.Close()
	f := &Feed{Base: src.URL}
	_, err := f.get(context.Background(), src.URL+"/api/v1/changes", 1<<20)
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Errorf("get through a redirect elsewhere: %v, want it refused", err)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
