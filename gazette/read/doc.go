// Package read reads documents from their text: the pages of a gazette
// issue cleaned of what the gazette adds (CleanPages), split into
// documents and continuations (SplitIssue), each document's header, date,
// title, signature, effect clause and secrecy marks (ExtractMetadata), the
// checks for a clerk, and the merge of what a source record states with
// what the text says (Merge). Assemble is the one path every caller takes
// (docs/rules.md §5, §6). It is pure: no I/O.
package read
