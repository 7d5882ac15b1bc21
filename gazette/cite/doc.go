// Package cite finds the citations in a text (numbers with their type
// words, dates and pinpoints, laws by name, the document itself, short
// forms) with the relation their sentence names (FindCitations), looks
// them up (Resolve), and derives a document's effect status at a date
// (DeriveEffect): the one effect rule of every surface (docs/rules.md
// §5.8, §5.9). It is pure: the store is reached through Lookup.
package cite
