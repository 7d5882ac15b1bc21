package repair

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var disableConfigDir sync.Once

// NoConfigDir keeps pdfcpu from writing config files or reading fonts from
// the home folder; every use of pdfcpu calls it first.
func NoConfigDir() { disableConfigDir.Do(api.DisableConfigDir) }

// Decrypt removes the standard security handler's encryption from a file
// that opens with the empty user password (a file restricted from
// printing or copying, as poppler reads it without asking): RC4 of 40 to
// 128 bits and AES of 128 or 256 bits (V 1 to 5, R 2 to 6), which pdfcpu
// decrypts and ledongthuc/pdf does not (AES-256) or wrongly (RC4-40). It
// returns the file decrypted, or an error saying why not (a user password
// is needed, or the encryption dictionary is unreadable).
func Decrypt(data []byte) (out []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			out, err = nil, fmt.Errorf("decrypt: %v", x)
		}
	}()
	NoConfigDir() // no config files written, no fonts read from the home folder
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	conf.Offline = true // never reach out (revocation checks)
	conf.ValidationMode = model.ValidationRelaxed
	var b bytes.Buffer
	if err := api.Decrypt(bytes.NewReader(data), &b, conf); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Encrypted reports whether a file names an encryption dictionary (in its
// trailer or its xref stream).
func Encrypted(data []byte) bool { return bytes.Contains(data, []byte("/Encrypt")) }
