package repair

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// Hybrid-reference files (PDF 32000 §7.5.8.4) keep the entries of objects
// in object streams in an xref stream named by the trailer's /XRefStm. The
// library ignores /XRefStm, so it reads such objects in an older revision:
// an incremental update that filled in a decree's number and date (iText
// does this) is lost. MergeXref reads every xref section itself, newest
// first, and appends one uncompressed xref stream holding the merged table,
// which the library reads correctly.

type xrefEntry struct {
	typ    byte  // 0 free, 1 in use at offset, 2 in object stream
	f2, f3 int64 // offset and generation, or object stream and index
}

var (
	trailerPrevRe = regexp.MustCompile(`/Prev\s+(\d+)`)
	xrefStmRe     = regexp.MustCompile(`/XRefStm\s+(\d+)`)
	refRe         = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + `\s+(\d+\s+\d+\s+R)`) }
	rootRefRe     = refRe("Root")
	infoRefRe     = refRe("Info")
	encryptRefRe  = refRe("Encrypt")
	idRe          = regexp.MustCompile(`/ID\s*\[[^\]]*\]`)
	sizeRe        = regexp.MustCompile(`/Size\s+(\d+)`)
	startxrefRe   = regexp.MustCompile(`startxref\s+(\d+)`)
	wRe           = regexp.MustCompile(`/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	indexRe       = regexp.MustCompile(`/Index\s*\[([\d\s]*)\]`)
	lengthRe      = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
	predictorRe   = regexp.MustCompile(`/Predictor\s+(\d+)`)
	columnsRe     = regexp.MustCompile(`/Columns\s+(\d+)`)
)

const maxXrefEntries = 10_000_000

// MergeXref returns data with a merged xref stream appended when the file
// uses hybrid references; ok is false when there is nothing to do or the
// sections cannot be read (the library then reads the file as it can).
func MergeXref(data []byte) (out []byte, ok bool) {
	all := startxrefRe.FindAllSubmatch(data, -1)
	if len(all) == 0 || !bytes.Contains(data, []byte("/XRefStm")) {
		return nil, false
	}
	off, _ := strconv.ParseInt(string(all[len(all)-1][1]), 10, 64)
	table := map[int64]xrefEntry{}
	var newest []byte // the newest trailer dictionary
	seen := map[int64]bool{}
	for n := 0; off > 0 && off < int64(len(data)) && !seen[off] && n < 1000; n++ {
		seen[off] = true
		dict, prev, err := readSection(data, off, table)
		if err != nil {
			return nil, false
		}
		if newest == nil {
			newest = dict
		}
		off = prev
	}
	if newest == nil || len(table) == 0 {
		return nil, false
	}
	return appendXrefStream(data, table, newest)
}

// readSection reads the xref section at off into table (entries already
// there, from newer sections, win) and returns its trailer and /Prev.
func readSection(data []byte, off int64, table map[int64]xrefEntry) (dict []byte, prev int64, err error) {
	rest := data[off:]
	if bytes.HasPrefix(rest, []byte("xref")) {
		end := bytes.Index(rest, []byte("trailer"))
		if end < 0 {
			return nil, 0, fmt.Errorf("xref table at %d has no trailer", off)
		}
		if err := readClassic(rest[4:end], table); err != nil {
			return nil, 0, err
		}
		dict = rest[end:min(len(rest), end+4096)]
		if e := bytes.Index(dict, []byte("startxref")); e >= 0 {
			dict = dict[:e]
		}
		if m := xrefStmRe.FindSubmatch(dict); m != nil {
			stm, _ := strconv.ParseInt(string(m[1]), 10, 64)
			if stm > 0 && stm < int64(len(data)) {
				if _, err := readXrefStream(data[stm:], table); err != nil {
					return nil, 0, err
				}
			}
		}
	} else {
		if dict, err = readXrefStream(rest, table); err != nil {
			return nil, 0, err
		}
	}
	if m := trailerPrevRe.FindSubmatch(dict); m != nil {
		prev, _ = strconv.ParseInt(string(m[1]), 10, 64)
	}
	return dict, prev, nil
}

func readClassic(b []byte, table map[int64]xrefEntry) error {
	f := bytes.Fields(b)
	for i := 0; i+1 < len(f); {
		start, err1 := strconv.ParseInt(string(f[i]), 10, 64)
		count, err2 := strconv.ParseInt(string(f[i+1]), 10, 64)
		if err1 != nil || err2 != nil || count < 0 || count > maxXrefEntries {
			return fmt.Errorf("malformed xref subsection")
		}
		i += 2
		for k := int64(0); k < count; k++ {
			if i+2 >= len(f) {
				return fmt.Errorf("xref subsection cut short")
			}
			o, _ := strconv.ParseInt(string(f[i]), 10, 64)
			g, _ := strconv.ParseInt(string(f[i+1]), 10, 64)
			kind := f[i+2]
			i += 3
			num := start + k
			if _, ok := table[num]; ok {
				continue
			}
			if bytes.Equal(kind, []byte("n")) {
				table[num] = xrefEntry{1, o, g}
			} else {
				table[num] = xrefEntry{0, o, g}
			}
		}
	}
	return nil
}

// readXrefStream reads the xref stream object at the start of b.
func readXrefStream(b []byte, table map[int64]xrefEntry) ([]byte, error) {
	s := bytes.Index(b[:min(len(b), 8192)], []byte("stream"))
	if s < 0 {
		return nil, fmt.Errorf("xref stream not found")
	}
	dict := b[:s]
	w := wRe.FindSubmatch(dict)
	if w == nil {
		return nil, fmt.Errorf("xref stream without /W")
	}
	var widths [3]int
	for i := range widths {
		widths[i], _ = strconv.Atoi(string(w[i+1]))
		if widths[i] > 8 {
			return nil, fmt.Errorf("xref stream field width %d", widths[i])
		}
	}
	start := s + len("stream")
	if start < len(b) && b[start] == '\r' {
		start++
	}
	if start < len(b) && b[start] == '\n' {
		start++
	}
	end := bytes.Index(b[start:], []byte("endstream"))
	if m := lengthRe.FindSubmatch(dict); m != nil && len(m[2]) == 0 {
		if n, _ := strconv.Atoi(string(m[1])); n > 0 && start+n <= len(b) {
			end = n
		}
	}
	if end < 0 {
		return nil, fmt.Errorf("xref stream without endstream")
	}
	raw := b[start : start+end]
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		raw, err = io.ReadAll(io.LimitReader(zr, 256<<20))
		if err != nil && len(raw) == 0 {
			return nil, err
		}
	}
	row := widths[0] + widths[1] + widths[2]
	if row == 0 {
		return nil, fmt.Errorf("xref stream rows are empty")
	}
	if m := predictorRe.FindSubmatch(dict); m != nil {
		if p, _ := strconv.Atoi(string(m[1])); p >= 10 {
			cols := row
			if c := columnsRe.FindSubmatch(dict); c != nil {
				cols, _ = strconv.Atoi(string(c[1]))
			}
			if cols != row {
				return nil, fmt.Errorf("xref stream /Columns %d for rows of %d bytes", cols, row)
			}
			raw = unpredictPNG(raw, cols)
		}
	}
	index := []int64{0}
	if m := sizeRe.FindSubmatch(dict); m != nil {
		size, _ := strconv.ParseInt(string(m[1]), 10, 64)
		index = append(index, size)
	}
	if m := indexRe.FindSubmatch(dict); m != nil {
		index = index[:0]
		for _, f := range bytes.Fields(m[1]) {
			v, _ := strconv.ParseInt(string(f), 10, 64)
			index = append(index, v)
		}
	}
	pos := 0
	field := func(w int) int64 {
		var v int64
		for i := 0; i < w; i++ {
			v = v<<8 | int64(raw[pos+i])
		}
		pos += w
		return v
	}
	for i := 0; i+1 < len(index); i += 2 {
		for k := int64(0); k < index[i+1] && k < maxXrefEntries; k++ {
			if pos+row > len(raw) {
				return dict, nil
			}
			t := int64(1)
			if widths[0] > 0 {
				t = field(widths[0])
			}
			f2, f3 := field(widths[1]), field(widths[2])
			num := index[i] + k
			if _, ok := table[num]; !ok && t <= 2 {
				table[num] = xrefEntry{byte(t), f2, f3}
			}
		}
	}
	return dict, nil
}

// unpredictPNG undoes PNG row predictors (each row starts with its filter).
func unpredictPNG(b []byte, cols int) []byte {
	out := make([]byte, 0, len(b))
	prev := make([]byte, cols)
	for i := 0; i+cols+1 <= len(b); i += cols + 1 {
		f, cur := b[i], append([]byte(nil), b[i+1:i+1+cols]...)
		for j := range cur {
			var left, upLeft byte
			if j > 0 {
				left, upLeft = cur[j-1], prev[j-1]
			}
			up := prev[j]
			switch f {
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, upLeft)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func appendXrefStream(data []byte, table map[int64]xrefEntry, trailer []byte) ([]byte, bool) {
	root := rootRefRe.FindSubmatch(trailer)
	if root == nil {
		return nil, false
	}
	var size int64
	for n := range table {
		size = max(size, n+1)
	}
	self := size
	var rows bytes.Buffer
	var off = int64(len(data)) + 1
	for n := int64(0); n <= self; n++ {
		e, ok := table[n]
		if n == self {
			e, ok = xrefEntry{1, off, 0}, true
		}
		if !ok {
			e = xrefEntry{0, 0, 0}
		}
		if e.f2 > 0xFFFFFFFF || e.f3 > 0xFFFF {
			return nil, false
		}
		rows.WriteByte(e.typ)
		binary.Write(&rows, binary.BigEndian, uint32(e.f2))
		binary.Write(&rows, binary.BigEndian, uint16(e.f3))
	}
	extra := ""
	for _, re := range []*regexp.Regexp{infoRefRe, encryptRefRe} {
		if m := re.Find(trailer); m != nil {
			extra += " " + string(m)
		}
	}
	if m := idRe.Find(trailer); m != nil {
		extra += " " + string(m)
	}
	var b bytes.Buffer
	b.Write(data)
	b.WriteByte('\n')
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [0 %d] /Root %s%s /Length %d >>\nstream\n",
		self, self+1, self+1, root[1], extra, rows.Len())
	b.Write(rows.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", off)
	return b.Bytes(), true
}

// RebuildMerged recovers a file that keeps objects in object streams and
// whose xref data is partly damaged: the entries of compressed objects come
// from every xref stream that can still be read, else from the object
// streams' own headers; those of the other objects from a scan of the file
// for "N G obj" (which is right where a table's offsets are not). One xref
// stream holding them all is appended.
func RebuildMerged(data []byte) ([]byte, bool) {
	table := map[int64]xrefEntry{}
	scanned := map[int64]xrefEntry{}
	fromStreams := map[int64]xrefEntry{} // members of the object streams, read from the streams themselves
	root := ""
	// numbers past every /Size the file states are digits in binary data
	limit := int64(1000)
	for _, m := range sizeRe.FindAllSubmatch(data, -1) {
		if v, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil && v < maxXrefEntries {
			limit = max(limit, 2*v)
		}
	}
	for _, m := range objRe.FindAllSubmatchIndex(data, -1) {
		n, err1 := strconv.ParseInt(string(data[m[2]:m[3]]), 10, 64)
		g, err2 := strconv.ParseInt(string(data[m[4]:m[5]]), 10, 64)
		if err1 != nil || err2 != nil || n > limit {
			continue
		}
		scanned[n] = xrefEntry{1, int64(m[2]), g} // a later definition wins, as in an incremental update
		body := data[m[2]:min(len(data), m[2]+4096)]
		if k := bytes.Index(body, []byte("endobj")); k >= 0 {
			body = body[:k]
		}
		if xrefObjRe.Match(body) {
			streamed := map[int64]xrefEntry{}
			if _, err := readXrefStream(data[m[2]:], streamed); err == nil {
				for k, e := range streamed {
					if e.typ == 2 {
						table[k] = e
					}
				}
			}
		}
		if catalogRe.Match(body) {
			root = fmt.Sprintf("%d %d R", n, g)
		}
		if objStmRe.Match(body) {
			for k, idx := range objStmMembers(data[m[2]:]) {
				if k <= limit {
					fromStreams[k] = xrefEntry{2, n, idx} // a later stream wins, as in an update
				}
			}
		}
	}
	if len(scanned) == 0 {
		return nil, false
	}
	for n, e := range fromStreams {
		if _, ok := table[n]; !ok { // a readable xref stream knows better
			table[n] = e
		}
	}
	for n, e := range scanned {
		table[n] = e
	}
	if all := rootRe.FindAllSubmatch(data, -1); len(all) > 0 {
		last := all[len(all)-1]
		if n, err := strconv.ParseInt(string(last[1]), 10, 64); err == nil {
			if _, ok := table[n]; ok {
				root = fmt.Sprintf("%s %s R", last[1], last[2])
			}
		}
	}
	if root == "" {
		return nil, false
	}
	return appendXrefStream(data, table, []byte("<< /Root "+root+" >>"))
}

var (
	objStmRe = regexp.MustCompile(`/Type\s*/ObjStm\b`)
	nRe      = regexp.MustCompile(`/N\s+(\d+)`)
	firstRe  = regexp.MustCompile(`/First\s+(\d+)`)
)

// objStmMembers reads the header of the object stream at the start of b:
// object number -> index in the stream. A stream cut short gives the
// members its header still lists.
func objStmMembers(b []byte) map[int64]int64 {
	s := bytes.Index(b[:min(len(b), 8192)], []byte("stream"))
	if s < 0 {
		return nil
	}
	dict := b[:s]
	nm, fm := nRe.FindSubmatch(dict), firstRe.FindSubmatch(dict)
	if nm == nil || fm == nil || !bytes.Contains(dict, []byte("/FlateDecode")) {
		return nil
	}
	n, _ := strconv.Atoi(string(nm[1]))
	first, _ := strconv.Atoi(string(fm[1]))
	if n <= 0 || n > 1_000_000 || first <= 0 || first > 1<<24 {
		return nil
	}
	start := s + len("stream")
	for start < len(b) && (b[start] == '\r' || b[start] == '\n') {
		start++
	}
	zr, err := zlib.NewReader(bytes.NewReader(b[start:]))
	if err != nil {
		return nil
	}
	head, _ := io.ReadAll(io.LimitReader(zr, int64(first)))
	f := bytes.Fields(head)
	out := map[int64]int64{}
	for i := 0; i+1 < len(f) && i/2 < n; i += 2 {
		num, err := strconv.ParseInt(string(f[i]), 10, 64)
		if err != nil || num > maxXrefEntries {
			break
		}
		out[num] = int64(i / 2)
	}
	return out
}

var (
	streamKwRe  = regexp.MustCompile(`>>\s*stream(\r\n|\n|\r)`)
	objHeadRe   = regexp.MustCompile(`\d+\s+\d+\s+obj\b`)
	lengthValRe = regexp.MustCompile(`/Length\s+(\d+)(?:\s+(\d+)\s+R)?`)
	intObjRe    = regexp.MustCompile(`(?:^|[\r\n ])(\d+)\s+0\s+obj\s*(\d+)\s*endobj`)
)

// FixStreamLengths repairs streams whose /Length is wrong or names a
// missing object, as poppler does: where no "endstream" follows the stated
// length, the data runs to the next "endstream" and the /Length is
// rewritten. The count says how many were repaired; offsets move, so the
// caller rebuilds the xref.
func FixStreamLengths(data []byte) ([]byte, int) {
	ints := map[string]int{}
	for _, m := range intObjRe.FindAllSubmatch(data, -1) {
		if v, err := strconv.Atoi(string(m[2])); err == nil {
			ints[string(m[1])] = v
		}
	}
	var out bytes.Buffer
	last, fixed, skip := 0, 0, 0
	for _, m := range streamKwRe.FindAllSubmatchIndex(data, -1) {
		start := m[1] // the stream's data
		if m[0] < skip {
			continue // inside the data of the stream before
		}
		head := data[max(last, m[0]-4096):m[0]]
		h := objHeadRe.FindAllIndex(head, -1)
		if len(h) == 0 {
			continue
		}
		dict := head[h[len(h)-1][1]:]
		lm := lengthValRe.FindSubmatchIndex(dict)
		if lm == nil {
			continue
		}
		stated := -1
		if lm[4] >= 0 { // indirect
			if v, ok := ints[string(dict[lm[2]:lm[3]])]; ok {
				stated = v
			}
		} else {
			stated, _ = strconv.Atoi(string(dict[lm[2]:lm[3]]))
		}
		if stated >= 0 && endsAt(data, start+stated) {
			skip = start + stated
			continue
		}
		end := bytes.Index(data[start:], []byte("endstream"))
		if end < 0 {
			continue
		}
		skip = start + end
		actual := end
		for actual > 0 && (data[start+actual-1] == '\n' || data[start+actual-1] == '\r') {
			actual--
		}
		dictAt := m[0] - len(head) + h[len(h)-1][1]
		out.Write(data[last : dictAt+lm[0]])
		fmt.Fprintf(&out, "/Length %d", actual)
		last = dictAt + lm[1]
		fixed++
	}
	if fixed == 0 {
		return data, 0
	}
	out.Write(data[last:])
	return out.Bytes(), fixed
}

// endsAt says whether "endstream" follows at i, after an end of line.
func endsAt(data []byte, i int) bool {
	if i < 0 || i > len(data) {
		return false
	}
	rest := data[i:min(len(data), i+12)]
	rest = bytes.TrimLeft(rest, "\r\n \t")
	return bytes.HasPrefix(rest, []byte("endstream"))
}
