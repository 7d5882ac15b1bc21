// Package gazette is congbao's model: the documents of Vietnam's official
// gazette (Công báo) and legal databases, with what is claimed of them
// (Claims: number, type, issuer, dates, signer, effect), their parts in
// gazette issues, their citations, relations, endings and effect, the
// checks a clerk reviews, the secrecy marks that hold them, the search
// request and result, jobs and tokens, and the kinds of error every layer
// speaks (ErrNotFound, ErrInvalid, ErrConflict, ErrBadQuery,
// ErrUnavailable). It holds types and the rules that belong to a type
// (Document.Held, Blockers); reading texts is package read's, citations and
// effect package cite's, and it imports no adapter (docs/ARCHITECTURE.md).
package gazette
