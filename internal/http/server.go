// Package http is Quartier's web interface and JSON API: stdlib net/http
// routing, html/template pages embedded in the binary, vendored htmx and
// Leaflet, no CDN and no tile server. Handlers only translate between HTTP
// and the use cases of the contexts (internal/audit, access, spatial,
// atlas); permissions are checked there.
package http

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the zone of the pages must not depend on the host having tzdata

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/workgate"
)

//go:embed html/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Options configure the web server.
type Options struct {
	Logger *slog.Logger
	// MaxUploadBytes bounds every file upload (area check, HSDS,
	// population, bulk lookups) on top of each one's own limit; the
	// smaller holds. Forms have their own, small bounds (upload.go).
	MaxUploadBytes int64
	// Banner is shown on every page, e.g. "Demo-Daten".
	Banner string
	// OIDC enables sign-in through a municipal identity provider.
	OIDC *OIDCConfig
	// SecureCookies marks cookies Secure and uses the __Host- prefix; set it
	// when TLS ends at a proxy in front of Quartier. Requests over TLS get
	// secure cookies anyway.
	SecureCookies bool
	// TrustedProxies are the reverse proxies in front of Quartier: from
	// them the client is the rightmost X-Forwarded-For address that is not
	// a trusted proxy itself. Without them every request behind a proxy
	// has the proxy's address, and the sign-in throttle's counter of an
	// address over all accounts would be one counter for the whole city.
	TrustedProxies []netip.Prefix
	// EmbedOrigins may show /einbetten/atlas in a frame (municipal and
	// provider websites); empty: nobody.
	EmbedOrigins []string
	// PDF renders printable pages (the Wegweiser); nil or without a
	// browser, the PDF links answer 503 and the HTML page still prints.
	PDF *report.PDF
	// Land is the installation's federal state (ISO 3166-2:DE, "BE"); HSDS
	// requires a state_province in every address.
	Land string
	// PublicURL is where the installation is reached from outside
	// ("https://atlas.weimar.de"): share links and embed code are built on
	// it, never on the request's Host header, which the sender chooses
	// (and a cache could keep a link to a foreign host). Default
	// http://127.0.0.1:8080, serve's default address.
	PublicURL string
	// TimeZone shows times on pages (the audit log, history, sessions);
	// nil: Europe/Berlin. Stored times stay UTC, and so does the CSV.
	TimeZone *time.Location
	// Basemap is drawn under the Leaflet maps (ParseBasemap); nil: none,
	// the maps show outlines on a plain background and fetch nothing
	// from elsewhere.
	Basemap *Basemap
	// Attribution credits the geodata of this installation in the footer
	// and on every map ("Stadt Weimar, Sozialraumgliederung 2024"); each
	// installation has its own, the demo Berlin's.
	Attribution string
}

// ParsePublicURL checks the public base URL: http(s), a host, no query.
func ParsePublicURL(v string) (string, error) {
	u, err := url.Parse(strings.TrimRight(v, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", quartier.Errorf(quartier.EINVALID, "Öffentliche Adresse %q: erwartet wird z. B. https://atlas.example.de (Schema, Rechnername, höchstens ein Pfad).", v)
	}
	return u.String(), nil
}

// Server holds the handlers' shared state.
type Server struct {
	audit   *audit.Log
	access  *access.Service
	spatial *spatial.Service
	atlas   *atlas.Service
	// monitoring: indicators, values and indices (monitoring*.go).
	monitoring *monitoring.Service
	// budget: space budgets, their ledger and reports (budget*.go).
	budget *budget.Service
	log    *slog.Logger
	opt    Options
	pages  *pageSet
	// copyBuffers are the buffers downloads are copied through.
	copyBuffers sync.Pool
	mux         *http.ServeMux
	table       []Route
	oidc        oidcState
	start       time.Time
	csp         string // the Content-Security-Policy of every page

	// mapCache keeps the simplified WGS84 GeoJSON of each layer version;
	// versions are immutable, so an entry never goes stale.
	mapCache sync.Map // string -> []byte
	// ogcCache keeps the areas of the versions a GIS pages through.
	ogcCache versionCache
	// heavy admits the whole-layer answers built at once (heavy.go).
	heavy     chan struct{}
	heavyWait time.Duration
	// large counts the large public answers per anonymous client.
	large clientLimit
	// uploads counts the public uploads per anonymous client.
	uploads clientLimit
	// bulkWork, checkWork and largeWork bound the anonymous bulk lookups,
	// public area checks and large answers of all clients (heavy.go).
	bulkWork, checkWork, largeWork *workgate.Gate

	// allocation computes and keeps allocation proposals.
	allocation *allocation.Service
}

// New builds the server with all routes over the services of an
// installation (it uses every context).
func New(svc *services.Set, opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = spatial.ImportAreaLimits.Bytes
	}
	if opt.PublicURL == "" {
		opt.PublicURL = "http://127.0.0.1:8080"
	}
	var err error
	if opt.PublicURL, err = ParsePublicURL(opt.PublicURL); err != nil {
		return nil, err
	}
	s := &Server{audit: svc.Audit, access: svc.Access, spatial: svc.Spatial, atlas: svc.Atlas, monitoring: svc.Monitoring, budget: svc.Budget, log: opt.Logger, opt: opt, mux: http.NewServeMux(), start: time.Now(), heavy: newHeavyGate(), heavyWait: heavyWait,
		bulkWork: newBulkWork(), checkWork: newCheckWork(), largeWork: newLargeWork()}
	s.allocation = svc.Allocation
	s.csp = contentPolicy(opt.Basemap)
	if s.opt.TimeZone == nil {
		if s.opt.TimeZone, err = time.LoadLocation("Europe/Berlin"); err != nil {
			return nil, err
		}
	}
	if s.pages, err = newPageSet(s.opt.TimeZone); err != nil {
		return nil, err
	}
	if err := s.setupOIDC(context.Background()); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the server wrapped in its protections: cross-origin
// request refusal for every state-changing method (CSRF), security headers
// and panic recovery.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	return s.recoverPanic(securityHeaders(s.csp, cop.Handler(s.withActor(s.notFound(s.mux)))))
}

func assetsFS() fs.FS {
	sub, err := fs.Sub(assetFS, "assets")
	if err != nil {
		panic(err) // embedded path is fixed at compile time
	}
	return sub
}

// contentPolicy allows no inline script or style and no framing; images
// come from here, or tiles from a configured basemap. The embed view
// widens frame-ancestors to the configured origins.
func contentPolicy(b *Basemap) string {
	img := "'self' data:"
	if b != nil {
		img += " " + b.Origin
	}
	return "default-src 'self'; img-src " + img + "; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}

// securityHeaders sets a CSP without inline scripts or styles, so that even
// a name containing markup that slipped through escaping could not run.
func securityHeaders(csp string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				http.Error(w, "Interner Fehler", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
