package allocation

import (
	"strconv"
	"strings"

	"github.com/quartier/quartier"
)

// Form is a request as people type it, in the command line or the web
// form: German amounts ("250.000"), a percentage, dates either way, terms
// as "indicator=weight" and per-space bounds as "space=amount".
type Form struct {
	Name, Year, Amount, Base, Date, Floor, Cap, Note, Compare string
	Terms, Floors, Caps                                       []string
}

// Request reads the form; an error names the field.
func (f Form) Request() (Request, error) {
	req := Request{Name: strings.TrimSpace(f.Name), Note: f.Note}
	var err error
	if req.Year, err = strconv.Atoi(strings.TrimSpace(f.Year)); err != nil {
		return req, quartier.Errorf(quartier.EINVALID, "Jahr: „%s“ ist keine Jahreszahl.", f.Year)
	}
	if req.Rule.Amount, err = quartier.ParseEuro(f.Amount); err != nil {
		return req, quartier.Errorf(quartier.EINVALID, "Betrag: %s", quartier.ErrorMessage(err))
	}
	base := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Base), "%"))
	if base != "" {
		pct, err := strconv.ParseFloat(strings.Replace(base, ",", ".", 1), 64)
		if err != nil {
			return req, quartier.Errorf(quartier.EINVALID, "Sockel: „%s“ ist keine Prozentzahl.", f.Base)
		}
		req.Rule.BaseShare = pct / 100
	}
	if req.Rule.Date, err = quartier.ParseDate(strings.TrimSpace(f.Date)); err != nil {
		return req, quartier.Errorf(quartier.EINVALID, "Stichtag: %s", quartier.ErrorMessage(err))
	}
	for _, b := range []struct {
		label, text string
		dst         *quartier.Cents
	}{{"Untergrenze", f.Floor, &req.Rule.Floor}, {"Obergrenze", f.Cap, &req.Rule.Cap}} {
		if strings.TrimSpace(b.text) == "" {
			continue
		}
		if *b.dst, err = quartier.ParseEuro(b.text); err != nil {
			return req, quartier.Errorf(quartier.EINVALID, "%s: %s", b.label, quartier.ErrorMessage(err))
		}
	}
	for _, t := range f.Terms {
		if strings.TrimSpace(t) == "" {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		w, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
		if !ok || err != nil || strings.TrimSpace(k) == "" {
			return req, quartier.Errorf(quartier.EINVALID, "Indikator „%s“: erwartet Indikator=Gewicht, z. B. kinder=3.", t)
		}
		req.Rule.Terms = append(req.Rule.Terms, quartier.AllocationTerm{Indicator: strings.TrimSpace(k), Weight: w})
	}
	if req.Rule.Floors, err = perSpace("Untergrenze je Sozialraum", f.Floors); err != nil {
		return req, err
	}
	if req.Rule.Caps, err = perSpace("Obergrenze je Sozialraum", f.Caps); err != nil {
		return req, err
	}
	if c := strings.TrimSpace(f.Compare); c != "" {
		if req.CompareWith, err = strconv.ParseInt(c, 10, 64); err != nil {
			return req, quartier.Errorf(quartier.EINVALID, "Vergleich: „%s“ ist keine Nummer eines Vorschlags.", c)
		}
	}
	return req, nil
}

func perSpace(label string, list []string) (map[quartier.SpaceCode]quartier.Cents, error) {
	var m map[quartier.SpaceCode]quartier.Cents
	for _, x := range list {
		if strings.TrimSpace(x) == "" {
			continue
		}
		k, v, ok := strings.Cut(x, "=")
		c, err := quartier.ParseEuro(v)
		if !ok || err != nil || strings.TrimSpace(k) == "" {
			return nil, quartier.Errorf(quartier.EINVALID, "%s „%s“: erwartet Sozialraum=Betrag, z. B. west=30.000.", label, x)
		}
		if m == nil {
			m = map[quartier.SpaceCode]quartier.Cents{}
		}
		m[quartier.SpaceCode(strings.TrimSpace(k))] = c
	}
	return m, nil
}
