// Package vntext prepares Vietnamese text for reading: NFC, folding to
// ASCII (đ included), separators and look-alike letters, mojibake, and the
// TCVN3 and VNI legacy font encodings (docs/rules.md §7). It knows no
// document.
package vntext
