package pdftext

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestPoolReusesWorkers: files extracted one after the other through a
// pool are read by one worker process, with the answers a worker per file
// gives, errors included; closing the pool leaves no process behind.
func TestPoolReusesWorkers(t *testing.T) {
	one := workerCommand(t)
	pooled := one
	pooled.Pool = NewPool()
	var files [][]byte
	var names []string
	for _, c := range malformedCorpus() {
		if c.opt == (Options{}) {
			files, names = append(files, c.data), append(names, c.name)
		}
	}
	if len(files) < 5 {
		t.Fatalf("only %d files to extract", len(files))
	}
	for i, data := range files {
		want, wantErr := one.Extract(context.Background(), data)
		got, gotErr := pooled.Extract(context.Background(), data)
		if errors.Is(wantErr, ErrDamaged) && strings.Contains(errText(wantErr), "crashed") {
			continue // a crash: TestPoolAfterCrash
		}
		if errText(gotErr) != errText(wantErr) {
			t.Errorf("%s: pooled error %q, one-file worker %q", names[i], errText(gotErr), errText(wantErr))
		}
		if strings.Join(pages(got), "\f") != strings.Join(pages(want), "\f") {
			t.Errorf("%s: pooled text %q, one-file worker %q", names[i], pages(got), pages(want))
		}
	}
	if n := pooled.Pool.Started(); n != 1 {
		t.Errorf("%d worker processes started for %d files one after the other, want 1", n, len(files))
	}
	pooled.Pool.Close()
	checkNoChildren(t)
}

// TestPoolAfterCrash: a file that kills its worker (as a fatal error in
// the library does) fails alone, with the worker's last words; the next
// file gets a new worker and its text.
func TestPoolAfterCrash(t *testing.T) {
	iso := workerCommand(t)
	iso.Pool = NewPool()
	defer func() { iso.Pool.Close(); checkNoChildren(t) }()
	if _, err := iso.Extract(context.Background(), basic(body).bytes()); err != nil {
		t.Fatal(err)
	}
	crash := basic(body)
	crash.header += "\n" + crashMark
	_, err := iso.Extract(context.Background(), crash.bytes())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "crashed") || !strings.Contains(err.Error(), "the test's crash mark") {
		t.Fatalf("a file that kills its worker: error %v, want a crash with the worker's message", err)
	}
	res, err := iso.Extract(context.Background(), basic(body).bytes())
	if err != nil || !strings.Contains(strings.Join(res.Pages, " "), "43/2011/ND-CP") {
		t.Fatalf("the file after the crash: %v, %v", pages(res), err)
	}
	if n := iso.Pool.Started(); n != 2 {
		t.Errorf("%d workers started, want 2 (the one that crashed, a new one)", n)
	}
}

// TestPoolDeadline: a file that misses its deadline kills its worker and
// says so; the pool goes on with a new worker; an idle worker is stopped.
func TestPoolDeadline(t *testing.T) {
	iso := workerCommand(t)
	iso.Pool = &Pool{IdleFor: 200 * time.Millisecond}
	slow := iso
	slow.Timeout = time.Millisecond
	_, err := slow.Extract(context.Background(), basic(body).bytes())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "did not finish within 1ms") {
		t.Fatalf("error %v, want a deadline error", err)
	}
	res, err := iso.Extract(context.Background(), basic(body).bytes())
	if err != nil || len(res.Pages) != 1 {
		t.Fatalf("the file after the deadline: %v, %v", pages(res), err)
	}
	if n := iso.Pool.Started(); n != 2 {
		t.Errorf("%d workers started, want 2 (the one killed, a new one)", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := iso.Extract(ctx, basic(body).bytes()); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled extraction: %v, want context.Canceled", err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if !hasChildren() {
			return
		}
	}
	t.Error("an idle worker was not stopped after IdleFor")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func pages(r *Result) []string {
	if r == nil {
		return nil
	}
	return r.Pages
}
