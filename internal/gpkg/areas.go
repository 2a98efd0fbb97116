package gpkg

import (
	"math"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// AreaLayer is a Gebietsstand of a layer as a feature table in srid, with
// the attributes of the GeoJSON download.
func AreaLayer(l *quartier.Layer, v *quartier.Version, areas []quartier.Area, from, srid quartier.SRID) (Layer, error) {
	date := v.ReferenceDate.Format(quartier.DateLayout)
	out := Layer{Name: SafeName(l.Code), Title: l.Name + " (Gebietsstand " + v.ReferenceDate.Format("02.01.2006") + ")",
		Description: "Quartier: Ebene " + l.Code + ", Gebietsstand " + date, SRID: srid,
		Fields: []Field{{"code", Text}, {"name", Text}, {"layer", Text}, {"reference_date", Text}, {"valid_from", Text}, {"valid_to", Text}, {"area_m2", Real}, {"blocks", Text}}}
	var validTo any
	if v.ValidTo != nil {
		validTo = v.ValidTo.Format(quartier.DateLayout)
	}
	for _, a := range areas {
		g, err := geo.TransformMultiPolygon(a.Geometry, from, srid)
		if err != nil {
			return Layer{}, err
		}
		var blocks any
		if len(a.Blocks) > 0 {
			blocks = strings.Join(a.Blocks, ",")
		}
		out.Features = append(out.Features, Feature{Geometry: g,
			Values: []any{a.Code, a.Name, l.Code, date, v.ValidFrom.Format(quartier.DateLayout), validTo, math.Round(a.AreaM2*10) / 10, blocks}})
	}
	return out, nil
}

// SafeName turns a code or a column title into a table or column name:
// letters, digits and _ (layer codes hold "-", column titles spaces and
// umlauts), not starting with a digit, at most 63 bytes.
func SafeName(code string) string {
	var b []byte
	for _, c := range code {
		switch c {
		case 'ä':
			b = append(b, "ae"...)
		case 'ö':
			b = append(b, "oe"...)
		case 'ü':
			b = append(b, "ue"...)
		case 'Ä':
			b = append(b, "Ae"...)
		case 'Ö':
			b = append(b, "Oe"...)
		case 'Ü':
			b = append(b, "Ue"...)
		case 'ß':
			b = append(b, "ss"...)
		default:
			if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				b = append(b, byte(c))
			} else {
				b = append(b, '_')
			}
		}
	}
	if len(b) == 0 || b[0] >= '0' && b[0] <= '9' {
		b = append([]byte("l_"), b...)
	}
	if len(b) > 63 {
		b = b[:63]
	}
	return string(b)
}
