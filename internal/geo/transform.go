// Package geo is Quartier's geometry toolkit: streaming GeoJSON reading,
// CRS transforms between WGS84 and ETRS89/UTM, validation with located
// problems, union of blocks and the point-in-polygon index behind lookups.
package geo

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
)

// GRS80, the ellipsoid of ETRS89. For the purpose of municipal planning the
// difference between ETRS89 and WGS84 (< 1 m) is ignored, as every German
// geoportal does when it offers "WGS84" downloads of ETRS89 data.
const (
	grs80A = 6378137.0
	grs80F = 1 / 298.257222101
	utmK0  = 0.9996
	utmE0  = 500000.0
)

// tm holds the Krüger series coefficients (Karney 2011, to n⁶), accurate to
// well below a millimetre within a UTM zone and its usual German extension.
type tm struct {
	a, n, e     float64
	alpha, beta [7]float64 // index 1..6
	delta       [7]float64 // conformal → geodetic latitude
}

var krueger = newTM()

func newTM() *tm {
	f := grs80F
	n := f / (2 - f)
	n2, n3 := n*n, n*n*n
	n4, n5, n6 := n2*n2, n2*n3, n3*n3
	t := &tm{n: n, e: math.Sqrt(f * (2 - f))}
	t.a = grs80A / (1 + n) * (1 + n2/4 + n4/64 + n6/256)
	t.alpha = [7]float64{0,
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	t.beta = [7]float64{0,
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	t.delta = [7]float64{0,
		2*n - 2*n2/3 - 2*n3 + 116*n4/45 + 26*n5/45 - 2854*n6/675,
		7*n2/3 - 8*n3/5 - 227*n4/45 + 2704*n5/315 + 2323*n6/945,
		56*n3/15 - 136*n4/35 - 1262*n5/105 + 73814*n6/2835,
		4279*n4/630 - 332*n5/35 - 399572*n6/14175,
		4174*n5/315 - 144838*n6/6237,
		601676 * n6 / 22275,
	}
	return t
}

func centralMeridian(s quartier.SRID) float64 {
	if s == quartier.UTM32N {
		return 9
	}
	return 15
}

// toUTM projects lon/lat (degrees) to easting/northing of the zone whose
// central meridian is lon0.
func (t *tm) toUTM(lon, lat, lon0 float64) (float64, float64) {
	phi := lat * math.Pi / 180
	lam := (lon - lon0) * math.Pi / 180
	sp := math.Sin(phi)
	tau := math.Sinh(math.Atanh(sp) - t.e*math.Atanh(t.e*sp))
	xi := math.Atan2(tau, math.Cos(lam))
	eta := math.Atanh(math.Sin(lam) / math.Sqrt(1+tau*tau))
	x, y := eta, xi
	for j := 1; j <= 6; j++ {
		jj := 2 * float64(j)
		x += t.alpha[j] * math.Cos(jj*xi) * math.Sinh(jj*eta)
		y += t.alpha[j] * math.Sin(jj*xi) * math.Cosh(jj*eta)
	}
	return utmE0 + utmK0*t.a*x, utmK0 * t.a * y
}

// fromUTM is the inverse of toUTM.
func (t *tm) fromUTM(e, n, lon0 float64) (float64, float64) {
	xi := n / (utmK0 * t.a)
	eta := (e - utmE0) / (utmK0 * t.a)
	xi1, eta1 := xi, eta
	for j := 1; j <= 6; j++ {
		jj := 2 * float64(j)
		xi1 -= t.beta[j] * math.Sin(jj*xi) * math.Cosh(jj*eta)
		eta1 -= t.beta[j] * math.Cos(jj*xi) * math.Sinh(jj*eta)
	}
	chi := math.Asin(math.Sin(xi1) / math.Cosh(eta1))
	phi := chi
	for j := 1; j <= 6; j++ {
		phi += t.delta[j] * math.Sin(2*float64(j)*chi)
	}
	lam := math.Atan2(math.Sinh(eta1), math.Cos(xi1))
	return lon0 + lam*180/math.Pi, phi * 180 / math.Pi
}

// Transformer returns a function moving points from one supported CRS to
// another (identity when they are equal).
func Transformer(from, to quartier.SRID) (func(orb.Point) orb.Point, error) {
	for _, s := range []quartier.SRID{from, to} {
		if !s.Supported() {
			return nil, quartier.Errorf(quartier.EINVALID, "Koordinatensystem %s wird nicht unterstützt (EPSG:4326, 25832, 25833).", s)
		}
	}
	switch {
	case from == to:
		return func(p orb.Point) orb.Point { return p }, nil
	case from == quartier.WGS84:
		lon0 := centralMeridian(to)
		return func(p orb.Point) orb.Point {
			x, y := krueger.toUTM(p[0], p[1], lon0)
			return orb.Point{x, y}
		}, nil
	case to == quartier.WGS84:
		lon0 := centralMeridian(from)
		return func(p orb.Point) orb.Point {
			lon, lat := krueger.fromUTM(p[0], p[1], lon0)
			return orb.Point{lon, lat}
		}, nil
	}
	from0, to0 := centralMeridian(from), centralMeridian(to)
	return func(p orb.Point) orb.Point {
		lon, lat := krueger.fromUTM(p[0], p[1], from0)
		x, y := krueger.toUTM(lon, lat, to0)
		return orb.Point{x, y}
	}, nil
}

// TransformMultiPolygon returns a transformed copy of mp.
func TransformMultiPolygon(mp orb.MultiPolygon, from, to quartier.SRID) (orb.MultiPolygon, error) {
	tr, err := Transformer(from, to)
	if err != nil {
		return nil, err
	}
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			r := make(orb.Ring, len(ring))
			for k, p := range ring {
				r[k] = tr(p)
			}
			out[i][j] = r
		}
	}
	return out, nil
}

// Valid coordinate ranges. The UTM bands cover Germany in either zone
// including the customary extension across the zone border (Berlin and
// Brandenburg in 33N reach well west of 12°E), with a margin.
const (
	utmMinE, utmMaxE = 100000.0, 1000000.0
	utmMinN, utmMaxN = 5000000.0, 6500000.0
)

// CheckRange reports a coordinate outside the area of use of its CRS, the
// typical symptom of a wrong CRS (lon/lat read as metres, swapped axes,
// Gauß-Krüger with zone prefix).
func CheckRange(srid quartier.SRID, p orb.Point) error {
	x, y := p[0], p[1]
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return quartier.Errorf(quartier.EINVALID, "Koordinate ist keine endliche Zahl.")
	}
	switch srid {
	case quartier.WGS84:
		if x < -180 || x > 180 || y < -90 || y > 90 {
			return quartier.Errorf(quartier.EINVALID, "(%g, %g) liegt außerhalb von Länge −180…180 / Breite −90…90 (EPSG:4326).", x, y)
		}
		return nil
	case quartier.UTM32N, quartier.UTM33N:
		if x < utmMinE || x > utmMaxE || y < utmMinN || y > utmMaxN {
			return quartier.Errorf(quartier.EINVALID, "(%.2f, %.2f) liegt außerhalb des Gültigkeitsbereichs von %s für Deutschland (Rechtswert %.0f–%.0f, Hochwert %.0f–%.0f); falsches Koordinatensystem?",
				x, y, srid, utmMinE, utmMaxE, utmMinN, utmMaxN)
		}
		return nil
	}
	return quartier.Errorf(quartier.EINVALID, "Koordinatensystem %s wird nicht unterstützt.", srid)
}
