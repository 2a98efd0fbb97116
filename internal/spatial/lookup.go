package spatial

import (
	"context"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/streetdir"
)

// LookupPoint finds the block and the area of every layer for a coordinate
// given in any supported CRS.
func (a *Service) LookupPoint(ctx context.Context, x, y float64, srid quartier.SRID) (LookupResult, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return LookupResult{}, err
	}
	p, err := a.ToInstallation(x, y, srid)
	if err != nil {
		return LookupResult{}, err
	}
	return a.Locator().Locate(p), nil
}

// toInstallation checks a coordinate and moves it into the stored CRS.
func (a *Service) ToInstallation(x, y float64, srid quartier.SRID) (orb.Point, error) {
	if srid == quartier.NoSRID {
		srid = a.SRID()
	}
	if !srid.Supported() {
		return orb.Point{}, quartier.Errorf(quartier.EINVALID, "Koordinatensystem %s wird nicht unterstützt (4326, 25832, 25833).", srid)
	}
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return orb.Point{}, quartier.Errorf(quartier.EINVALID, "Koordinate ist keine Zahl.")
	}
	p := orb.Point{x, y}
	if err := geo.CheckRange(srid, p); err != nil {
		return orb.Point{}, quartier.WrapError(quartier.EINVALID, err, "Koordinate (%g, %g) liegt außerhalb des Bereichs von %s.", x, y, srid)
	}
	tr, err := geo.Transformer(srid, a.SRID())
	if err != nil {
		return orb.Point{}, err
	}
	return tr(p), nil
}

// Address is a postal address as typed by a user or read from a CSV.
type Address struct {
	Street   string
	HouseNo  string
	Postcode string
}

// ParseAddress splits "Straße Nr, PLZ [Ort]" as people type it. The house
// number is the last word of the part before the comma that starts with a
// digit, so "Straße des 17. Juni 100" keeps "17." in the street name.
func ParseAddress(s string) Address {
	var ad Address
	street, rest, _ := strings.Cut(s, ",")
	for _, f := range strings.Fields(rest) {
		if len(f) == 5 && strings.Trim(f, "0123456789") == "" {
			ad.Postcode = f
		}
	}
	fields := strings.Fields(street)
	for i := len(fields) - 1; i > 0; i-- {
		if fields[i][0] >= '0' && fields[i][0] <= '9' {
			ad.Street = strings.Join(fields[:i], " ")
			ad.HouseNo = strings.Join(fields[i:], " ")
			return ad
		}
	}
	ad.Street = strings.TrimSpace(street)
	return ad
}

// LookupAddress finds the block through the street directory and from there
// the area of every layer.
func (a *Service) LookupAddress(ctx context.Context, ad Address) (LookupResult, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return LookupResult{}, err
	}
	return a.LocateAddress(ctx, ad)
}

// LocateAddress is LookupAddress for contexts that have checked their own
// permission (the atlas placing a typed address, like Locator.Locate for a
// point). It reads only the entries of the address's street, by its
// normalised name (the store's primary key): a directory of a city's
// every address is never loaded whole for one answer.
func (a *Service) LocateAddress(ctx context.Context, ad Address) (LookupResult, error) {
	key := streetdir.NormalizeStreet(ad.Street)
	if key == "" {
		return LookupResult{}, quartier.Errorf(quartier.EINVALID, "Bitte eine Straße angeben.")
	}
	var es []quartier.StreetEntry
	var source string
	if err := a.store.View(ctx, func(tx Tx) (err error) {
		if es, err = tx.StreetsByKey(ctx, []string{key}); err != nil {
			return err
		}
		source, err = tx.Setting(ctx, settingStreetSource)
		return err
	}); err != nil {
		return LookupResult{}, err
	}
	st := newStreet(es)
	if st == nil {
		return LookupResult{}, streetdir.UnknownStreet(ad.Street)
	}
	m, err := st.Lookup(ad.HouseNo, ad.Postcode)
	if err != nil {
		return LookupResult{}, err
	}
	r, err := a.Locator().LocateMatch(m)
	if err == nil {
		r.Address, r.Source = entryAddress(m.Entry), source
	}
	return r, err
}

// newStreet compiles the entries of one street, nil when there are none.
func newStreet(es []quartier.StreetEntry) *streetdir.Street {
	if len(es) == 0 {
		return nil
	}
	ptrs := make([]*quartier.StreetEntry, len(es))
	for i := range es {
		ptrs[i] = &es[i]
	}
	return streetdir.NewStreet(ptrs)
}

// LocateMatch answers for an address the street directory found: its
// block's areas, and where the entry has the address's own point, that
// point (imported layers are asked there rather than somewhere in the
// block).
func (l *Locator) LocateMatch(m streetdir.Match) (LookupResult, error) {
	bi, ok := l.blockByCode[m.Block]
	if !ok {
		return LookupResult{}, unknownBlock(m.Block)
	}
	p := l.blockPoint[bi]
	if m.Point {
		p = orb.Point{m.Entry.X, m.Entry.Y}
	}
	r := l.locateBlockAt(bi, p)
	r.Exact = m.Point
	return r, nil
}

func unknownBlock(code string) error {
	return quartier.Errorf(quartier.ENOTFOUND, "Das Straßenverzeichnis nennt Baustein %s, den die aktuelle Bausteinebene nicht enthält.", code)
}

// entryAddress is the directory's spelling of the address found:
// "Ackerstraße 1, 10115 Mitte".
func entryAddress(e *quartier.StreetEntry) string {
	s := e.Street
	if e.From != "" && e.From == e.To {
		s += " " + e.From
	}
	place := strings.TrimSpace(e.Postcode + " " + e.District)
	if place != "" {
		s += ", " + place
	}
	return s
}
