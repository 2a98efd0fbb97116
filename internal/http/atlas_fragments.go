package http

import (
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// The one exception to "markup lives in html/": the atlas list, its
// filters and the embed's list (one card for both) are written here in Go.
// They are the busiest markup of the site, a page holds some hundred
// checkboxes and twenty offers, and html/template spends most of such a
// page in reflection and escaper calls: twenty cards took 0.59 ms and
// 2,266 allocations through a template twin, 0.10 ms and 336 here
// (measured on 2 shared cores; the search page's figures in the README,
// "Atlas: measured", rest on it). Every value goes through esc
// (html.EscapeString), every link path through url.PathEscape, labels come
// from the domain as in the templates, and TestHostileValuesInert sends
// hostile text through every field written here.

func esc(s string) string { return html.EscapeString(s) }

// facetsHTML writes one fieldset of checkboxes per facet with values.
func facetsHTML(facets []atlas.Facet) template.HTML {
	var b strings.Builder
	for _, f := range facets {
		if len(f.Values) == 0 {
			continue
		}
		b.WriteString(`<fieldset class="facet"><legend>`)
		b.WriteString(esc(f.Label))
		b.WriteString("</legend>\n")
		for _, v := range f.Values {
			b.WriteString(`<label class="check"><input type="checkbox" name="`)
			b.WriteString(esc(f.Name))
			b.WriteString(`" value="`)
			b.WriteString(esc(v.Code))
			b.WriteString(`"`)
			if v.Selected {
				b.WriteString(" checked")
			}
			b.WriteString("> ")
			b.WriteString(esc(v.Label))
			b.WriteString(` <span class="count">(`)
			b.WriteString(strconv.Itoa(v.Count))
			b.WriteString(")</span></label>\n")
		}
		b.WriteString("</fieldset>\n")
	}
	return template.HTML(b.String())
}

// card says where offer cards stand: the atlas list (h3 under the
// result count) or the embed, a frame on a foreign website (h2, links
// open the full atlas in a new tab).
type card struct {
	heading string
	newTab  bool
}

func listCard() card  { return card{heading: "h3"} }
func embedCard() card { return card{heading: "h2", newTab: true} }

// hitsHTML writes the offers of a result page as list items.
func hitsHTML(hits []atlas.SearchHit, c card) template.HTML {
	var b strings.Builder
	for _, h := range hits {
		b.WriteString("<li>")
		offerCard(&b, h, c)
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}

// statusTag is the warning a listed offer carries for its status: only a
// paused offer has one (ended offers are not listed; the offer page marks
// them for editors).
func statusTag(st quartier.OfferStatus) string {
	if st == quartier.OfferPaused {
		return quartier.OfferStatusLabels[st]
	}
	return ""
}

func offerCard(b *strings.Builder, h atlas.SearchHit, c card) {
	o := &h.Offer
	key := url.PathEscape(o.Key)
	b.WriteString(`<article class="offer`)
	if h.Overdue {
		b.WriteString(" overdue")
	}
	b.WriteString(`" aria-labelledby="o-` + esc(o.Key) + `"><` + c.heading + ` id="o-` + esc(o.Key) + `"><a href="/atlas/angebote/` + key + `"`)
	if c.newTab {
		b.WriteString(` target="_blank" rel="noopener"`)
	}
	b.WriteString(">" + esc(o.Name) + "</a>")
	if tag := statusTag(o.Status); tag != "" {
		b.WriteString(` <span class="tag warn">` + esc(tag) + `</span>`)
	}
	if h.OpenNow {
		b.WriteString(` <span class="tag open">jetzt geöffnet</span>`)
	}
	b.WriteString("</" + c.heading + ">\n")
	meta := []string{}
	if h.Provider != "" {
		meta = append(meta, esc(h.Provider))
	}
	if len(h.TopicLabels) > 0 {
		meta = append(meta, esc(strings.Join(h.TopicLabels, ", ")))
	}
	meta = append(meta, esc(ageRange(*o)))
	if len(o.Languages) > 0 {
		names := make([]string, len(o.Languages))
		for i, l := range o.Languages {
			names[i] = quartier.LanguageName(l)
		}
		meta = append(meta, esc(strings.Join(names, ", ")))
	}
	b.WriteString(`<p class="meta">` + strings.Join(meta, " · ") + "</p>\n")
	if o.Description != "" {
		b.WriteString("<p>" + esc(shorten(o.Description, 220)) + "</p>\n")
	}
	for _, p := range h.Places {
		b.WriteString(`<p class="where">` + esc(p.Name))
		switch {
		case p.Confidential && p.Street != "":
			b.WriteString(": " + esc(p.Address()) + ` <span class="tag conf">vertraulich</span>`)
		case p.Confidential:
			b.WriteString(" – Adresse vertraulich. " + esc(p.ContactPath))
		default:
			if a := p.Address(); a != "" {
				b.WriteString(": " + esc(a))
			}
			if p.SpaceName != "" {
				b.WriteString(` <span class="space">(` + esc(p.SpaceName) + ")</span>")
			}
		}
		b.WriteString("</p>\n")
	}
	switch {
	case h.Distance >= 0:
		b.WriteString(`<p class="dist">Entfernung: ` + esc(distanceLabel(h.Distance)))
		if h.InHomeSpace {
			b.WriteString(" · im Sozialraum Ihrer Adresse")
		}
		b.WriteString("</p>\n")
	case h.InHomeSpace:
		b.WriteString(`<p class="dist">im Sozialraum Ihrer Adresse</p>` + "\n")
	}
	if hs := o.Hours.String(); hs != "" {
		b.WriteString(`<p class="hours">` + esc(hs) + "</p>\n")
	} else if o.Hours.Note != "" {
		b.WriteString(`<p class="hours">` + esc(o.Hours.Note) + "</p>\n")
	}
	if h.Overdue {
		b.WriteString(`<p class="stale">Angaben zuletzt geprüft am ` + o.VerifiedOn.Format(quartier.GermanDateLayout) + " – möglicherweise nicht mehr aktuell.</p>\n")
	}
	b.WriteString("</article>")
}
