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

// The atlas list and its filters are the busiest markup of the site: a
// page holds some hundred checkboxes and twenty offers. Written by
// html/template they cost about a millisecond a page in reflection and
// escaper calls; written here with html.EscapeString (every value below
// goes through esc, and link paths through url.PathEscape) they cost a
// tenth. The markup is the same the templates would write.

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

// hitsHTML writes the offers of a result page as list items.
func hitsHTML(hits []atlas.SearchHit) template.HTML {
	var b strings.Builder
	for _, h := range hits {
		b.WriteString("<li>")
		offerCard(&b, h)
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}

func offerCard(b *strings.Builder, h atlas.SearchHit) {
	o := &h.Offer
	key := url.PathEscape(o.Key)
	b.WriteString(`<article class="offer`)
	if h.Overdue {
		b.WriteString(" overdue")
	}
	b.WriteString(`" aria-labelledby="o-` + esc(o.Key) + `"><h3 id="o-` + esc(o.Key) + `"><a href="/atlas/angebote/` + key + `">` + esc(o.Name) + "</a>")
	if o.Status == quartier.OfferPaused {
		b.WriteString(` <span class="tag warn">vorübergehend geschlossen</span>`)
	}
	if h.OpenNow {
		b.WriteString(` <span class="tag open">jetzt geöffnet</span>`)
	}
	b.WriteString("</h3>\n")
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
		b.WriteString(`<p class="stale">Angaben zuletzt geprüft am ` + o.VerifiedOn.Format("02.01.2006") + " – möglicherweise nicht mehr aktuell.</p>\n")
	}
	b.WriteString("</article>")
}
