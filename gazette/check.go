package gazette

// Check is a doubt about what a text says of itself, for the clerk who
// reviews the extraction: the parts of the header contradict each other
// (a Thông tư numbered as a Quyết định, a ministry's header over another
// ministry's code), or a date cannot be right as printed. A check never
// changes a field: the text as printed stays the record, and the clerk
// corrects it against the signed original or a correction notice.
type Check struct {
	Code      string `json:"code"`       // stable rule name: "type", "issuer", "year", "effective_before_issue", "number"
	Field     string `json:"field"`      // the field in doubt, as in `congbao export`
	Message   string `json:"message"`    // English
	MessageVI string `json:"message_vi"` // Vietnamese, for the clerk's pages
}
