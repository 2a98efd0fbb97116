package quartier

import "testing"

func TestParseSRID(t *testing.T) {
	for in, want := range map[string]SRID{
		"25832": UTM32N, " EPSG:25832 ": UTM32N, "epsg:25833": UTM33N, "EPSG::25832": UTM32N,
		"urn:ogc:def:crs:EPSG::25832": UTM32N, "urn:ogc:def:crs:EPSG:6.6:25833": UTM33N,
		"http://www.opengis.net/def/crs/EPSG/0/25832": UTM32N, "4326": WGS84, "EPSG:4326": WGS84,
		"CRS84": WGS84, "urn:ogc:def:crs:OGC:1.3:CRS84": WGS84, "EPSG 25832": UTM32N, "EPSG25832": UTM32N,
	} {
		if got, err := ParseSRID(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "EPSG:", "3857", "EPSG:31468", "ETRS89", "25832x", "XYZ:25832", "EPSGX25832", "urn:ogc:def:crs:EPSG::3857"} {
		if got, err := ParseSRID(bad); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("%q accepted as %v (%v)", bad, got, err)
		}
	}
}
