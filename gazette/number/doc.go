// Package number reads Vietnamese document numbers ("số, ký hiệu"):
// Parse and ParseMode give the canonical form, type, issuer, year and
// normative status with every repair as a warning; the scanner
// (ScanCandidates, ContextReason, InNamespace, TypeBefore) finds numbers
// in running text for the citation finder. The code tables and the type
// words are data, in codes/*.tsv (docs/rules.md §2, §3).
package number
