package http

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/gpkg"
	"github.com/quartier/quartier/internal/ogcapi"
)

// ogcGeoPackage sends a collection as a GeoPackage (?crs=… as the items,
// default the installation's CRS): the same features and properties, for
// a GIS without a connection. Internal collections are checked by the
// use cases as the items are.
func (s *Server) ogcGeoPackage(w http.ResponseWriter, r *http.Request) {
	srid := s.spatial.SRID()
	if c := r.URL.Query().Get("crs"); c != "" {
		crs, err := ogcapi.ParseCRS(c)
		if err != nil {
			s.errorJSON(w, r, quartier.Errorf(quartier.EINVALID, "Parameter „crs“: %s", quartier.ErrorMessage(err)))
			return
		}
		srid = crs.SRID
	}
	src, rows, err := s.ogcRows(r.Context(), r.PathValue("id"), nil)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	l, err := ogcLayer(src, rows, s.spatial.SRID(), srid)
	if err != nil {
		s.errorJSON(w, r, err)
		return
	}
	s.sendGeoPackage(w, r, []gpkg.Layer{l}, fmt.Sprintf("%s-epsg%d.gpkg", gpkg.SafeName(src.id), int(srid)))
}

// ogcLayer turns features into a feature table: code and name first,
// then every other property in name order, typed by its values (a column
// of numbers is DOUBLE, one of true/false INTEGER, anything else TEXT).
func ogcLayer(src ogcSource, rows []ogcRow, from, to quartier.SRID) (gpkg.Layer, error) {
	kinds := map[string]gpkg.FieldType{}
	for _, row := range rows {
		for k, v := range row.props {
			var t gpkg.FieldType
			switch v.(type) {
			case nil:
				continue
			case float64, int:
				t = gpkg.Real
			case bool:
				t = gpkg.Integer
			default:
				t = gpkg.Text
			}
			if old, ok := kinds[k]; ok && old != t {
				t = gpkg.Text
			}
			kinds[k] = t
		}
	}
	var keys []string
	for k := range kinds {
		if k != "code" && k != "name" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	keys = append([]string{"code", "name"}, keys...)
	l := gpkg.Layer{Name: gpkg.SafeName(src.id), Title: src.id, Description: "Quartier: " + src.id, SRID: to}
	if src.mon != nil {
		l.Title, l.Description = src.title, src.desc
	}
	taken := map[string]bool{}
	for _, k := range keys {
		name := gpkg.SafeName(k)
		for i := 2; taken[name]; i++ { // "Anteil (%)" and "Anteil [%]" both become Anteil____
			name = gpkg.SafeName(k) + "_" + strconv.Itoa(i)
		}
		taken[name] = true
		t, ok := kinds[k]
		if !ok {
			t = gpkg.Text
		}
		l.Fields = append(l.Fields, gpkg.Field{Name: name, Type: t})
	}
	for _, row := range rows {
		f := gpkg.Feature{}
		if row.geom != nil {
			g, err := geo.TransformMultiPolygon(row.geom, from, to)
			if err != nil {
				return l, err
			}
			f.Geometry = g
		}
		for i, k := range keys {
			v := row.props[k]
			switch x := v.(type) {
			case bool:
				v = 0
				if x {
					v = 1
				}
			case float64, int, nil:
			case string:
			default:
				v = fmt.Sprint(x)
			}
			if l.Fields[i].Type == gpkg.Text && v != nil {
				if _, isText := v.(string); !isText {
					v = fmt.Sprint(v)
				}
			}
			f.Values = append(f.Values, v)
		}
		l.Features = append(l.Features, f)
	}
	return l, nil
}
