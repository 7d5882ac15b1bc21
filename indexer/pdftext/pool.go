package pdftext

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Pool keeps isolated workers alive between files, so that a run of many
// files does not start a process for each (a start costs the binary's
// package initialisation, some 50 ms of CPU). Isolation is unchanged: a
// worker is still a child process under its address-space limit, a file
// still has its deadline, and a worker that crashes, misses a deadline or
// answers with what cannot be read is killed and never reused. A worker serves at most
// MaxFiles files and is stopped after IdleFor without work, so that an
// idle server holds no extraction memory.
//
// A Pool serves one Isolated configuration (its Command, MemoryLimit and
// Options.Workers start the workers); set it on Isolated.Pool.
type Pool struct {
	MaxFiles int           // files a worker serves before it is replaced (default 64)
	IdleFor  time.Duration // an idle worker is stopped after this (default 1 minute)

	mu      sync.Mutex
	idle    []*poolWorker
	closed  bool
	started int
}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{} }

// Started is the number of worker processes the pool has started.
func (p *Pool) Started() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}

// Close stops the idle workers; workers busy with a file stop when it is
// done. Extractions after Close start one-file workers.
func (p *Pool) Close() error {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, w := range idle {
		if w.reaper != nil {
			w.reaper.Stop()
		}
		w.stop()
	}
	return nil
}

// poolWorker is one worker process serving frames.
type poolWorker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *headBuffer
	served int
	reaper *time.Timer // stops the worker when it idles too long
}

// stop ends the worker: its standard input closed (it exits on EOF), then
// killed if it has not, and waited for.
func (w *poolWorker) stop() {
	w.in.Close()
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			w.cmd.Process.Kill()
		}
	}()
	w.cmd.Wait()
	close(done)
}

// kill ends a worker that may be in the middle of a file.
func (w *poolWorker) kill() {
	w.cmd.Process.Kill()
	w.in.Close()
	w.cmd.Wait()
}

// get returns an idle worker or starts one.
func (p *Pool) get(iso Isolated) (*poolWorker, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		w := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if w.reaper == nil || w.reaper.Stop() { // not being stopped by its reaper
			p.mu.Unlock()
			return w, nil
		}
	}
	p.mu.Unlock()
	cmd := exec.Command(iso.Command[0], iso.Command[1:]...)
	cmd.Env = append(cmd.Environ(), "CONGBAO_PDFTEXT_SERVE=1", fmt.Sprintf("CONGBAO_PDFTEXT_MEMORY=%d", iso.memory()),
		fmt.Sprintf("CONGBAO_PDFTEXT_WORKERS=%d", iso.Options.Workers))
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &poolWorker{cmd: cmd, in: in, out: bufio.NewReader(out), stderr: &headBuffer{n: 64 << 10}}
	cmd.Stderr = w.stderr
	cmd.WaitDelay = 5 * time.Second
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the extraction worker %s: %w", iso.Command[0], err)
	}
	p.mu.Lock()
	p.started++
	p.mu.Unlock()
	return w, nil
}

// put returns a worker that answered in turn to the pool, or stops it.
func (p *Pool) put(w *poolWorker) {
	max := p.MaxFiles
	if max <= 0 {
		max = 64
	}
	idleFor := p.IdleFor
	if idleFor <= 0 {
		idleFor = time.Minute
	}
	p.mu.Lock()
	if p.closed || w.served >= max {
		p.mu.Unlock()
		w.stop()
		return
	}
	w.reaper = time.AfterFunc(idleFor, func() {
		p.mu.Lock()
		for i, x := range p.idle {
			if x == w {
				p.idle = append(p.idle[:i], p.idle[i+1:]...)
				break
			}
		}
		p.mu.Unlock()
		w.stop()
	})
	p.idle = append(p.idle, w)
	p.mu.Unlock()
}

// run extracts data in a pooled worker under timeout.
func (p *Pool) run(ctx context.Context, iso Isolated, data []byte, withOCR bool, timeout time.Duration) (*Result, error) {
	w, err := p.get(iso)
	if err != nil {
		return nil, &Error{Kind: ErrDamaged, Detail: err.Error()}
	}
	w.stderr.Reset()
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// state decides, once, between the deadline (1: the worker is killed)
	// and the reply (2: the worker answered in time)
	var state atomic.Int32
	done := make(chan struct{})
	go func() {
		select {
		case <-dctx.Done():
			if state.CompareAndSwap(0, 1) {
				w.cmd.Process.Kill()
			}
		case <-done:
		}
	}()
	reply, err := w.exchange(data, withOCR)
	close(done)
	if !state.CompareAndSwap(0, 2) { // killed by the deadline or the caller
		w.kill()
		if err == nil {
			return reply.result() // it answered as it was killed: the answer stands
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("extraction did not finish within %s", timeout)}
	}
	if err != nil {
		w.kill()
		return nil, &Error{Kind: ErrDamaged, Detail: "the extractor crashed (" + err.Error() + "): " + lastLine(w.stderr.String())}
	}
	w.served++
	p.put(w)
	return reply.result()
}

