package http

import (
	"html/template"
	"net/url"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/spatial"
)

// Page data. Every page has a struct of its own, named after its
// template, so a template's fields are checked against one type rather
// than looked up in a map; each embeds page, what the layout needs.

// page is what the layout and every page share; render fills all but
// Title and Partial.
type page struct {
	Title  string
	Banner string
	Actor  *quartier.Actor
	Path   string
	// Installation is the installation's projected CRS (EPSG code), the
	// default of every coordinate form.
	Installation int
	Nav          []navGroup // the header's links as Actor sees them (nav.go)
	// Basemap is the configured background of the Leaflet maps, nil: none.
	Basemap *Basemap
	// Attribution credits the installation's geodata (Options.Attribution).
	Attribution string
	// Partial is the block an htmx request gets instead of "content".
	Partial string
}

func (p *page) layout() *page { return p }

// pageData is the data of a page; render fills its layout part.
type pageData interface{ layout() *page }

func titled(title string) page { return page{Title: title} }

type errorView struct {
	page
	Message  string
	Problems []quartier.Problem
}

// Accounts and sign-in.

type signInView struct {
	page
	Next, Login, Error string
	OIDC               string // the identity provider's button, "" without one
}

type codeView struct {
	page
	Next, Error string
}

type enrollView struct {
	page
	Enrollment *access.Enrollment
	Required   bool // the role demands a second factor before anything else
	Error      string
	Codes      []string // recovery codes, shown once after enrolment
}

type accountView struct {
	page
	Own      *access.OwnAccount
	Sessions []quartier.Session
	Tokens   []quartier.APIToken
	Notice   string // what was just done, from the redirect
	// NewToken is the API token just made, shown this once.
	NewToken   string
	TokenForm  tokenForm
	Errors     *formErrors
	OGC        string // the OGC API address to paste into a GIS
	MaxDays    int
	TokenPerms []quartier.Permission
}

// tokenForm is what was typed into the API token form.
type tokenForm struct {
	Name string
	Days string
}

// passwordView is the person's own change of password.
type passwordView struct {
	page
	Own    *access.OwnAccount
	Next   string // where to go after a change the sign-in asked for
	Errors *formErrors
}

type permissionsView struct {
	page
	Table []quartier.PermissionInfo
	Roles []quartier.Role
}

type usersView struct {
	page
	Users []userRow
}

// userRow is an account in the list, its grants with names.
type userRow struct {
	access.UserInfo
	Grants []grantRow
}

// grantRow is a grant as the account pages show it: the scope's spaces,
// team or provider by name, codes as secondary text.
type grantRow struct {
	access.GrantInfo
	Scope scopeLabel
}

type scopeLabel struct {
	Kind  string // "alle Sozialräume", "Sozialräume", "Team", "Träger"
	Items []named
}

type named struct{ Name, Code string }

// grantFields are the inputs of a new grant, shared by the account forms.
type grantFields struct {
	Form    grantForm
	Choices *access.GrantChoices
	Errors  *formErrors
}

type userNewView struct {
	page
	Account accountForm
	Grant   grantFields
	Errors  *formErrors
}

// userView is one account: facts, the edit of name and e-mail, what the
// administrator may do with it, its grants, a new grant.
type userView struct {
	page
	Info   *access.UserInfo
	Grants []grantRow
	Edit   accountForm
	Grant  grantFields
	Today  string // the default end of a grant, ISO
	Errors *formErrors
	Done   string // what was just done, from the redirect
}

// initialPasswordView shows a generated initial password, once.
type initialPasswordView struct {
	page
	Login, Name, Password string
	Days                  int // how long it lasts unused
}

type auditView struct {
	page
	Zone     string // the zone of the times shown
	Params   url.Values
	Entries  []quartier.AuditEntry
	NextPage string
}

// Layers, areas, lookup.

type mapView struct {
	page
	Params  url.Values
	Layers  []spatial.LayerInfo
	Initial string // the layer shown first
}

type layersView struct {
	page
	Layers []spatial.LayerInfo
}

type layerView struct {
	page
	Info     spatial.LayerInfo
	Areas    []spatial.AreaRef
	Problems []quartier.Problem
}

type areaView struct {
	page
	Detail *spatial.AreaDetail
	Duo    []quartier.Leadership // the leadership duo in office today
	// OffersIn are the atlas's offers in the area's social space; nil for
	// areas that are no space and lie in none.
	OffersIn *spaceOffers
}

// spaceOffers is how many offers the atlas shows for a social space.
type spaceOffers struct {
	Space spatial.AreaRef
	Count int
}

type lookupView struct {
	page
	Params url.Values
	Result *spatial.LookupResult
	Error  string
}

type importView struct {
	page
	MaxBytes, MaxVertices, LimitHint string
	Error                            string
	File                             string
	Report                           *spatial.ImportReport
}

// The organisation of the spaces (for whoever maintains it).

type orgView struct {
	page
	Org      *spatial.Organisation
	Involved map[string]bool // providers in an assignment, alliance or team
	All      bool            // every provider listed, not only the involved
	Saved    string
}

// orgSpaceView is the organisation of one space with its forms. Form holds
// every input by id, as stored or, in the form that failed, as typed;
// Errors are that form's findings.
type orgSpaceView struct {
	page
	Org    *spatial.Organisation
	Space  *spatial.SpaceOrganisation
	Form   url.Values
	Errors *formErrors
	Saved  string
	SRID   int
}

