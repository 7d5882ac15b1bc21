package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"congbao/gazette"
	"congbao/gazette/cite"
	"congbao/gazette/sqlite"
	"congbao/server"
)

// resolveStore makes a real store with n published decrees.
func resolveStore(b *testing.B, n int) *sqlite.DB {
	dir := b.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "c.db"), filepath.Join(dir, "o"))
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		d := &gazette.Document{Number: fmt.Sprintf("%02d/%d/NĐ-CP", i%500+1, 2000+i/500), TypeName: "Nghị định", State: gazette.StatePublished,
			EffectiveDate: gazette.DateOf(2000+i/500, 1, 1), Text: "x"}
		if err := db.CreateDocument(context.Background(), "bench", d); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

func benchNumbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%d/%d/nd-cp", i%500+1, 2000+i%20) // typed as people do
	}
	return out
}

// BenchmarkResolveNumbers reports numbers resolved per second in process
// (parse + SQLite lookup) and over HTTP on loopback (1,000 numbers a request).
//
//	go test ./cmd/congbao -run x -bench ResolveNumbers -benchtime 3x
func BenchmarkResolveNumbers(b *testing.B) {
	db := resolveStore(b, 10000)
	defer db.Close()
	nums := benchNumbers(1000)
	ctx := context.Background()
	b.Run("in-process", func(b *testing.B) {
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if _, err := cite.Resolve(ctx, cite.NumberCitations(nums), db, time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(nums)*b.N)/time.Since(start).Seconds(), "numbers/s")
	})
	b.Run("http", func(b *testing.B) {
		srv := httptest.NewServer(server.New(db, nil, nil).Handler())
		defer srv.Close()
		body, _ := json.Marshal(map[string]any{"numbers": nums})
		start := time.Now()
		for i := 0; i < b.N; i++ {
			resp, err := http.Post(srv.URL+"/api/v1/resolve", "application/json", bytes.NewReader(body))
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("resolve: %v %v", err, resp)
			}
			resp.Body.Close()
		}
		b.ReportMetric(float64(len(nums)*b.N)/time.Since(start).Seconds(), "numbers/s")
	})
}
