package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/quartier/quartier"
)

func (t *Tx) CreateArea(ctx context.Context, a *quartier.Area) error {
	geom, err := wkb.Marshal(a.Geometry)
	if err != nil {
		return quartier.WrapError(quartier.EINVALID, err, "Geometrie von %s ist nicht speicherbar.", a.Code)
	}
	props := []byte("{}")
	if len(a.Properties) > 0 {
		if props, err = json.Marshal(a.Properties); err != nil {
			return quartier.WrapError(quartier.EINTERNAL, err, "Eigenschaften von %s.", a.Code)
		}
	}
	what := "Das Gebiet " + a.Code
	id, err := t.insert(ctx, what, t.d.Q.CreateArea, a.VersionID, a.Code, a.Name, geom, a.AreaM2, string(props))
	if err != nil {
		return err
	}
	a.ID = id
	for _, b := range a.Blocks {
		if err := t.exec(ctx, "Der Baustein "+b+" im Gebiet "+a.Code, t.d.Q.CreateAreaBlock, id, b); err != nil {
			return err
		}
	}
	return nil
}

func scanArea(r interface{ Scan(...any) error }, a *quartier.Area) error {
	var geom []byte
	var props string
	if err := r.Scan(&a.ID, &a.VersionID, &a.Code, &a.Name, &geom, &a.AreaM2, &props); err != nil {
		return err
	}
	g, err := wkb.Unmarshal(geom)
	if err != nil {
		return fmt.Errorf("area %s: geometry: %w", a.Code, err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		a.Geometry = g
	case orb.Polygon:
		a.Geometry = orb.MultiPolygon{g}
	default:
		return fmt.Errorf("area %s: stored geometry is %T", a.Code, g)
	}
	if props != "" && props != "{}" {
		if err := json.Unmarshal([]byte(props), &a.Properties); err != nil {
			return fmt.Errorf("area %s: properties: %w", a.Code, err)
		}
	}
	return nil
}

// Areas loads a version's areas and then all their blocks in a second query,
// so a layer of hundreds of areas costs two round trips, not hundreds.
func (t *Tx) Areas(ctx context.Context, versionID int64) ([]quartier.Area, error) {
	var out []quartier.Area
	byID := map[int64]int{}
	err := t.query(ctx, "Gebiete", t.d.Q.Areas, func(rows *sql.Rows) error {
		var a quartier.Area
		if err := scanArea(rows, &a); err != nil {
			return err
		}
		byID[a.ID] = len(out)
		out = append(out, a)
		return nil
	}, versionID)
	if err != nil {
		return nil, err
	}
	err = t.query(ctx, "Bausteine der Gebiete", t.d.Q.AreaBlocks, func(rows *sql.Rows) error {
		var id int64
		var b string
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Blocks = append(out[i].Blocks, b)
		}
		return nil
	}, versionID)
	return out, err
}

func (t *Tx) AreaByCode(ctx context.Context, versionID int64, code string) (*quartier.Area, error) {
	var a quartier.Area
	if err := scanArea(t.queryRow(ctx, t.d.Q.AreaByCode, versionID, code), &a); err != nil {
		return nil, t.mapErr(err, "Das Gebiet "+code)
	}
	err := t.query(ctx, "Bausteine", t.d.Q.BlocksOfArea, func(rows *sql.Rows) error {
		var b string
		if err := rows.Scan(&b); err != nil {
			return err
		}
		a.Blocks = append(a.Blocks, b)
		return nil
	}, a.ID)
	return &a, err
}
