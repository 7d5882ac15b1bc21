package gazette

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"
)

func TestZZExplore(t *testing.T) {
	n := 0
	for _, r := range readVBPL(t) {
		if r.Language != "vi" || r.Kind != "fulltext" || r.Text == "" {
			continue
		}
		m := ExtractMetadata(r.Text)
		for _, c := range m.Checks {
			n++
			t.Logf("vbpl %s | %s: %s", r.Title[:min(60, len(r.Title))], c.Code, c.Message)
		}
	}
	f, _ := os.Open("../../shared/corpus/laws/uts_vlc_laws.jsonl.gz")
	zr, _ := gzip.NewReader(f)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r struct{ Source_file, Text string }
		json.Unmarshal(sc.Bytes(), &r)
		m := ExtractMetadata(r.Text)
		for _, c := range m.Checks {
			n++
			t.Logf("law %s | %s: %s", r.Source_file, c.Code, c.Message)
		}
	}
	t.Logf("%d checks", n)
}
