package pdftext

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/ledongthuc/pdf"
)

// pageRef is a leaf of the page tree with the resources it inherits, or
// a kid that could not be read (broken says why).
type pageRef struct {
	v         pdf.Value
	resources pdf.Value
	broken    string
}

// maxTreeDepth bounds the page tree: real trees are a few levels deep, and
// a cycle through /Kids runs into it.
const maxTreeDepth = 64

// walkPages lists the pages in order. It never trusts /Count and never
// follows /Parent (both hang the library on crafted files); inherited
// /Resources are carried down the walk instead.
func walkPages(r *pdf.Reader, opt Options) (pages []pageRef, err error) {
	defer func() {
		if x := recover(); x != nil {
			pages, err = nil, &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("page tree: %v", x)}
		}
	}()
	root := r.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return nil, &Error{Kind: ErrDamaged, Detail: "no page tree (/Root /Pages missing)"}
	}
	nodes := 0
	var walk func(n, res pdf.Value, depth int) error
	walk = func(n, res pdf.Value, depth int) error {
		nodes++
		if nodes > opt.MaxNodes {
			return &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("page tree has more than %d nodes (a cycle?)", opt.MaxNodes)}
		}
		if depth > maxTreeDepth {
			return &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("page tree deeper than %d levels (a cycle?)", maxTreeDepth)}
		}
		if own := n.Key("Resources"); own.Kind() == pdf.Dict {
			res = own
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && !n.Key("Contents").IsNull()) {
			if len(pages) >= opt.MaxPages {
				return &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("more than %d pages", opt.MaxPages)}
			}
			pages = append(pages, pageRef{v: n, resources: res})
			return nil
		}
		if kids.Kind() == pdf.Dict { // one kid written without its array
			return walk(kids, res, depth+1)
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walkKid(walk, kids, i, res, depth, &pages); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, pdf.Value{}, 0); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, &Error{Kind: ErrDamaged, Detail: "the page tree holds no page"}
	}
	return pages, nil
}

// walkKid walks kid i of a page-tree node; a kid the library cannot parse
// (a damaged object) stands as one unreadable page instead of ending the
// walk, as poppler reads the pages around it.
func walkKid(walk func(n, res pdf.Value, depth int) error, kids pdf.Value, i int, res pdf.Value, depth int, pages *[]pageRef) (err error) {
	defer func() {
		if x := recover(); x != nil {
			*pages = append(*pages, pageRef{broken: fmt.Sprintf("page object unreadable: %v", x)})
			err = nil
		}
	}()
	return walk(kids.Index(i), res, depth+1)
}

var (
	objRe     = regexp.MustCompile(`(?m)(?:^|[\r\n ])(\d{1,10})\s+(\d{1,5})\s+obj\b`)
	rootRe    = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	catalogRe = regexp.MustCompile(`/Type\s*/Catalog\b`)
	xrefObjRe = regexp.MustCompile(`/Type\s*/XRef\b`)
)

// rebuildXref recovers a file whose xref table is missing or points to the
// wrong place, as poppler does: it scans for "N G obj", finds the catalog,
// and appends a fresh xref table and trailer. A file whose objects live in
// object streams gets its last xref stream as the start instead; when that
// stream is itself damaged, rebuildMerged is the way.
func rebuildXref(data []byte) ([]byte, bool) {
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