// exchange sends one file and reads the reply.
func (w *poolWorker) exchange(data []byte, withOCR bool) (workerReply, error) {
	var reply workerReply
	var head [9]byte
	if withOCR {
		head[0] = 1
	}
	binary.BigEndian.PutUint64(head[1:], uint64(len(data)))
	if _, err := w.in.Write(head[:]); err != nil {
		return reply, err
	}
	if _, err := w.in.Write(data); err != nil {
		return reply, err
	}
	var size [8]byte
	if _, err := io.ReadFull(w.out, size[:]); err != nil {
		return reply, fmt.Errorf("no reply: %w", err)
	}
	n := binary.BigEndian.Uint64(size[:])
	if n > maxReply {
		return reply, fmt.Errorf("a reply of %d bytes", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(w.out, body); err != nil {
		return reply, fmt.Errorf("reply cut short: %w", err)
	}
	if err := json.Unmarshal(body, &reply); err != nil {
		return reply, fmt.Errorf("the reply is unreadable: %w", err)
	}
	return reply, nil
}

// maxReply bounds a worker's reply: the text of a file is at most
// Options.MaxText (16 MiB by default), and JSON at most sextuples it.
const maxReply = 256 << 20

// result turns a reply into what Extract returns.
func (r workerReply) result() (*Result, error) {
	if r.Kind == "" {
		return r.Result, nil
	}
	kind, ok := kinds[r.Kind]
	if !ok {
		kind = ErrDamaged
	}
	return r.Result, &Error{Kind: kind, Detail: r.Detail, Partial: r.Result}
}

// serveWorker is a pooled worker's side (RunWorker started with
// CONGBAO_PDFTEXT_SERVE=1 in its environment): it reads files framed on r (a flag byte, 1 for OCR; a big-endian uint64
// length; the bytes) and writes each reply framed on w (a big-endian
// uint64 length; the JSON of a workerReply), until r ends. A file larger
// than the memory limit is refused, read and dropped.
func serveWorker(ctx context.Context, r io.Reader, w io.Writer, memoryLimit int64, opt Options) error {
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	for {
		var head [9]byte
		if _, err := io.ReadFull(br, head[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the parent is done with this worker
			}
			return fmt.Errorf("read a request: %w", err)
		}
		n := binary.BigEndian.Uint64(head[1:])
		var reply workerReply
		if memoryLimit > 0 && n > uint64(memoryLimit) {
			if _, err := io.CopyN(io.Discard, br, int64(n)); err != nil {
				return fmt.Errorf("read a request: %w", err)
			}
			reply = workerReply{Kind: "too_large", Detail: fmt.Sprintf("a file of %d bytes is larger than the worker's memory limit (%d bytes)", n, memoryLimit)}
		} else {
			data := make([]byte, n)
			if _, err := io.ReadFull(br, data); err != nil {
				return fmt.Errorf("read a file of %d bytes: %w", n, err)
			}
			reply = extractReply(ctx, data, head[0] == 1, opt)
		}
		body, err := json.Marshal(reply)
		if err != nil {
			return err
		}
		var size [8]byte
		binary.BigEndian.PutUint64(size[:], uint64(len(body)))
		bw.Write(size[:])
		bw.Write(body)
		if err := bw.Flush(); err != nil {
			return err
		}
		reply, body = workerReply{}, nil
	}
}

// headBuffer keeps the first n bytes written since its last Reset (the
// Go runtime's fatal message starts a crashed worker's standard error);
// it is safe for the process's copying goroutine and its reader at once.
type headBuffer struct {
	mu sync.Mutex
	b  strings.Builder
	n  int
}

func (t *headBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.n - t.b.Len(); room > 0 {
		t.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// Reset forgets what was written.
func (t *headBuffer) Reset() {
	t.mu.Lock()
	t.b.Reset()
	t.mu.Unlock()
}

func (t *headBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.b.String()
}
