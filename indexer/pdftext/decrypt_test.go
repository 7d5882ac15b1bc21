package pdftext

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"congbao/indexer/pdftext/repair"
)

// encryptWith encrypts data with the passwords of conf, as a publisher
// restricting printing does (an empty user password).
func encryptWith(t *testing.T, data []byte, conf *model.Configuration) []byte {
	t.Helper()
	repair.NoConfigDir()
	var b bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(data), &b, conf); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return b.Bytes()
}

// TestEncryptedRead: files that poppler reads without a password were
// refused: AES-256 (V5, R5/R6) and RC4-40. They are read, and their text
// is the text of the file unencrypted.
func TestEncryptedRead(t *testing.T) {
	plain := basic(body).bytes()
	want, err := Extract(context.Background(), plain, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		conf *model.Configuration
	}{
		{"AES-256", model.NewAESConfiguration("", "chu so huu", 256)},
		{"AES-128", model.NewAESConfiguration("", "chu so huu", 128)},
		{"RC4-40", model.NewRC4Configuration("", "chu so huu", 40)},
		{"RC4-128", model.NewRC4Configuration("", "chu so huu", 128)},
	} {
		c.conf.Permissions = model.PermissionsNone
		enc := encryptWith(t, plain, c.conf)
		if !repair.Encrypted(enc) {
			t.Fatalf("%s: the file is not encrypted", c.name)
		}
		res, err := Extract(context.Background(), enc, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if strings.Join(res.Pages, "\f") != strings.Join(want.Pages, "\f") {
			t.Errorf("%s: text %q, want %q", c.name, res.Pages, want.Pages)
		}
		if bin, err := exec.LookPath("pdftotext"); err == nil { // poppler reads it as well
			path := filepath.Join(t.TempDir(), "enc.pdf")
			os.WriteFile(path, enc, 0o600)
			if out, err := exec.Command(bin, "-q", path, "-").Output(); err != nil || !strings.Contains(string(out), "Nghi dinh so 43/2011") {
				t.Errorf("%s: pdftotext reads %q (%v)", c.name, out, err)
			}
		}
	}
	// a file that needs a user password is still refused, saying so
	enc := encryptWith(t, plain, model.NewAESConfiguration("mat khau", "chu so huu", 256))
	if _, err := Extract(context.Background(), enc, Options{}); !errors.Is(err, ErrEncrypted) {
		t.Errorf("a file with a user password: %v, want ErrEncrypted", err)
	}
}
