package gazette

import (
	"time"

	"congbao/gazette/vntext"
)

// Issue is the text of a PDF, cleaned of what the Công báo adds to every
// page, with what those additions said.
type Issue struct {
	Numbers  string          // gazette issue numbers as printed: "1263 + 1264"; "" for a PDF outside the gazette
	Date     Date            // gazette issue date
	Signed   *Signature      // the file's electronic signature, when it carries one with its time
	Encoding vntext.Encoding // the legacy font encoding the text was converted from; Unicode when none
	Pages    []IssuePage
}

// Signature is what a file's electronic signature block prints: who signed
// ("Ký bởi: ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Cơ quan: …") and when. A body
// signs the file it issues on the day it issues it; a portal or the
// gazette signs what it publishes later.
type Signature struct {
	By   []string  `json:"by"` // the names the block gives, as printed
	At   time.Time `json:"at"`
	Line string    `json:"line"` // the time's line, as printed
}

// IssuePage is one page of an issue without running header, page number
// and signature block.
type IssuePage struct {
	PDFPage     int // 1-based page of the PDF
	GazettePage int // page number printed in the running header; 0 when none
	Lines       []string
}

// Part is the stretch of an issue that holds one document, or one part of
// a document continued across issues.
type Part struct {
	Text         string
	FirstPDFPage int
	LastPDFPage  int
	FirstPage    int // gazette page numbers; 0 when not printed
	LastPage     int
	// Continues is set when the part continues a document begun in an
	// earlier issue ("(Tiếp theo Công báo số ...)").
	Continues *Continuation
	// ContinuedIn names the issue that continues this part ("(Xem tiếp
	// Công báo số 473 + 474)"); "" when the document ends here.
	ContinuedIn string
	// OCR lists the pages of the part whose text was read from their
	// picture, with the reader's confidence.
	OCR []PageOCR `json:",omitempty"`
	// PageLines is, for each PDF page from FirstPDFPage on, the index of
	// its first line in Text: where a line read came from (FieldSource).
	PageLines []int `json:",omitempty"`
	// Signed is the electronic signature of the file the part is in.
	Signed *Signature `json:",omitempty"`
}

// PageOCR is a PDF page whose text was read by OCR from its picture.
type PageOCR struct {
	Page       int     `json:"page"`       // PDF page, 1-based
	Confidence float64 `json:"confidence"` // 0..1, Tesseract's word confidence averaged over the characters
}

// Continuation is the reference a continued part repeats at its top:
// "Luật số 100/2015/QH13 ngày 27 tháng 11 năm 2015 / Bộ luật hình sự /
// (Tiếp theo Công báo số 1263 + 1264)".
type Continuation struct {
	Number    string // canonical number of the document continued
	Date      Date
	Title     string
	FromIssue string // the issue it continues from
}
