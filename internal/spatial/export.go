package spatial

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/paulmach/orb/geojson"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/geo"
)

// currentAreas loads the layer and the areas of its current version.
func (a *Service) currentAreas(ctx context.Context, layerCode string) (*quartier.Layer, *quartier.Version, []quartier.Area, error) {
	var (
		l     *quartier.Layer
		v     *quartier.Version
		areas []quartier.Area
	)
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if l, v, err = layerVersion(ctx, tx, layerCode); err != nil {
			return err
		}
		areas, err = tx.Areas(ctx, v.ID)
		return err
	})
	return l, v, areas, err
}

// ExportGeoJSON writes the current version of a layer as a FeatureCollection
// in the chosen CRS. WGS84 output follows RFC 7946 (no crs member); projected
// output carries the legacy crs member that GIS tools still read. Layers are
// open data; the download is audited (anonymous ones tallied).
func (a *Service) ExportGeoJSON(ctx context.Context, layerCode string, srid quartier.SRID, w io.Writer) error {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return err
	}
	if srid == quartier.NoSRID {
		srid = a.SRID()
	}
	if !srid.Supported() {
		return quartier.Errorf(quartier.EINVALID, "Koordinatensystem %s wird nicht unterstützt.", srid)
	}
	l, v, areas, err := a.currentAreas(ctx, layerCode)
	if err != nil {
		return err
	}
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionLayerExport, ObjectType: "layer", ObjectID: l.Code, Detail: fmt.Sprintf("GeoJSON EPSG:%d", int(srid))}); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `{"type":"FeatureCollection","name":%q,`, l.Code)
	if srid != quartier.WGS84 {
		fmt.Fprintf(bw, `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}},`, int(srid))
	}
	bw.WriteString(`"features":[`)
	for i, ar := range areas {
		g, err := geo.TransformMultiPolygon(ar.Geometry, a.SRID(), srid)
		if err != nil {
			return err
		}
		f := geojson.NewFeature(g)
		f.Properties["code"] = ar.Code
		f.Properties["name"] = ar.Name
		f.Properties["layer"] = l.Code
		f.Properties["area_m2"] = roundTo(ar.AreaM2, 1)
		f.Properties["reference_date"] = v.ReferenceDate.Format(quartier.DateLayout)
		if len(ar.Blocks) > 0 {
			f.Properties["blocks"] = ar.Blocks
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

func roundTo(x float64, decimals int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', decimals, 64), 64)
	return f
}

// ExportBlockTable writes the block→area table of a layer as CSV with ';'
// and German headers, the form the Zuordnungstabelle import reads back.
// For a layer with its own geometry each block is placed by a point inside it.
func (a *Service) ExportBlockTable(ctx context.Context, layerCode string, w io.Writer) error {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return err
	}
	l, _, areas, err := a.currentAreas(ctx, layerCode)
	if err != nil {
		return err
	}
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionLayerExport, ObjectType: "layer", ObjectID: l.Code, Detail: "Baustein-Zuordnung (CSV)"}); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	cw.Write([]string{"baustein", "gebiet", "name"})
	switch l.Kind {
	case quartier.LayerComposed:
		for _, ar := range areas {
			for _, b := range ar.Blocks {
				cw.Write([]string{b, ar.Code, ar.Name})
			}
		}
	default:
		loc := a.Locator()
		blockLayer := ""
		if loc.block >= 0 {
			blockLayer = loc.layers[loc.block].layer.Code
		}
		_, _, blocks, err := a.currentAreas(ctx, blockLayer)
		if err != nil {
			return err
		}
		owners := placeBlocks(blocks, areas)
		names := make(map[string]string, len(areas))
		for _, ar := range areas {
			names[ar.Code] = ar.Name
		}
		for _, b := range blocks {
			cw.Write([]string{b.Code, owners[b.Code], names[owners[b.Code]]})
		}
	}
	return cw.Flush()
}
