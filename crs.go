package quartier

import (
	"fmt"
	"strconv"
	"strings"
)

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

// ParseSRID reads a CRS as people, files and web services write it:
// "25832", "EPSG:25832", "urn:ogc:def:crs:EPSG::25832" (also with a version,
// "EPSG:6.6:25832"), "http://www.opengis.net/def/crs/EPSG/0/25832", and
// "CRS84" or "urn:ogc:def:crs:OGC:1.3:CRS84" for WGS84 in lon/lat order. A
// CRS Quartier cannot read is refused by name.
func ParseSRID(s string) (SRID, error) {
	n := strings.ToUpper(strings.TrimSpace(s))
	if strings.HasSuffix(n, "CRS84") {
		return WGS84, nil
	}
	i := len(n)
	for i > 0 && n[i-1] >= '0' && n[i-1] <= '9' {
		i--
	}
	prefix := n[:i]
	code, err := strconv.Atoi(n[i:])
	if err != nil || (prefix != "" && !strings.HasSuffix(strings.TrimRight(prefix, ":/ "), "EPSG") && !strings.Contains(prefix, "EPSG:") && !strings.Contains(prefix, "/EPSG/")) {
		return NoSRID, Errorf(EINVALID, "„%s“ ist kein Koordinatensystem (z. B. 25832, EPSG:25832 oder urn:ogc:def:crs:EPSG::25832).", strings.TrimSpace(s))
	}
	srid := SRID(code)
	if !srid.Supported() {
		return NoSRID, Errorf(EINVALID, "Koordinatensystem %s wird nicht unterstützt (EPSG:4326, 25832, 25833).", srid)
	}
	return srid, nil
}
