// Package law is the law in force: a document's provisions as a tree
// (Phần, Chương, Mục, Điều, khoản, điểm), the amendments other documents
// make to them (ParseAmendments), the text in force at a date (TextAt) and
// the one effect rule (Derive) that every surface reads a status from.
// It is pure: the store gives it documents and stores what it returns.
package law
