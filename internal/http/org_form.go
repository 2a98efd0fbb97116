package http

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// The forms of the organisation keep every input's value in one
// url.Values by input id: the stored values, or for the form that failed
// what was typed. A page holds several forms, so each form's ids carry a
// prefix ("as-" for a new assignment, "r-12-" for room 12), and a domain
// finding about a field lands at the input with the form's prefix.

// formFields is one form of a page: its values and errors under a prefix.
type formFields struct {
	form   url.Values
	errs   *formErrors
	prefix string
}

// prefixed is the template's way to one form of the page.
func prefixed(form url.Values, errs *formErrors, prefix string) formFields {
	return formFields{form, errs, prefix}
}

// ID is the input id (and name) of field.
func (f formFields) ID(field string) string { return f.prefix + field }

// Get is the value of field as stored or typed.
func (f formFields) Get(field string) string { return f.form.Get(f.prefix + field) }

// Invalid marks the input of field when it has a finding.
func (f formFields) Invalid(field string) template.HTMLAttr {
	return invalidAttr(f.errs, f.prefix+field)
}

// Err is the finding next to the input of field.
func (f formFields) Err(field string) template.HTML { return fieldError(f.errs, f.prefix+field) }

// Open says whether any input of the form has a finding, so a folded form
// (details) shows it unfolded.
func (f formFields) Open() bool {
	if f.errs == nil {
		return false
	}
	for _, e := range f.errs.List {
		if strings.HasPrefix(e.Field, f.prefix) {
			return true
		}
	}
	return false
}

// orgFieldsOf maps the fields a use case's findings name to the inputs of
// one form; a field the form has no input for goes to the list at the top.
func orgFieldsOf(prefix string, fields ...string) func(string) string {
	return func(field string) string {
		for _, f := range fields {
			if f == field {
				return prefix + f
			}
		}
		return ""
	}
}

// orgValue reads a posted input, trimmed.
func orgValue(r *http.Request, id string) string { return strings.TrimSpace(r.PostFormValue(id)) }

// orgDate reads a posted date input; a bad date is filed at the input.
func orgDate(r *http.Request, errs *formErrors, id, label string, optional bool) *time.Time {
	v := orgValue(r, id)
	if v == "" && optional {
		return nil
	}
	t, err := quartier.ParseDate(v)
	if err != nil {
		errs.Add(id, label+": "+quartier.ErrorMessage(err))
		return nil
	}
	return &t
}

// orgSaved is the confirmation after a redirect, by what was saved.
func orgSaved(what string) string {
	switch what {
	case "zustaendigkeit":
		return "Die Zuständigkeit ist eingetragen."
	case "ende":
		return "Die Zuständigkeit ist beendet."
	case "team":
		return "Das Team ist angelegt."
	case "teamname":
		return "Das Team ist umbenannt."
	case "raum":
		return "Die Räumlichkeit ist angelegt."
	case "raumgeaendert":
		return "Die Räumlichkeit ist gespeichert."
	case "raumentfernt":
		return "Die Räumlichkeit ist entfernt."
	case "leitung":
		return "Die Leitungsrolle ist besetzt."
	case "leitungende":
		return "Die Leitungsrolle ist beendet."
	case "traeger":
		return "Der Träger ist gespeichert."
	case "verbund":
		return "Der Trägerverbund ist gespeichert."
	}
	return ""
}

// roomInputs are a room form's inputs with the installation's CRS, for
// the template "roomfields" (one argument).
type roomInputs struct {
	F    formFields
	SRID int
}

func newRoomInputs(f formFields, srid int) roomInputs { return roomInputs{f, srid} }
