package http

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/quartier/quartier"
)

// Basemap is a background map under the areas and places of the Leaflet
// maps: a tile service (XYZ, or WMTS in its REST form) or a WMS. It is
// off unless configured, so the demo and offline installations fetch
// nothing from elsewhere; when on, every visitor's browser asks the
// service for tiles, which is why its origin is named in the CSP.
type Basemap struct {
	// URL is the tile template with {z}, {x}, {y} (and optionally {s},
	// {r}, {-y}), or for a WMS the service's base URL.
	URL string
	// Layers makes it a WMS: the layers of GetMap, comma-separated.
	Layers string
	// Attribution is shown on the map, as the service's licence demands.
	Attribution string
	// Origin is where the tiles come from, for the CSP's img-src
	// (https://*.tile.example.org when the host holds {s}).
	Origin string
}

// Kind is "wms" or "tiles", as the maps' script reads it.
func (b *Basemap) Kind() string {
	if b.Layers != "" {
		return "wms"
	}
	return "tiles"
}

// ParseBasemap checks the basemap settings (QUARTIER_BASEMAP_URL,
// QUARTIER_BASEMAP_WMS_LAYERS, QUARTIER_BASEMAP_ATTRIBUTION): all empty
// means none. Each fault names its variable.
func ParseBasemap(rawURL, layers, attribution string) (*Basemap, error) {
	rawURL, layers, attribution = strings.TrimSpace(rawURL), strings.TrimSpace(layers), strings.TrimSpace(attribution)
	if rawURL == "" {
		if layers != "" || attribution != "" {
			return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_URL fehlt: ohne die Adresse des Kartendienstes bleiben QUARTIER_BASEMAP_WMS_LAYERS und QUARTIER_BASEMAP_ATTRIBUTION ohne Wirkung.")
		}
		return nil, nil
	}
	// A WMTS capabilities document names the placeholders of its
	// ResourceURL template differently from Leaflet.
	wmts := strings.NewReplacer("{TileMatrix}", "{z}", "{TileRow}", "{y}", "{TileCol}", "{x}")
	b := &Basemap{URL: wmts.Replace(rawURL), Layers: layers, Attribution: attribution}
	found := map[string]bool{}
	for _, p := range regexp.MustCompile(`\{[^}]*\}`).FindAllString(b.URL, -1) {
		switch p {
		case "{z}", "{x}", "{y}", "{-y}", "{s}", "{r}":
			found[p] = true
		default:
			return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_URL: der Platzhalter %s ist unbekannt; erlaubt sind {z}, {x}, {y} (WMTS: {TileMatrix}, {TileCol}, {TileRow}), {s} und {r}. Feste Teile einer WMTS-Vorlage wie {Style} oder {TileMatrixSet} bitte einsetzen.", p)
		}
	}
	tiles := len(found) > 0
	switch {
	case layers == "" && !(found["{z}"] && found["{x}"] && (found["{y}"] || found["{-y}"])):
		return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_URL %q: eine Kachelvorlage braucht {z}, {x} und {y} (z. B. https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png); für einen WMS QUARTIER_BASEMAP_WMS_LAYERS setzen.", rawURL)
	case layers != "" && tiles:
		return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_URL %q: ein WMS (QUARTIER_BASEMAP_WMS_LAYERS ist gesetzt) wird mit seiner Dienstadresse ohne Platzhalter angegeben.", rawURL)
	}
	if attribution == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_ATTRIBUTION fehlt: Kartendienste verlangen einen Quellenvermerk (z. B. „© basemap.de / BKG“).")
	}
	if len([]rune(attribution)) > 300 || strings.IndexFunc(attribution, unicode.IsControl) >= 0 {
		return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_ATTRIBUTION: höchstens 300 Zeichen in einer Zeile.")
	}
	// The host may hold {s} (a.tile…, b.tile…); the CSP names them all.
	_, rest, _ := strings.Cut(b.URL, "://")
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	u, err := url.Parse(strings.ReplaceAll(b.URL, "{s}", "a"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" ||
		strings.ContainsAny(host, "*;'\" ") || strings.Contains(host, "{") && !strings.HasPrefix(host, "{s}.") {
		return nil, quartier.Errorf(quartier.EINVALID, "QUARTIER_BASEMAP_URL %q: erwartet wird eine http(s)-Adresse mit Rechnernamen ({s} höchstens als erster Teil des Namens).", rawURL)
	}
	b.Origin = u.Scheme + "://" + strings.Replace(host, "{s}", "*", 1)
	return b, nil
}
