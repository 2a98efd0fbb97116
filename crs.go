package quartier

import "fmt"

// SRID is an EPSG code. Quartier stores geometry in one projected CRS per
// installation (metres, so areas and tolerances are meaningful) and accepts
// input in any of the supported ones.
type SRID int

const (
	WGS84  SRID = 4326  // lon/lat, RFC 7946 order
	UTM32N SRID = 25832 // ETRS89 / UTM zone 32N (western Germany)
	UTM33N SRID = 25833 // ETRS89 / UTM zone 33N (eastern Germany, Berlin)
	NoSRID SRID = 0
)

// Supported reports whether the CRS is one Quartier can read and write.
func (s SRID) Supported() bool { return s == WGS84 || s == UTM32N || s == UTM33N }

// Projected reports whether the CRS is one an installation may store in.
func (s SRID) Projected() bool { return s == UTM32N || s == UTM33N }

func (s SRID) String() string { return fmt.Sprintf("EPSG:%d", int(s)) }
