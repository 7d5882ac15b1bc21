package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// The direction of imports (docs/ARCHITECTURE.md): the model at the
// bottom, the pure reading packages above it, the adapters (storage,
// search, PDF text) above those, the pipeline and the server beside them,
// and only cmd/congbao (and the measuring harness it runs) wiring
// adapters together.
var (
	model    = "congbao/gazette"
	pure     = []string{"congbao/gazette/vntext", "congbao/gazette/number", "congbao/gazette/read", "congbao/gazette/cite", "congbao/gazette/law"}
	adapters = []string{"congbao/gazette/sqlite", "congbao/indexer/search", "congbao/indexer/pdftext"}
)

// allowed says which of our packages pkg may import (directly or not);
// ok is false for a package the map does not place.
func allowed(pkg string) (may func(string) bool, ok bool) {
	in := func(list []string, p string) bool {
		for _, x := range list {
			if p == x || strings.HasPrefix(p, x+"/") && x != model {
				return true
			}
		}
		return false
	}
	below := func(p string) bool { return p == model || in(pure, p) }
	switch {
	case pkg == model:
		// the model: types and error kinds, with the text and number tools they name
		return func(p string) bool { return p == "congbao/gazette/vntext" || p == "congbao/gazette/number" }, true
	case in(pure, pkg):
		return below, true
	case in(adapters, pkg):
		self := ""
		for _, a := range adapters {
			if pkg == a || strings.HasPrefix(pkg, a+"/") {
				self = a
			}
		}
		own := func(p string) bool { return p == self || strings.HasPrefix(p, self+"/") }
		if self == "congbao/indexer/pdftext" {
			return own, true // bytes to text: it knows no document
		}
		// an adapter speaks the model and the pure packages, and its own sub-packages
		return func(p string) bool { return below(p) || own(p) }, true
	case pkg == "congbao/indexer":
		// the pipeline extracts text; it reaches the store and the index through its own interfaces
		return func(p string) bool {
			return below(p) || p == "congbao/indexer/pdftext" || strings.HasPrefix(p, "congbao/indexer/pdftext/")
		}, true
	case pkg == "congbao/server":
		return below, true
	case pkg == "congbao/indexer/harvest":
		// other portals' feeds in, through its own Store interface
		return below, true
	case pkg == "congbao/gazette/internal/sample":
		return func(string) bool { return false }, true
	case pkg == "congbao/indexer/measure":
		return func(p string) bool { return p != "congbao/cmd/congbao" }, true
	case pkg == "congbao/cmd/congbao":
		return func(string) bool { return true }, true
	case pkg == "congbao/cmd/congbao/internal/golden", pkg == "congbao/cmd/congbao/internal/export":
		// test helpers (golden files; what congbao export prints): nothing of ours
		return func(string) bool { return false }, true
	case pkg == "congbao/cmd/congbao/acceptance":
		// tests of the built binary: they run it, and import nothing of ours outside their tests
		return func(string) bool { return false }, true
	}
	return nil, false
}

// TestImportDirection fails when an import points up or sideways: the
// model importing an adapter, the server importing one, adapters importing
// each other, anything importing cmd. It reads the imports (tests left
// out) with go list.
func TestImportDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: go list reads the imports")
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Deps", "congbao/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		n++
		may, ok := allowed(p.ImportPath)
		if !ok {
			t.Errorf("%s is not on the map of packages (docs/ARCHITECTURE.md): place it in allowed()", p.ImportPath)
			continue
		}
		for _, d := range p.Deps {
			if strings.HasPrefix(d, "congbao/") && !may(d) {
				t.Errorf("%s imports %s: an import that points up or sideways (docs/ARCHITECTURE.md)", p.ImportPath, d)
			}
		}
	}
	if n < 10 {
		t.Fatalf("go list gave %d packages; want all of congbao/...", n)
	}
}

// TestImportRulesBite: the rules refuse the imports the layout forbids.
func TestImportRulesBite(t *testing.T) {
	for _, c := range []struct{ pkg, dep string }{
		{"congbao/gazette", "congbao/gazette/sqlite"},
		{"congbao/gazette", "congbao/gazette/read"},
		{"congbao/server", "congbao/indexer/search"},
		{"congbao/server", "congbao/gazette/sqlite"},
		{"congbao/gazette/sqlite", "congbao/indexer/search"},
		{"congbao/indexer/search", "congbao/gazette/sqlite"},
		{"congbao/indexer/pdftext", "congbao/gazette"},
		{"congbao/indexer", "congbao/gazette/sqlite"},
		{"congbao/gazette/read", "congbao/indexer/pdftext"},
		{"congbao/indexer/measure", "congbao/cmd/congbao"},
	} {
		may, ok := allowed(c.pkg)
		if !ok || may(c.dep) {
			t.Errorf("%s importing %s is allowed; the layout forbids it", c.pkg, c.dep)
		}
	}
}
