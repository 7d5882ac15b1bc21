package indexer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"congbao/gazette"
	"congbao/gazette/number"
	"congbao/gazette/vntext"
)

// RecordStore is what import needs from storage.
type RecordStore interface {
	ImportRecord(ctx context.Context, actor string, rec gazette.Record) (gazette.Stored, error)
}

// ReadRecords reads source records from a JSON Lines file (gzip when it
// ends in .gz) or from vbpl's saved attribute pages (one JSON object), and
// calls fn with each. Formats, told apart by their fields:
//   - vbpl.vn records (vbpl_item_id, title, status, effective_date,
//     attributes, text): what vbpl states, with the text;
//   - law texts (tvpl_id, text): text only;
//   - vbpl legacy pages ({"vbpl_thuoctinh.html": {"attributes": ...}}):
//     attributes only, matched to documents by number or gazette issue;
//   - generic records with the fields of gazette.Claims plus "key" and "text".
func ReadRecords(path string, fn func(gazette.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return DecodeRecords(f, path, fn)
}

// DecodeRecords reads source records, in ReadRecords' formats, from r
// (gzip when it starts with gzip's magic); name says where they come from
// in errors.
func DecodeRecords(r io.Reader, name string, fn func(gazette.Record) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	head, _ := br.Peek(64 << 10)
	if isLegacyPages(head) {
		var pages map[string]json.RawMessage
		if err := json.NewDecoder(br).Decode(&pages); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return legacyRecords(pages, fn)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		rec, err := parseRecord(sc.Bytes())
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

var legacyHeadRe = regexp.MustCompile(`^\s*\{\s*"[^"]+\.html"\s*:\s*\{`)

// isLegacyPages tells vbpl's saved pages (one object keyed by page file
// name) from JSON Lines.
func isLegacyPages(head []byte) bool { return legacyHeadRe.Match(head) }

// rawRecord has the fields of every line format.
type rawRecord struct {
	// vbpl
	URL           string            `json:"url"`
	VBPLItemID    string            `json:"vbpl_item_id"`
	Title         string            `json:"title"`
	Language      string            `json:"language"`
	Status        *string           `json:"status"`
	EffectiveDate *string           `json:"effective_date"`
	ExpiryDate    *string           `json:"expiry_date"`
	Attributes    map[string]string `json:"attributes"`
	Text          *string           `json:"text"`
	// laws
	TVPLID     string `json:"tvpl_id"`
	SourceFile string `json:"source_file"`
	// generic
	Key string `json:"key"`
}

func parseRecord(line []byte) (gazette.Record, error) {
	var raw rawRecord
	if err := json.Unmarshal(line, &raw); err != nil {
		return gazette.Record{}, fmt.Errorf("not a JSON record: %w", err)
	}
	text := ""
	if raw.Text != nil {
		text = *raw.Text
	}
	switch {
	case raw.VBPLItemID != "" || strings.Contains(raw.URL, "vbpl.vn"):
		key := "vbpl:" + raw.VBPLItemID
		if raw.VBPLItemID == "" {
			key = "vbpl:" + raw.URL // English translations have no item id
		}
		return gazette.Record{Key: key, Stated: vbplClaims(raw), Text: text, State: gazette.StatePublished}, nil
	case raw.TVPLID != "":
		return gazette.Record{Key: "tvpl:" + raw.TVPLID, Stated: gazette.Claims{Language: "vi"}, Text: text, State: gazette.StatePublished}, nil
	case raw.Key != "":
		var c gazette.Claims
		if err := json.Unmarshal(line, &c); err != nil {
			return gazette.Record{}, err
		}
		if c.Number != "" {
			if n, err := number.Parse(c.Number); err == nil {
				c.NumberPrinted, c.Number = c.Number, n.String()
			}
		}
		return gazette.Record{Key: raw.Key, Stated: c, Text: text, State: gazette.StatePublished}, nil
	}
	return gazette.Record{}, fmt.Errorf("unknown record format: no vbpl_item_id, tvpl_id or key")
}

// vbplDate reads vbpl's dd/mm/yyyy.
func vbplDate(s string) gazette.Date {
	p := strings.Split(strings.TrimSpace(s), "/")
	if len(p) != 3 {
		return gazette.Date{}
	}
	d, err := gazette.ParseDate(fmt.Sprintf("%s-%02s-%02s", p[2], p[1], p[0]))
	if err != nil {
		return gazette.Date{}
	}
	return d
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// vbplClaims reads what a vbpl.vn record states.
func vbplClaims(raw rawRecord) gazette.Claims {
	a := raw.Attributes
	c := gazette.Claims{Language: raw.Language, URL: raw.URL, EffectStatus: deref(raw.Status),
		EffectiveDate: vbplDate(deref(raw.EffectiveDate)), ExpiryDate: vbplDate(deref(raw.ExpiryDate))}
	if c.Language == "" {
		c.Language = "vi"
	}
	numberText := raw.Title
	if a["Số hiệu"] != "" {
		numberText = a["Số hiệu"]
	}
	if n, err := number.Parse(numberText); err == nil {
		c.Number, c.NumberPrinted, c.Type, c.Issuer = n.String(), strings.TrimSpace(n.Raw), n.Type, n.Issuer()
		c.TypeName, c.IssuerName = n.TypeName(), n.IssuerName()
		c.Title = titleAfterNumber(raw.Title, n.Raw)
	} else {
		c.Title = raw.Title
	}
	if t := a["Loại văn bản"]; t != "" {
		c.TypeName = t
	} else if t := leadingTypeName(raw.Title); t != "" {
		c.TypeName = t
	}
	if v := a["Cơ quan ban hành"]; v != "" {
		c.IssuerName = v
	}
	for _, k := range []string{"Ngày ban hành", "Ngày ký xác thực"} {
		if d := vbplDate(a[k]); !d.IsZero() {
			c.IssueDate = d
		}
	}
	if c.EffectiveDate.IsZero() {
		c.EffectiveDate = vbplDate(a["Ngày có hiệu lực"])
	}
	if c.ExpiryDate.IsZero() {
		c.ExpiryDate = vbplDate(a["Ngày hết hiệu lực"])
	}
	if c.EffectStatus == "" {
		c.EffectStatus = a["Tình trạng hiệu lực"]
	}
	c.Signer, c.SignerTitle = a["Người ký"], a["Chức danh"]
	return c
}

// leadingTypes are the type words a record's title may start with
// (codes/typewords.tsv, use t), longest first.
var leadingTypes = func() []string {
	var out []string
	for _, w := range number.TypeWords('t') {
		out = append(out, w.Word)
	}
	return out
}()

func leadingTypeName(title string) string {
	low := strings.ToLower(title)
	for _, t := range leadingTypes {
		if strings.HasPrefix(low, strings.ToLower(t)+" ") {
			return t
		}
	}
	return ""
}

// titleAfterNumber turns "Nghị định số 43/2026/NĐ-CP Sửa đổi ..." into
// "Sửa đổi ..." and "Luật An ninh mạng số 116/2025/QH15" into "Luật An ninh mạng".
func titleAfterNumber(title, raw string) string {
	i := strings.Index(title, strings.TrimSpace(raw))
	if i < 0 {
		return title
	}
	before := strings.TrimSpace(title[:i])
	after := strings.TrimSpace(title[i+len(strings.TrimSpace(raw)):])
	before = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(before, "số"), "SỐ"))
	if after != "" && (before == "" || leadingTypeName(before+" ") != "" && len(strings.Fields(before)) <= 4) {
		return after
	}
	return strings.TrimSpace(before + " " + after)
}

var issueRangeRe = regexp.MustCompile(`số\s+(\d+)\s*(?:\+|đến|–|-)\s*(\d+)`)

// gazetteIssue reads "Công báo số 1271 đến 1276, năm 2015" or "Công báo số
// 1003+1004": the gazette prints double issues, so the first is "a + a+1".
func gazetteIssue(s string) string {
	m := issueRangeRe.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if b > a {
		return fmt.Sprintf("%d + %d", a, a+1)
	}
	return strconv.Itoa(a)
}

// legacyRecords reads the attribute pages of the old vbpl.vn site.
func legacyRecords(pages map[string]json.RawMessage, fn func(gazette.Record) error) error {
	names := make([]string, 0, len(pages))
	for k := range pages {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		var p struct {
			Attributes map[string]any `json:"attributes"`
		}
		if json.Unmarshal(pages[name], &p) != nil || len(p.Attributes) == 0 {
			continue
		}
		attr := func(keys ...string) string {
			for _, k := range keys {
				if v, ok := p.Attributes[k].(string); ok && v != "" {
					return v
				}
			}
			return ""
		}
		c := gazette.Claims{Language: "vi", TypeName: attr("Loại văn bản"),
			IssueDate:     vbplDate(attr("Ngày ban hành", "Ngày xác thực", "Ngày thông qua")),
			EffectiveDate: vbplDate(attr("Ngày có hiệu lực", "Ngày áp dụng")),
			Gazette:       gazette.Placement{Issue: gazetteIssue(attr("Nguồn thu thập", "Nguồn trích")), Date: vbplDate(attr("Ngày đăng công báo"))}}
		printed := attr("Số ký hiệu", "Số án lệ")
		if n, err := number.Parse(printed); err == nil {
			c.Number, c.NumberPrinted, c.Type, c.Issuer = n.String(), printed, n.Type, n.Issuer()
			if c.TypeName == "" || n.Type == "VBHN" {
				c.TypeName = n.TypeName()
			}
		} else if strings.HasSuffix(printed, "/AL") {
			c.Number, c.NumberPrinted, c.Type, c.TypeName = printed, printed, "AL", "Án lệ"
			c.Title = attr("Tên án lệ")
		}
		for _, k := range []string{"Cơ quan ban hành/ Chức danh / Người ký", "Cơ quan hợp nhất/ Người ký/ Chức danh"} {
			if v, ok := p.Attributes[k].([]any); ok && len(v) == 3 {
				s := func(i int) string { x, _ := v[i].(string); return x }
				c.IssuerName = s(0)
				if strings.Contains(k, "hợp nhất") {
					c.Signer, c.SignerTitle = s(1), s(2)
				} else {
					c.SignerTitle, c.Signer = s(1), s(2)
				}
			}
		}
		if err := fn(gazette.Record{Key: "vbpl-legacy:" + name, Stated: c, State: gazette.StatePublished}); err != nil {
			return err
		}
	}
	return nil
}

// ImportSummary counts an import.
type ImportSummary struct {
	Records int `json:"records"`
	Created int `json:"created"`
	Merged  int `json:"merged"`
	Failed  int `json:"failed"`
	Legacy  int `json:"legacy_encoding"` // texts typed in TCVN3 or VNI, converted to Unicode
	// Unchanged records said nothing new; Revisions would change a
	// published document and wait as its draft revision; Held are marked
	// as state secrets and stored held, never public.
	Unchanged int      `json:"unchanged"`
	Revisions int      `json:"revisions"`
	Held      int      `json:"held"`
	Notes     []string `json:"notes,omitempty"`   // one per revision or held record, for the reviewer
	Waiting   []int64  `json:"waiting,omitempty"` // ids of the revisions and held documents, for review
	Seconds   float64  `json:"seconds"`
}

// Count adds what storing one record did.
func (s *ImportSummary) Count(st gazette.Stored) {
	switch {
	case st.Created:
		s.Created++
	case st.Unchanged:
		s.Unchanged++
	default:
		s.Merged++
	}
	if st.RevisionOf != 0 {
		s.Revisions++
	}
	if st.Held != "" {
		s.Held++
	}
	if n := st.Note(); n != "" {
		s.Notes = append(s.Notes, n)
		s.Waiting = append(s.Waiting, st.ID)
	}
}

// ImportFiles imports every record of files as one run: what the run
// creates it may merge into directly (a law text, then its vbpl record);
// anything published before gets a revision. Texts typed in a legacy font
// encoding are converted first. progress is called with the records read
// so far, note with each conversion, failure and revision ("FILE: record
// KEY: ..."); a failed record does not stop the run. It returns the
// summary and the documents changed.
func ImportFiles(ctx context.Context, store RecordStore, actor string, files []string, progress func(int), note func(string)) (ImportSummary, []int64, error) {
	start := time.Now()
	batch := fmt.Sprintf("import:%d", start.UnixNano())
	var sum ImportSummary
	var ids []int64
	for _, f := range files {
		err := ReadRecords(f, func(rec gazette.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			sum.Records++
			progress(sum.Records)
			if text, enc := vntext.DecodeLegacy(rec.Text); enc != vntext.Unicode {
				rec.Text = text
				sum.Legacy++
				note(fmt.Sprintf("%s: record %s: text typed in the %s legacy font encoding, converted to Unicode", f, rec.Key, enc))
			}
			rec.Batch = batch
			st, err := store.ImportRecord(ctx, actor, rec)
			if err != nil {
				sum.Failed++
				note(fmt.Sprintf("%s: %v", f, err))
				return nil
			}
			if !st.Unchanged {
				ids = append(ids, st.ID)
			}
			sum.Count(st)
			if n := st.Note(); n != "" {
				note(fmt.Sprintf("%s: record %s: %s", f, rec.Key, n))
			}
			return nil
		})
		if err != nil {
			return sum, ids, err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, ids, nil
}
