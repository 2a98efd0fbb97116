package spatial

import (
	"context"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
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
		srid = a.srid
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
	tr, err := geo.Transformer(srid, a.srid)
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
	return a.Locator().LocateAddress(ad)
}

// LocateAddress answers for an address from the street directory.
func (l *Locator) LocateAddress(ad Address) (LookupResult, error) {
	block, _, ok := l.streets.Lookup(ad.Street, ad.HouseNo, ad.Postcode)
	if !ok {
		return LookupResult{}, quartier.Errorf(quartier.ENOTFOUND,
			"Die Adresse %s %s %s steht nicht im Straßenverzeichnis.", ad.Street, ad.HouseNo, ad.Postcode)
	}
	r, ok := l.LocateBlock(block)
	if !ok {
		return LookupResult{}, quartier.Errorf(quartier.ENOTFOUND,
			"Das Straßenverzeichnis nennt Baustein %s, den die aktuelle Bausteinebene nicht enthält.", block)
	}
	return r, nil
}
