package gazette

import "fmt"

// IngestInput is one original after extraction and splitting, as the
// pipeline hands it to the store.
type IngestInput struct {
	SHA256   string
	FileName string
	Issue    Issue  // issue numbers and date
	Parts    []Part // the documents or parts of documents it holds
	NeedsOCR bool   // no text layer: one document is kept, marked as needing OCR
	Failure  string // extraction failed: recorded, no document
	State    State  // state of the documents it creates
	// Admit, when set, is asked about each document the file would create
	// or change, as it would be stored; an error refuses the whole file
	// (nothing is written) with that reason: an agency's upload of a
	// document that is not its own.
	Admit func(*Document) error `json:"-"`
}

// Record is a source record with metadata and perhaps text (a vbpl.vn page,
// a law from a corpus), imported as what the source states.
type Record struct {
	Key    string // stable identity of the record ("vbpl:186739")
	Stated Claims
	Text   string
	State  State
	// Batch names the import run: a record changes directly a document
	// that the same run created (a law text, then its vbpl record); any
	// other published document it would change gets a draft revision.
	Batch string
}

// Stored is what storing a part of a file, or a record, did to one
// document.
type Stored struct {
	ID         int64  `json:"id"`
	Created    bool   `json:"created,omitempty"`
	Unchanged  bool   `json:"unchanged,omitempty"`   // the document already said all of it
	RevisionOf int64  `json:"revision_of,omitempty"` // the change waits, as draft revision ID, for review of published document RevisionOf
	Held       string `json:"held,omitempty"`        // the classification mark that holds it from publication
	Incomplete bool   `json:"incomplete,omitempty"`  // a continued document still missing a part (Document.Complete false)
}

// Note says what the clerk should know of a stored document, or "".
func (s Stored) Note() string {
	switch {
	case s.Held != "":
		return fmt.Sprintf("document %d is marked %q (state secret): held, never published, until an admin declassifies it", s.ID, s.Held)
	case s.RevisionOf != 0:
		return fmt.Sprintf("revision of published document %d: draft %d holds the change; the public text stays as published until the revision is published", s.RevisionOf, s.ID)
	}
	return ""
}