// orgProviderView is the form of a new or an existing provider.
type orgProviderView struct {
	page
	New    bool
	Code   string
	Org    *spatial.Organisation
	Form   url.Values
	Errors *formErrors
	Saved  bool
}

// orgAllianceView is the form of a new or an existing alliance: one row
// per membership period (with empty rows to add one).
type orgAllianceView struct {
	page
	New     bool
	Code    string
	Org     *spatial.Organisation
	Form    url.Values
	Rows    []memberRow
	Current []quartier.AllianceMember // members today, lead first
	Errors  *formErrors
	Saved   bool
}

// memberRow is a membership in the alliance form. One that began before
// today keeps provider, start and lead (only an end may be set); one that
// ended before today stays as it is.
type memberRow struct {
	spatial.SetupMembership
	Began, Ended bool
	Period       string // the stored period in words, for rows that are history
}

// layerUploadView is one of the three uploads of layer data (a
// Gebietsstand from GeoJSON, a layer composed from a block table, the
// street directory), checked first and written in a second step.
type layerUploadView struct {
	page
	Layers   []spatial.LayerInfo // the layers the file may go to
	Form     url.Values          // as typed
	Errors   *formErrors
	MaxBytes string
	File     string
	Token    string // of a clean check of File with these settings
	Notice   string
	Report   *spatial.ImportReport
	Streets  *spatial.StreetReport
}

// The atlas.

type atlasView struct {
	page
	Params       url.Values
	Result       *atlas.SearchResult
	Facets, Hits template.HTML // written in Go (atlas_fragments.go)
	Chosen       int           // filters chosen (facet values and an exact age)
	Origin       *atlas.Origin
	OriginLonLat string // "lon,lat" of Origin for the map's marker
	OriginError  string
	Radii        []int
	Radius       string
	SpaceLayer   string
	Pages        []int
	MapQuery     string       // the query of the map's points
	Query        template.URL // "?…" of the current search, for links
	Prev, Next   template.URL
	Last         template.URL
}

type embedView struct {
	page
	Params           url.Values
	Result           *atlas.SearchResult
	Hits             template.HTML
	Preset           url.Values // the filters the embedding site fixed
	Full             string     // the same search in the full atlas
	Prev, Next, Last template.URL
}

type embedCodeView struct {
	page
	Snippet, Src string
	Origins      []string
}

type offerView struct {
	page
	Detail      *atlas.OfferDetail
	Share, Mail string
}

type placeView struct {
	page
	Detail *atlas.PlaceDetail
}

type guideView struct {
	page
	Guide *atlas.Guide
}

// guidesView lists the spaces to choose a Wegweiser from.
type guidesView struct {
	page
	Spaces []quartier.Space
}

// guideDocView is the guide as the PDF's whole document.
type guideDocView struct {
	Guide *atlas.Guide
	CSS   template.CSS
}

type planningView struct {
	page
	Params   url.Values
	Query    template.URL
	Gap      *atlas.GapReport
	Topic    string // the topic of the map and the list of spaces without
	PopError string // the population upload's
	Problems []quartier.Problem
}

type exchangeView struct {
	page
	Limit    string
	Error    string
	Problems []quartier.Problem
	File     string
	Counts   *exchangeCounts // what the file holds
	Warnings []quartier.Problem
	Checked  bool // only checked, nothing written
	Report   *atlas.ImportReport
}

type exchangeCounts struct{ Providers, Places, Offers int }

type settingsView struct {
	page
	Settings           *atlas.Settings
	Saved              string // what was saved, from the redirect
	Synonyms, Taxonomy string // as stored or as typed
	SynError, TaxError string
}

type reviewView struct {
	page
	Items    []atlas.ReviewItem
	Status   quartier.SuggestionStatus
	Statuses []quartier.SuggestionStatus
	Errors   map[int64]string // by suggestion
	Done     int64
}

type historyView struct {
	page
	Kind    quartier.EntityKind
	Key     string
	Entries []atlas.HistoryEntry
}

type dueView struct {
	page
	List   *atlas.DueList
	Params url.Values
	Spaces []quartier.Space
	Pages  []int
	Done   string // the key just verified
}

// The forms.

// entryForm is what the offer and place forms share: the heading, the
// key, the provider choice, duplicate warnings, the suggestion being
// accepted and the save bar.
type entryForm struct {
	page
	New        bool
	Key        string
	Action     string // where the form posts
	Saved      bool
	Errors     *formErrors
	Choices    *atlas.EditChoices
	Suggestion *atlas.ReviewItem // accepted by saving, nil for a plain edit
	Similar    []atlas.SimilarEntry
	Art        string // "angebot" or "ort": which form an acceptance carries
	EntityKind quartier.EntityKind
}

type offerFormView struct {
	entryForm
	Form       offerForm
	Draft      *atlas.OfferDraft
	PlaceNames map[string]string // by key, for the chosen places
}

type placeFormView struct {
	entryForm
	Form placeForm
	SRID int
	// SpaceLayer's outlines are the map picker's context ("" before one is imported).
	SpaceLayer string
}

type suggestView struct {
	page
	Errors     *formErrors
	Form       url.Values // as typed
	Kind       string
	EntityKind quartier.EntityKind
	EntityKey  string
	EntityName string
}

type suggestDoneView struct {
	page
	ID int64
}
