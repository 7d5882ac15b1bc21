package repair

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

var (
	objRe     = regexp.MustCompile(`(?m)(?:^|[\r\n ])(\d{1,10})\s+(\d{1,5})\s+obj\b`)
	rootRe    = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	catalogRe = regexp.MustCompile(`/Type\s*/Catalog\b`)
	xrefObjRe = regexp.MustCompile(`/Type\s*/XRef\b`)
)

// RebuildXref recovers a file whose xref table is missing or points to the
// wrong place, as poppler does: it scans for "N G obj", finds the catalog,
// and appends a fresh xref table and trailer. A file whose objects live in
// object streams gets its last xref stream as the start instead; when that
// stream is itself damaged, rebuildMerged is the way.
func RebuildXref(data []byte) ([]byte, bool) {
	offsets := map[int]int{}
	maxObj := 0
	var catalog, xrefStream int = -1, -1
	for _, m := range objRe.FindAllSubmatchIndex(data, -1) {
		n, err := strconv.Atoi(string(data[m[2]:m[3]]))
		if err != nil || n > 10_000_000 {
			continue
		}
		start := m[2]
		offsets[n] = start // a later definition wins, as in an incremental update
		maxObj = max(maxObj, n)
		end := min(len(data), start+4096)
		if k := bytes.Index(data[start:end], []byte("endobj")); k >= 0 {
			end = start + k
		}
		body := data[start:end]
		if catalogRe.Match(body) {
			catalog = n
		}
		if xrefObjRe.Match(body) {
			xrefStream = start
		}
	}
	if len(offsets) == 0 {
		return nil, false
	}
	if xrefStream >= 0 {
		out := append(append([]byte(nil), data...), fmt.Sprintf("\nstartxref\n%d\n%%%%EOF\n", xrefStream)...)
		return out, true
	}
	root := ""
	if m := rootRe.FindAllSubmatch(data, -1); len(m) > 0 {
		last := m[len(m)-1]
		if n, _ := strconv.Atoi(string(last[1])); offsets[n] > 0 {
			root = fmt.Sprintf("%s %s R", last[1], last[2])
		}
	}
	if root == "" && catalog >= 0 {
		root = fmt.Sprintf("%d 0 R", catalog)
	}
	if root == "" {
		return nil, false
	}
	var b bytes.Buffer
	b.Write(data)
	b.WriteString("\n")
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", maxObj+1)
	for i := 1; i <= maxObj; i++ {
		if off, ok := offsets[i]; ok {
			fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
		} else {
			b.WriteString("0000000000 00000 f\r\n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s >>\nstartxref\n%d\n%%%%EOF\n", maxObj+1, root, start)
	return b.Bytes(), true
}
