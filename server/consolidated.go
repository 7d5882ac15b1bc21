package server

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"

	"congbao/gazette"
)

// parseDay reads a date as clerks and lawyers type it (20/11/2020) or as
// the API writes it (2020-11-20).
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2/1/2006", "02/01/2006", "2-1-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want dd/mm/yyyy or yyyy-mm-dd", s)
}

// actionVI says what an amendment did, as consolidated texts' footnotes do.
var actionVI = map[string]string{
	gazette.ActAmend: "được sửa đổi, bổ sung", gazette.ActInsert: "được bổ sung", gazette.ActRepeal: "được bãi bỏ",
	gazette.ActReplacePhrase: "có cụm từ được thay thế", gazette.ActDeletePhrase: "có cụm từ được bỏ",
	gazette.ActInsertPhrase: "có cụm từ được bổ sung", gazette.ActSuspend: "bị đình chỉ thi hành",
}

// dmy writes a date as dd/mm/yyyy.
func dmy(d gazette.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

// note is an article's history entry in Vietnamese, like the footnotes of
// an official consolidated text.
func note(ch gazette.Change) string {
	s := fmt.Sprintf("%s %s theo quy định tại %s của %s, có hiệu lực kể từ ngày %s", ch.Provision, actionVI[ch.Action], ch.ByProvision, ch.By, dmy(ch.Effective))
	if !ch.Applied {
		s += " (chưa đưa vào văn bản: " + ch.Note + ")"
	}
	if ch.Review == gazette.ReviewDraft {
		s += " [máy đọc, chưa được cán bộ xác nhận]"
	}
	return s
}

// consolidatedHTML shows a text in force at a date: each article, and
// under a changed one the notes of what changed it.
func consolidatedHTML(t gazette.TextAt) template.HTML {
	var b strings.Builder
	for _, a := range t.Articles {
		fmt.Fprintf(&b, `<div class="article" id="dieu-%s">%s</div>`, html.EscapeString(a.Number), html.EscapeString(a.Text))
		if len(a.History) > 0 {
			b.WriteString(`<ol class="notes">`)
			for _, ch := range a.History {
				b.WriteString("<li>" + html.EscapeString(note(ch)) + "</li>")
			}
			b.WriteString("</ol>")
		}
	}
	if len(t.Pending) > 0 {
		b.WriteString(`<h3>Sửa đổi đã ban hành, chưa có hiệu lực tại ngày này</h3><ul class="notes">`)
		for _, ch := range t.Pending {
			ch.Applied = true // not yet in force: nothing to apply
			b.WriteString("<li>" + html.EscapeString(note(ch)) + "</li>")
		}
		b.WriteString("</ul>")
	}
	return template.HTML(b.String())
}
