package gazette

// Article is one Điều of a document, with where it stands.
type Article struct {
	Number  string `json:"number"` // "5", "5a"
	Title   string `json:"title"`
	Part    string `json:"part,omitempty"`    // "Phần thứ nhất"
	Chapter string `json:"chapter,omitempty"` // "Chương I"
	Section string `json:"section,omitempty"` // "Mục 2"
	Start   int    `json:"start"`             // byte offsets of the article in the text
	End     int    `json:"end"`
}
