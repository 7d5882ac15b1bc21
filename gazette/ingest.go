package gazette

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
}

// Record is a source record with metadata and perhaps text (a vbpl.vn page,
// a law from a corpus), imported as what the source states.
type Record struct {
	Key    string // stable identity of the record ("vbpl:186739")
	Stated Claims
	Text   string
	State  State
}
