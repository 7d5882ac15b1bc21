package gazette

import "strings"

// The basis of an effective date is stored as one English phrase
// (documents.effective_date_basis): the effect clause quoted from the text
// ("có hiệu lực kể từ ngày ký"), or one of the phrases below. The model
// owns both the phrases and their Vietnamese, so that the writers (read,
// the clerk's correction) and the pages agree.
const (
	// BasisCorrected is a date a clerk set.
	BasisCorrected = "corrected by a clerk"
	basisStated    = "stated by the source record (the text says: "
	basisNothing   = "nothing"
)

// StatedBasis is the basis of a date the source record states; textSays is
// what the text's own clause said ("" when it said nothing).
func StatedBasis(textSays string) string {
	if textSays == "" {
		textSays = basisNothing
	}
	return basisStated + textSays + ")"
}

// BasisVI says in Vietnamese how an effective date was found: the clause
// quoted from the text as it is, the phrases above translated.
func BasisVI(b string) string {
	switch {
	case b == "":
		return "không rõ"
	case strings.HasPrefix(b, basisStated):
		inner := strings.TrimSuffix(strings.TrimPrefix(b, basisStated), ")")
		if inner == basisNothing {
			inner = "không ghi"
		}
		return "theo bản ghi nguồn (văn bản ghi: " + inner + ")"
	case b == BasisCorrected:
		return "do cán bộ nhập liệu sửa"
	}
	return b
}
