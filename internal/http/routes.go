package http

import (
	"net/http"

	"github.com/quartier/quartier"
)

// Access says who may reach a route. Every route declares it; the route
// inventory test fails on a route that is neither public nor protected.
type Access struct {
	Public bool
	// Permission is required of a signed-in user; "" with Public false
	// means any signed-in user.
	Permission quartier.Permission
}

// Route is one registered endpoint, kept for the inventory test.
type Route struct {
	Pattern string
	Access  Access
}

// routes lists every endpoint in one place, so a reviewer sees the whole
// surface at a glance. Use cases check permissions again in their contexts;
// the access here decides sign-in redirects and keeps the inventory honest.
func (s *Server) routes() {
	public, signedIn := Access{Public: true}, Access{}
	need := func(p quartier.Permission) Access { return Access{Permission: p} }
	publicPerRule := public // read-only pages of public data, checked again in the contexts
	s.route("GET /assets/", public, http.StripPrefix("/assets/", http.FileServerFS(assetsFS())))
	s.route("GET /favicon.ico", public, http.RedirectHandler("/assets/favicon.svg", http.StatusMovedPermanently))
	s.route("GET /healthz", public, http.HandlerFunc(s.health))

	// Families land on the atlas; the map of areas is a staff page.
	s.route("GET /{$}", publicPerRule, http.HandlerFunc(s.atlasSearch))
	s.route("GET /karte", publicPerRule, http.HandlerFunc(s.mapShow))
	s.route("GET /karte/{layer}", publicPerRule, http.HandlerFunc(s.layerGeoJSON))
	s.route("GET /karte/{layer}/umrisse.svg", publicPerRule, http.HandlerFunc(s.layerSVG))
	s.route("GET /ebenen", publicPerRule, http.HandlerFunc(s.layerList))
	s.route("GET /ebenen/{layer}", publicPerRule, http.HandlerFunc(s.layerShow))
	s.route("GET /ebenen/{layer}/{code}", publicPerRule, http.HandlerFunc(s.areaShow))
	s.route("GET /ebenen/{layer}/{code}/karte.svg", publicPerRule, http.HandlerFunc(s.areaSVG))
	s.route("GET /zuordnung", publicPerRule, http.HandlerFunc(s.lookupForm))
	s.route("GET /pruefen", publicPerRule, http.HandlerFunc(s.importForm))
	s.route("POST /pruefen", publicPerRule, s.publicUpload(s.checkWork, s.importCheck))
	s.route("GET /export/{layer}", publicPerRule, s.heavyOnly(s.layerExport))
	s.route("GET /atlas", publicPerRule, http.HandlerFunc(s.atlasSearch))
	s.route("GET /atlas/karte.json", publicPerRule, s.largeAnswer(http.HandlerFunc(s.atlasMap)))
	s.route("GET /atlas/karte.svg", publicPerRule, s.largeAnswer(http.HandlerFunc(s.atlasMapSVG)))
	s.route("GET /atlas/angebote/{key}", publicPerRule, http.HandlerFunc(s.atlasOffer))
	s.route("GET /atlas/orte/{key}", publicPerRule, http.HandlerFunc(s.atlasPlace))
	s.route("GET /atlas/wegweiser", publicPerRule, http.HandlerFunc(s.atlasGuide))
	s.route("GET /atlas/wegweiser.pdf", publicPerRule, http.HandlerFunc(s.atlasGuidePDF))
	s.route("GET /atlas/einbetten", publicPerRule, http.HandlerFunc(s.atlasEmbedCode))
	s.route("GET /einbetten/atlas", publicPerRule, http.HandlerFunc(s.atlasEmbed))
	s.route("GET /atlas/austausch", publicPerRule, http.HandlerFunc(s.atlasExchange))
	s.route("POST /atlas/austausch", need(quartier.PermEditAtlas), http.HandlerFunc(s.atlasExchangeImport))
	s.route("GET /atlas/einstellungen", need(quartier.PermConfigureAtlas), http.HandlerFunc(s.atlasSettings))
	s.route("POST /atlas/einstellungen/synonyme", need(quartier.PermConfigureAtlas), http.HandlerFunc(s.atlasSynonymsSave))
	s.route("POST /atlas/einstellungen/themen", need(quartier.PermConfigureAtlas), http.HandlerFunc(s.atlasTaxonomySave))
	s.route("GET /atlas/planung", publicPerRule, http.HandlerFunc(s.atlasPlanning))
	s.route("POST /atlas/planung/einwohner", need(quartier.PermImportAreas), http.HandlerFunc(s.atlasPopulationImport))
	s.route("GET /atlas/planung.csv", publicPerRule, http.HandlerFunc(s.atlasPlanningCSV))
	s.route("GET /atlas/planung.xlsx", publicPerRule, http.HandlerFunc(s.atlasPlanningXLSX))
	s.route("GET /atlas/planung/karte.svg", publicPerRule, s.largeAnswer(http.HandlerFunc(s.atlasPlanningSVG)))
	s.route("GET /api/v1/lookup", publicPerRule, http.HandlerFunc(s.apiLookup))
	s.route("POST /api/v1/lookup", publicPerRule, s.publicUpload(s.bulkWork, s.apiLookupBulk))

	// HSDS 3.1 (Open Referral) over the atlas, as each caller may see it.
	s.route("GET /verteilung", need(quartier.PermReadIndicators), http.HandlerFunc(s.allocationPage))
	s.route("POST /verteilung", need(quartier.PermManageIndicators), http.HandlerFunc(s.allocationCompute))
	s.route("GET /verteilung/{id}", need(quartier.PermReadIndicators), http.HandlerFunc(s.allocationShow))
	s.route("GET /verteilung/{id}/tabelle.csv", need(quartier.PermReadIndicators), http.HandlerFunc(s.allocationCSV))
	s.route("POST /verteilung/{id}/veroeffentlichen", need(quartier.PermPublishIndicators), http.HandlerFunc(s.allocationPublish))
	s.route("GET /api/ogc/{$}", publicPerRule, http.HandlerFunc(s.ogcLanding))
	s.route("GET /api/ogc/api", publicPerRule, http.HandlerFunc(s.ogcAPI))
	s.route("GET /api/ogc/conformance", publicPerRule, http.HandlerFunc(s.ogcConformance))
	s.route("GET /api/ogc/collections", publicPerRule, http.HandlerFunc(s.ogcCollections))
	s.route("GET /api/ogc/collections/{id}", publicPerRule, http.HandlerFunc(s.ogcCollectionShow))
	s.route("GET /api/ogc/collections/{id}/items", publicPerRule, s.largeAnswer(http.HandlerFunc(s.ogcItems)))
	s.route("GET /api/ogc/collections/{id}/items/{fid}", publicPerRule, http.HandlerFunc(s.ogcItem))
	s.route("GET /api/ogc/collections/{id}/gpkg", publicPerRule, s.heavyOnly(s.ogcGeoPackage))
	s.route("GET /api/hsds/{$}", publicPerRule, http.HandlerFunc(s.hsdsInfo))
	s.route("GET /api/hsds/services", publicPerRule, s.largeAnswer(s.hsdsServe(s.hsdsServices)))
	s.route("GET /api/hsds/services/{id}", publicPerRule, s.hsdsServe(s.hsdsService))
	s.route("GET /api/hsds/organizations", publicPerRule, s.largeAnswer(s.hsdsServe(s.hsdsOrganizations)))
	s.route("GET /api/hsds/organizations/{id}", publicPerRule, s.hsdsServe(s.hsdsOrganization))
	s.route("GET /api/hsds/locations", publicPerRule, s.largeAnswer(s.hsdsServe(s.hsdsLocations)))
	s.route("GET /api/hsds/locations/{id}", publicPerRule, s.hsdsServe(s.hsdsLocation))
	s.route("GET /api/hsds/service_at_locations", publicPerRule, s.largeAnswer(s.hsdsServe(s.hsdsServiceAtLocations)))
	s.route("GET /api/hsds/service_at_locations/{id}", publicPerRule, s.hsdsServe(s.hsdsServiceAtLocation))
	s.route("GET /api/hsds/taxonomies", publicPerRule, s.hsdsServe(s.hsdsTaxonomies))
	s.route("GET /api/hsds/taxonomies/{id}", publicPerRule, s.hsdsServe(s.hsdsTaxonomy))
	s.route("GET /api/hsds/taxonomy_terms", publicPerRule, s.hsdsServe(s.hsdsTaxonomyTerms))
	s.route("GET /api/hsds/taxonomy_terms/{id}", publicPerRule, s.hsdsServe(s.hsdsTaxonomyTerm))
	s.route("GET /api/hsds/export.json", publicPerRule, s.hsdsExport("json"))
	s.route("GET /api/hsds/export.zip", publicPerRule, s.hsdsExport("zip"))

	s.route("GET /anmelden", public, http.HandlerFunc(s.signInForm))
	s.route("POST /anmelden", public, http.HandlerFunc(s.signIn))
	s.route("POST /abmelden", public, http.HandlerFunc(s.signOut))
	s.route("GET /anmelden/oidc", public, http.HandlerFunc(s.oidcStart))
	s.route("GET /anmelden/oidc/zurueck", public, http.HandlerFunc(s.oidcCallback))
	// The code step has a session (password done) but no actor yet.
	s.route("GET /anmelden/code", public, http.HandlerFunc(s.codeForm))
	s.route("POST /anmelden/code", public, http.HandlerFunc(s.codeCheck))
	s.route("GET /konto/zweiter-faktor", signedIn, http.HandlerFunc(s.enrollForm))
	s.route("POST /konto/zweiter-faktor", signedIn, http.HandlerFunc(s.enrollConfirm))

	// Keeping the atlas true: public suggestions, the editors' forms,
	// review queue, history and reminders.
	edit := need(quartier.PermEditAtlas)
	s.route("GET /atlas/vorschlag", public, http.HandlerFunc(s.suggestForm))
	s.route("POST /atlas/vorschlag", public, http.HandlerFunc(s.suggestSubmit))
	s.route("GET /atlas/angebote/neu", edit, http.HandlerFunc(s.offerNewForm))
	s.route("POST /atlas/angebote/neu", edit, http.HandlerFunc(s.offerSave))
	s.route("GET /atlas/angebote/{key}/bearbeiten", edit, http.HandlerFunc(s.offerEditForm))
	s.route("POST /atlas/angebote/{key}/bearbeiten", edit, http.HandlerFunc(s.offerSave))
	s.route("GET /atlas/angebote/{key}/verlauf", edit, s.entryHistory(quartier.EntityOffer))
	s.route("POST /atlas/angebote/{key}/geprueft", edit, s.entryVerify(quartier.EntityOffer))
	s.route("GET /atlas/orte/neu", edit, http.HandlerFunc(s.placeNewForm))
	s.route("POST /atlas/orte/neu", edit, http.HandlerFunc(s.placeSave))
	s.route("GET /atlas/orte/{key}/bearbeiten", edit, http.HandlerFunc(s.placeEditForm))
	s.route("POST /atlas/orte/{key}/bearbeiten", edit, http.HandlerFunc(s.placeSave))
	s.route("GET /atlas/orte/{key}/verlauf", edit, s.entryHistory(quartier.EntityPlace))
	s.route("POST /atlas/orte/{key}/geprueft", edit, s.entryVerify(quartier.EntityPlace))
	s.route("GET /atlas/pruefung", edit, http.HandlerFunc(s.reviewQueue))
	s.route("POST /atlas/pruefung/{id}/annehmen", edit, http.HandlerFunc(s.reviewAccept))
	s.route("POST /atlas/pruefung/{id}/ablehnen", edit, http.HandlerFunc(s.reviewReject))
	s.route("GET /atlas/faellig", edit, http.HandlerFunc(s.dueList))
	s.route("GET /atlas/traeger", edit, http.HandlerFunc(s.providerOptions))
	s.route("GET /atlas/orte-auswahl", edit, http.HandlerFunc(s.placeOptions))

	// The organisation of the spaces (providers, alliances, assignments,
	// teams and rooms, leadership duo); the use cases check the scope.
	org := need(quartier.PermManageSpaces)
	s.route("GET /organisation", org, http.HandlerFunc(s.orgOverview))
	s.route("GET /organisation/traeger/neu", org, http.HandlerFunc(s.providerNewForm))
	s.route("POST /organisation/traeger/neu", org, http.HandlerFunc(s.providerSave))
	s.route("GET /organisation/traeger/{code}", org, http.HandlerFunc(s.providerEditForm))
	s.route("POST /organisation/traeger/{code}", org, http.HandlerFunc(s.providerSave))
	s.route("GET /organisation/verbuende/neu", org, http.HandlerFunc(s.allianceNewForm))
	s.route("POST /organisation/verbuende/neu", org, http.HandlerFunc(s.allianceSave))
	s.route("GET /organisation/verbuende/{code}", org, http.HandlerFunc(s.allianceEditForm))
	s.route("POST /organisation/verbuende/{code}", org, http.HandlerFunc(s.allianceSave))
	s.route("GET /organisation/sozialraeume/{space}", org, http.HandlerFunc(s.orgSpace))
	s.route("POST /organisation/sozialraeume/{space}/zustaendigkeit", org, http.HandlerFunc(s.assignmentCreate))
	s.route("POST /organisation/sozialraeume/{space}/zustaendigkeit/ende", org, http.HandlerFunc(s.assignmentEnd))
	s.route("POST /organisation/sozialraeume/{space}/teams", org, http.HandlerFunc(s.teamCreate))
	s.route("POST /organisation/sozialraeume/{space}/teams/{team}", org, http.HandlerFunc(s.teamRename))
	s.route("POST /organisation/sozialraeume/{space}/teams/{team}/raeume", org, http.HandlerFunc(s.roomCreate))
	s.route("POST /organisation/sozialraeume/{space}/raeume/{room}", org, http.HandlerFunc(s.roomUpdate))
	s.route("POST /organisation/sozialraeume/{space}/raeume/{room}/entfernen", org, http.HandlerFunc(s.roomRemove))
	s.route("POST /organisation/sozialraeume/{space}/leitung", org, http.HandlerFunc(s.duoAppoint))
	s.route("POST /organisation/sozialraeume/{space}/leitung/ende", org, http.HandlerFunc(s.duoEnd))

	// Layer data in the browser: checked first, written in a second step.
	imp := need(quartier.PermImportAreas)
	s.route("GET /einspielen/gebietsstand", imp, http.HandlerFunc(s.layerUploadForm))
	s.route("POST /einspielen/gebietsstand", imp, http.HandlerFunc(s.layerUpload))
	s.route("GET /einspielen/zusammensetzung", imp, http.HandlerFunc(s.layerComposeForm))
	s.route("POST /einspielen/zusammensetzung", imp, http.HandlerFunc(s.layerCompose))
	s.route("GET /einspielen/strassenverzeichnis", imp, http.HandlerFunc(s.streetUploadForm))
	s.route("POST /einspielen/strassenverzeichnis", imp, http.HandlerFunc(s.streetUpload))

	// Social monitoring: internal values, deny by default (indicators.read).
	monRead := need(quartier.PermReadIndicators)
	s.route("GET /monitoring", monRead, http.HandlerFunc(s.monitoringList))
	s.route("GET /monitoring/karte", monRead, http.HandlerFunc(s.monitoringMap))
	s.route("GET /monitoring/karte.svg", monRead, http.HandlerFunc(s.monitoringMapSVG))
	s.route("GET /monitoring/karte.json", monRead, http.HandlerFunc(s.monitoringMapJSON))
	s.route("GET /sozialraeume/{space}/profil", monRead, http.HandlerFunc(s.spaceProfile))
	s.route("GET /monitoring/einspielen", need(quartier.PermManageIndicators), http.HandlerFunc(s.monitoringImportForm))
	s.route("POST /monitoring/einspielen", need(quartier.PermManageIndicators), http.HandlerFunc(s.monitoringImport))
	s.route("GET /monitoring/indizes/{code}", monRead, http.HandlerFunc(s.monitoringIndex))
	s.route("GET /monitoring/indizes/{code}/tabelle.csv", monRead, s.monitoringIndexExport("csv"))
	s.route("GET /monitoring/indizes/{code}/tabelle.xlsx", monRead, s.monitoringIndexExport("xlsx"))
	// The committee report is made from internal values, withheld as
	// published; publications are public.
	s.route("GET /monitoring/bericht", monRead, http.HandlerFunc(s.monitoringReportForm))
	s.route("POST /monitoring/bericht", monRead, http.HandlerFunc(s.monitoringReport))
	s.route("GET /monitoring/veroeffentlichungen", publicPerRule, http.HandlerFunc(s.monitoringPublications))
	s.route("GET /monitoring/veroeffentlichungen/{id}", publicPerRule, http.HandlerFunc(s.monitoringPublication))
	s.route("GET /monitoring/berichte/{id}", publicPerRule, s.savedReport("html"))
	s.route("GET /monitoring/berichte/{id}/bericht.pdf", publicPerRule, s.savedReport("pdf"))
	s.route("GET /monitoring/berichte/{id}/bericht.xlsx", publicPerRule, s.savedReport("xlsx"))
	s.route("GET /monitoring/verteilungen/{id}", publicPerRule, s.releasedAllocation("html"))
	s.route("GET /monitoring/verteilungen/{id}/bericht.pdf", publicPerRule, s.releasedAllocation("pdf"))
	s.route("GET /monitoring/verteilungen/{id}/bericht.xlsx", publicPerRule, s.releasedAllocation("xlsx"))
	s.budgetRoutes(signedIn)

	s.route("GET /konto", signedIn, http.HandlerFunc(s.account))
	s.route("POST /konto/ueberall-abmelden", signedIn, http.HandlerFunc(s.signOutEverywhere))
	s.route("POST /konto/api-schluessel", signedIn, http.HandlerFunc(s.tokenCreate))
	s.route("POST /konto/api-schluessel/{id}/widerrufen", signedIn, http.HandlerFunc(s.tokenRevoke))
	s.route("GET /konto/passwort", signedIn, http.HandlerFunc(s.passwordForm))
	s.route("POST /konto/passwort", signedIn, http.HandlerFunc(s.passwordChange))
	s.route("GET /berechtigungen", signedIn, http.HandlerFunc(s.permissionTable))

	// Accounts: the administration's pages (the CLI's user verbs).
	users := need(quartier.PermManageUsers)
	s.route("GET /admin/konten", users, http.HandlerFunc(s.userList))
	s.route("GET /admin/neues-konto", users, http.HandlerFunc(s.userNewForm))
	s.route("POST /admin/neues-konto", users, http.HandlerFunc(s.userCreate))
	s.route("GET /admin/konten/{login}", users, http.HandlerFunc(s.userShow))
	s.route("POST /admin/konten/{login}/name", users, http.HandlerFunc(s.userEdit))
	s.route("POST /admin/konten/{login}/sperren", users, s.userLock(true))
	s.route("POST /admin/konten/{login}/entsperren", users, s.userLock(false))
	s.route("POST /admin/konten/{login}/passwort", users, http.HandlerFunc(s.userPasswordReset))
	s.route("POST /admin/konten/{login}/zweiter-faktor", users, http.HandlerFunc(s.userSecondFactorReset))
	s.route("POST /admin/konten/{login}/berechtigungen", users, http.HandlerFunc(s.userGrant))
	s.route("POST /admin/konten/{login}/berechtigungen/{id}/beenden", users, http.HandlerFunc(s.userGrantEnd))
	s.route("GET /admin/protokoll", need(quartier.PermReadAudit), http.HandlerFunc(s.auditLog))
	s.route("GET /admin/protokoll.csv", need(quartier.PermExportAudit), http.HandlerFunc(s.auditExport))
}

// route registers a handler behind its access rule.
func (s *Server) route(pattern string, access Access, h http.Handler) {
	s.table = append(s.table, Route{Pattern: pattern, Access: access})
	if !access.Public {
		h = s.requireSignIn(access.Permission, h)
	}
	s.mux.Handle(pattern, h)
}

// Routes returns the route table (for tests and the admin page).
func (s *Server) Routes() []Route { return append([]Route(nil), s.table...) }
