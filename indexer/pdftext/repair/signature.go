package repair

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Signature is a digital signature of a PDF file: who the signing
// certificate names and when the signature says it was made.
type Signature struct {
	Signer string    // the certificate's subject (a body: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"; or a person)
	At     time.Time // the signing time the signature dictionary gives (/M)
	Field  string    // the signature field's name
}

// Signed reports whether a file may carry a digital signature (a
// signature dictionary's byte range).
func Signed(data []byte) bool { return bytes.Contains(data, []byte("/ByteRange")) }

// Signatures reads the digital signatures of a PDF file with pdfcpu, in
// the order they were made. It reads who signed and when; whether a
// signature is valid is not decided (no trust store is consulted, nothing
// is fetched): the caller uses them as evidence for a clerk, not as proof.
func Signatures(data []byte) (sigs []Signature, err error) {
	defer func() {
		if x := recover(); x != nil {
			sigs, err = nil, fmt.Errorf("read signatures: %v", x)
		}
	}()
	if !Signed(data) {
		return nil, nil
	}
	NoConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.Offline = true // never reach out (revocation checks)
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.VALIDATESIGNATURES
	rs := bytes.NewReader(data)
	ctx, err := api.ReadValidateAndOptimize(rs, conf)
	if err != nil {
		return nil, fmt.Errorf("read signatures: %w", err)
	}
	results, err := pdfcpu.ValidateSignatures(rs, ctx, true)
	if err != nil {
		return nil, fmt.Errorf("read signatures: %w", err)
	}
	for _, r := range results {
		d := r.Details
		s := Signature{Signer: d.SignerName, At: d.SigningTime, Field: d.FieldName}
		for _, signer := range d.Signers {
			if c := signer.Certificate; c != nil && c.Subject != "" {
				s.Signer = c.Subject
				break
			}
		}
		if s.Signer != "" && !s.At.IsZero() {
			sigs = append(sigs, s)
		}
	}
	sort.SliceStable(sigs, func(i, j int) bool { return sigs[i].At.Before(sigs[j].At) })
	return sigs, nil
}
