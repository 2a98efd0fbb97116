package http

import (
	"net/url"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/hsds"
	"github.com/quartier/quartier/internal/services"
)

// sideChannelProbes are the probes of TestShelterCannotBeLocated beyond
// the atlas's own search and edit paths: the pages of a space (area page,
// Wegweiser, embed, map pictures, planning by group), the HSDS API and
// its files, the place and provider choices of the forms, the history
// pages, the suggestion form, the planning table as a workbook and the
// HSDS files as a zip (fourth probe), the due list and review queue filtered by
// space and the organisation and monitoring pages of a space. Each of them
// reads the atlas on behalf of an actor; none may answer differently when
// only the shelter's point changed.
func sideChannelProbes(a *services.Set, sh quartier.Place, shelterOffers []string, points []orb.Point, spaceOf func(orb.Point) quartier.SpaceCode) []probe {
	layer := a.Spatial.Locator().SpaceLayer()
	var ps []probe
	for _, pt := range points {
		// The names of the areas the shelter moves into, as words beside
		// what it offers: a place word ranks (and a synonym line of a
		// district expands) by where an offer's places lie, which must not
		// be where the shelter lies.
		for _, h := range a.Spatial.Locator().Locate(pt).Hits {
			if h.Name == "" {
				continue
			}
			for _, q := range []string{h.Name, sh.Name + " " + h.Name, "Frauenhaus Nähe " + h.Name, "\"Schutz " + h.Name + "\""} {
				ps = append(ps, get0("/atlas?q="+url.QueryEscape(q)), get0("/api/hsds/services?search="+url.QueryEscape(q)))
			}
			ps = append(ps, get0("/atlas/karte.json?q="+url.QueryEscape("Schutz "+h.Name)))
		}
		space := string(spaceOf(pt))
		ps = append(ps,
			get0("/ebenen/"+layer+"/"+space),
			get0("/einbetten/atlas?raum="+space),
			get0("/einbetten/atlas?raum="+space+"&thema=schutz"),
			get0("/atlas/karte.svg?raum="+space),
			get0("/atlas/karte.svg?raum="+space+"&thema=schutz"),
			get0("/atlas/wegweiser?raum="+space+"&thema=schutz"),
			get0("/atlas?raum="+space+"&q="+url.QueryEscape(sh.Name)),
			get0("/atlas?raum="+space+"&sort=name&thema=schutz"),
			get0("/atlas/faellig?raum="+space),
			get0("/atlas/faellig?raum="+space+"&art=place"),
			get0("/organisation/sozialraeume/"+space),
			get0("/sozialraeume/"+space+"/profil"),
			get0("/api/ogc/collections/"+layer+"/items/"+space),
		)
	}
	ps = append(ps,
		get0("/atlas/karte.svg"), get0("/atlas/karte.svg?thema=schutz"), get0("/atlas/karte.json?thema=schutz"),
		get0("/atlas/planung"), get0("/atlas/planung?gruppe=gesamt&thema=schutz"), get0("/atlas/planung/karte.svg?thema=schutz&gruppe=gesamt"),
		get0("/atlas/planung.csv?thema=schutz"), get0("/atlas/planung.xlsx?thema=schutz"), get0("/atlas/planung.xlsx?gruppe=gesamt"),
		get0("/atlas/wegweiser"), get0("/atlas/austausch"), get0("/atlas/einbetten"),
		get0("/atlas/orte/"+sh.Key+"/verlauf"), get0("/atlas/vorschlag?ort="+sh.Key),
		get0("/atlas/orte-auswahl?q="+url.QueryEscape(sh.Name)), get0("/atlas/orte-auswahl?q="+url.QueryEscape(sh.Key)),
		get0("/atlas/traeger?q="+url.QueryEscape(sh.Provider)),
		get0("/atlas/pruefung?status=open"), get0("/atlas/pruefung?status=rejected"),
		get0("/api/hsds/services?search="+url.QueryEscape(sh.Name)), get0("/api/hsds/services?search=Schutz&per_page=500"),
		get0("/api/hsds/locations/"+hsds.LocationID(sh.Key)), get0("/api/hsds/organizations/"+hsds.OrganizationID(sh.Provider)),
		get0("/api/hsds/export.json"), get0("/api/hsds/export.zip"),
	)
	for p := 1; p <= 8; p++ {
		ps = append(ps, get0("/api/hsds/locations?per_page=500&page="+strconv.Itoa(p)), get0("/api/hsds/service_at_locations?per_page=500&page="+strconv.Itoa(p)))
	}
	for _, k := range shelterOffers {
		ps = append(ps, get0("/atlas/angebote/"+k+"/verlauf"), get0("/atlas/vorschlag?angebot="+k),
			get0("/api/hsds/services/"+hsds.ServiceID(k)), get0("/api/hsds/services/"+hsds.ServiceID(k)+"?full=true"),
			get0("/api/hsds/service_at_locations/"+hsds.ServiceAtLocationID(k, sh.Key)))
	}
	return ps
}
