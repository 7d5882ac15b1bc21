// Package repair turns the bytes of a damaged or unusual PDF into
// candidate repairs, pure byte to byte: hybrid-reference files merged into
// one xref stream (MergeXref), a lost or wrong xref table rebuilt by
// scanning for objects (RebuildXref, RebuildMerged), stream lengths that
// disagree with their endstream fixed (FixStreamLengths), and encrypted
// files that need no password decrypted with pdfcpu (Decrypt). It reads no
// files and starts no processes; package pdftext tries the candidates and
// keeps the one whose text it reads best.
package repair
