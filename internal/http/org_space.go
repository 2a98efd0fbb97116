package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// orgSpace: GET /organisation/sozialraeume/{space}, the organisation of
// one space with its history and the forms to maintain it.
func (s *Server) orgSpace(w http.ResponseWriter, r *http.Request) {
	s.orgSpacePage(w, r, http.StatusOK, nil, nil)
}

// orgSpacePage renders the space's page; typed and errs are the values
// and findings of a form that failed (nil: all as stored).
func (s *Server) orgSpacePage(w http.ResponseWriter, r *http.Request, status int, typed url.Values, errs *formErrors) {
	space := quartier.SpaceCode(r.PathValue("space"))
	o, err := s.spatial.Organisation(r.Context(), space)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	so := o.Space(space)
	v := &orgSpaceView{page: titled("Organisation: " + so.Space.Name), Org: o, Space: so, Errors: errs, Form: url.Values{},
		Saved: orgSaved(r.URL.Query().Get("gespeichert")), SRID: int(s.spatial.SRID())}
	today := time.Now().In(s.opt.TimeZone).Format(quartier.DateLayout)
	for _, id := range []string{"as-valid_from", "ae-valid_to", "duo-valid_from", "de-valid_to"} {
		v.Form.Set(id, today)
	}
	v.Form.Set("tm-kind", string(quartier.TeamOffice))
	v.Form.Set("duo-role", string(quartier.RoleRegionalHead))
	if open := so.OpenRoles(); len(open) > 0 {
		v.Form.Set("de-role", string(open[0].Role))
	}
	for _, t := range so.Teams {
		v.Form.Set("tn-"+t.Code+"-name", t.Name)
		for _, rm := range t.Rooms {
			p := fmt.Sprintf("r-%d-", rm.ID)
			for k, val := range map[string]string{"name": rm.Name, "street": rm.Street, "house_no": rm.HouseNo, "postcode": rm.Postcode,
				"city": rm.City, "opening_hours": rm.OpeningHours, "phone": rm.Phone} {
				v.Form.Set(p+k, val)
			}
			if rm.Location != nil {
				v.Form.Set(p+"x", strconv.FormatFloat(rm.Location[0], 'f', 1, 64))
				v.Form.Set(p+"y", strconv.FormatFloat(rm.Location[1], 'f', 1, 64))
			}
		}
	}
	for k, vals := range typed {
		v.Form[k] = vals
	}
	if v.Errors == nil {
		v.Errors = &formErrors{}
	}
	w.WriteHeader(status)
	s.render(w, r, "org_space", v)
}

// orgSpaceSaved answers a saved form of the space's page: back to the page
// at the form's section, with the confirmation.
func orgSpaceSaved(w http.ResponseWriter, r *http.Request, what, section string) {
	http.Redirect(w, r, "/organisation/sozialraeume/"+url.PathEscape(r.PathValue("space"))+"?gespeichert="+what+"#"+section, http.StatusSeeOther)
}

// orgSpaceFailed shows the space's page again with the failed form as
// typed and the findings at its inputs (fields: the domain fields the form
// has inputs for, under prefix).
func (s *Server) orgSpaceFailed(w http.ResponseWriter, r *http.Request, err error, errs *formErrors, prefix string, fields ...string) {
	if err != nil {
		errs.addErr(err, s.userMessage(r, err), orgFieldsOf(prefix, fields...))
	}
	status := http.StatusBadRequest
	if err != nil {
		status = statusOf(err)
	}
	s.orgSpacePage(w, r, status, r.PostForm, errs)
}

// readOrgForm reads a posted form of the space's page; a form that cannot
// be read answers the error page.
func (s *Server) readOrgForm(w http.ResponseWriter, r *http.Request) bool {
	if err := readForm(w, r, formLimit()); err != nil {
		s.errorPage(w, r, err)
		return false
	}
	return true
}

// orgRoom reads the room inputs under prefix: the address, and a point in
// the installation's CRS or in WGS84 when both coordinates are given.
func orgRoom(r *http.Request, errs *formErrors, prefix string) spatial.SetupRoom {
	g := func(k string) string { return orgValue(r, prefix+k) }
	sr := spatial.SetupRoom{Room: quartier.Room{Name: g("name"), Street: g("street"), HouseNo: g("house_no"), Postcode: g("postcode"),
		City: g("city"), OpeningHours: g("opening_hours"), Phone: g("phone")}}
	if g("x") == "" && g("y") == "" {
		return sr
	}
	x, errX := parseNumber(g("x"))
	y, errY := parseNumber(g("y"))
	if errX != nil || errY != nil {
		errs.Add(prefix+"x", "Lage: bitte Rechtswert und Hochwert (oder Länge und Breite) als Zahlen angeben, oder beide Felder leer lassen.")
		return sr
	}
	if g("crs") == "4326" {
		sr.Lon, sr.Lat = &x, &y
	} else {
		sr.X, sr.Y = &x, &y
	}
	return sr
}
