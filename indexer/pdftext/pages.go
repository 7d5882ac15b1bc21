package pdftext

import (
	"fmt"

	"github.com/ledongthuc/pdf"
)

// pageRef is a leaf of the page tree with the resources it inherits, or
// a kid that could not be read (broken says why).
type pageRef struct {
	v         pdf.Value
	resources pdf.Value
	box       pdf.Value // MediaBox, own or inherited
	broken    string
}

// inherited is what a page takes from its ancestors (PDF 32000 §7.7.3.4).
type inherited struct{ resources, box pdf.Value }

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
	var walk func(n pdf.Value, in inherited, depth int) error
	walk = func(n pdf.Value, in inherited, depth int) error {
		nodes++
		if nodes > opt.MaxNodes {
			return &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("page tree has more than %d nodes (a cycle?)", opt.MaxNodes)}
		}
		if depth > maxTreeDepth {
			return &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("page tree deeper than %d levels (a cycle?)", maxTreeDepth)}
		}
		if own := n.Key("Resources"); own.Kind() == pdf.Dict {
			in.resources = own
		}
		if own := n.Key("MediaBox"); own.Len() == 4 {
			in.box = own
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && !n.Key("Contents").IsNull()) {
			if len(pages) >= opt.MaxPages {
				return &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("more than %d pages", opt.MaxPages)}
			}
			pages = append(pages, pageRef{v: n, resources: in.resources, box: in.box})
			return nil
		}
		if kids.Kind() == pdf.Dict { // one kid written without its array
			return walk(kids, in, depth+1)
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walkKid(walk, kids, i, in, depth, &pages); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, inherited{}, 0); err != nil {
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
func walkKid(walk func(n pdf.Value, in inherited, depth int) error, kids pdf.Value, i int, in inherited, depth int, pages *[]pageRef) (err error) {
	defer func() {
		if x := recover(); x != nil {
			*pages = append(*pages, pageRef{broken: fmt.Sprintf("page object unreadable: %v", x)})
			err = nil
		}
	}()
	return walk(kids.Index(i), in, depth+1)
}
