package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// readmeCommand is one "$ go run ./cmd/congbao …" line of the README and
// the output printed under it, if any.
type readmeCommand struct {
	line string
	args []string
	want string
}

// shellWords splits a command line as sh does for the README's simple
// lines: words separated by spaces, "double quotes" kept together.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	in, word := false, false
	for _, r := range s {
		switch {
		case r == '"':
			in, word = !in, true
		case r == ' ' && !in:
			if word {
				words = append(words, b.String())
			}
			b.Reset()
			word = false
		default:
			b.WriteRune(r)
			word = true
		}
	}
	if word {
		words = append(words, b.String())
	}
	return words
}

// readmeCommands reads the "$ go run ./cmd/congbao" lines of the README's
// code blocks.
func readmeCommands(readme string) []readmeCommand {
	var out []readmeCommand
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		rest, ok := strings.CutPrefix(l, "$ go run ./cmd/congbao ")
		if !ok {
			continue
		}
		c := readmeCommand{line: l, args: shellWords(rest)}
		var want []string
		for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "$ ") && !strings.HasPrefix(lines[i+1], "```") {
			i++
			want = append(want, lines[i])
		}
		c.want = strings.Join(want, "\n")
		out = append(out, c)
	}
	return out
}

// readmePaths are the concrete page and API paths the README names
// (without placeholders such as {id}), requested with GET.
func readmePaths(readme string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = strings.TrimRight(p, ".,)")
		if p == "" || strings.ContainsAny(p, "{}[]…*") || seen[p] {
			return
		}
		seen[p] = true
		out = append(out, p)
	}
	for _, m := range regexp.MustCompile(`http://127\.0\.0\.1:8080(/[^\s)]*)`).FindAllStringSubmatch(readme, -1) {
		add(m[1])
	}
	for _, m := range regexp.MustCompile("`(?:GET )?(/(?:api|van-ban|cong-bao|feeds|healthz|metrics)[^`\\s]*)`").FindAllStringSubmatch(readme, -1) {
		add(m[1])
	}
	return out
}

// TestReadmeExamples runs the README's commands on the bundled sample's
// law texts and requests its pages and API paths from serve: the first
// things a new user tries must work (an example naming a document the
// sample lacks answered 404).
func TestReadmeExamples(t *testing.T) {
	t.Parallel() // long and independent: runs beside the others (go test kills a package after 11 minutes)
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	cmds, paths := readmeCommands(readme), readmePaths(readme)
	if len(cmds) < 3 || len(paths) < 5 {
		t.Fatalf("found %d commands and %d paths in the README; the parser no longer matches it", len(cmds), len(paths))
	}
	data := t.TempDir()
	mustRun(t, "--data", data, "import", "../../testdata/sample/uts_vlc_laws.jsonl.gz")
	for _, c := range cmds {
		code, out, errOut := run(t, "", append([]string{"--data", data}, c.args...)...)
		if code != 0 {
			t.Errorf("README: %s: exit %d: %s", c.line, code, errOut)
			continue
		}
		if c.want != "" && strings.TrimSpace(out) != strings.TrimSpace(c.want) {
			t.Errorf("README: %s printed\n%s\nthe README shows\n%s", c.line, out, c.want)
		}
		if strings.TrimSpace(out) == "" {
			t.Errorf("README: %s printed nothing", c.line)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--data", data, "serve", "--addr", "127.0.0.1:0", "--sample", ""}, nil, &out, &errb)
	}()
	addrRe := regexp.MustCompile(`http://(\S+)`)
	var addr string
	for deadline := time.Now().Add(time.Minute); addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("serve did not report its address: %s", errb.String())
	}
	signedIn := map[string]bool{"/api/v1/drafts": true, "/api/v1/audit": true, "/api/v1/uploads": true}
	for _, p := range paths {
		var code int
		var body []byte
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			resp, err := http.Get("http://" + addr + p)
			if err != nil {
				t.Fatalf("GET %s: %v", p, err)
			}
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			code = resp.StatusCode
			if code != http.StatusServiceUnavailable || time.Now().After(deadline) {
				break // 503 while the index opens
			}
		}
		if signedIn[p] && code == http.StatusUnauthorized {
			continue // for clerks and admins: asks for a token, as the README says
		}
		if code != http.StatusOK {
			t.Errorf("README names %s: GET answered %d: %.300s", p, code, body)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Error("serve did not stop")
	}
}
