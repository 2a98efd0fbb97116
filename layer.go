package quartier

import (
	"context"
	"time"

	"github.com/paulmach/orb"
)

// LayerKind says where a layer's geometry comes from.
type LayerKind string

const (
	// LayerBlock is the layer of blocks (Bausteine): the smallest units from
	// which composed layers are built. An installation has exactly one.
	LayerBlock LayerKind = "block"
	// LayerComposed areas are sets of block codes; their geometry is the union
	// of their blocks, computed and never drawn by hand (Baukasten Planungsraum).
	LayerComposed LayerKind = "composed"
	// LayerImported areas carry their own geometry (e.g. a school district map
	// from another department) and are checked for overlaps and gaps.
	LayerImported LayerKind = "imported"
)

// Label is the kind as the layer pages name it.
func (k LayerKind) Label() string {
	switch k {
	case LayerBlock:
		return "Bausteine"
	case LayerComposed:
		return "aus Bausteinen zusammengesetzt"
	}
	return "eigene Geometrie"
}

func (k LayerKind) Valid() bool {
	return k == LayerBlock || k == LayerComposed || k == LayerImported
}

// Layer (Ebene, Raumgliederung) is one way of cutting the territory.
type Layer struct {
	ID   int64     `json:"-"`
	Code string    `json:"code"` // stable short key, e.g. "plr", "bzr", "space"
	Name string    `json:"name"` // German display name
	Kind LayerKind `json:"kind"`
	// Space marks the layer of social spaces (Sozialräume). At most one.
	Space bool `json:"space"`
	// Position orders layers in the UI and in lookup answers (blocks first).
	Position int `json:"position"`
}

// Validate checks the fields a layer must have.
func (l *Layer) Validate() error {
	if !validCode(l.Code) {
		return Errorf(EINVALID, "Ebenen-Code %q ist ungültig (erlaubt: a–z, 0–9, -, _; höchstens 40 Zeichen).", l.Code)
	}
	if l.Name == "" {
		return Errorf(EINVALID, "Die Ebene %s braucht einen Namen.", l.Code)
	}
	if !l.Kind.Valid() {
		return Errorf(EINVALID, "Unbekannte Ebenenart %q.", l.Kind)
	}
	if l.Space && l.Kind == LayerBlock {
		return Errorf(EINVALID, "Die Bausteinebene kann nicht zugleich Sozialraumebene sein.")
	}
	return nil
}

// Version (Gebietsstand) is the state of a layer's boundaries at a reference
// date. A new version closes the previous one (ValidTo) instead of replacing
// it, so old reports stay reproducible.
type Version struct {
	ID            int64      `json:"id"`
	LayerID       int64      `json:"-"`
	ReferenceDate time.Time  `json:"reference_date"` // Gebietsstand
	ValidFrom     time.Time  `json:"valid_from"`
	ValidTo       *time.Time `json:"valid_to,omitempty"` // nil while current
	// BlockVersionID is the block-layer version a composed version is built
	// from; 0 for other kinds.
	BlockVersionID int64     `json:"-"`
	Source         string    `json:"source,omitempty"` // file name or note
	CreatedAt      time.Time `json:"created_at"`
}

// Current reports whether the version is valid at t.
func (v *Version) ValidAt(t time.Time) bool {
	return inPeriod(t, v.ValidFrom, v.ValidTo)
}

// Area is one area of a layer version: a block, a social space, a district.
type Area struct {
	ID        int64  `json:"-"`
	VersionID int64  `json:"-"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	// Geometry in the installation's projected CRS. For composed layers it is
	// the union of Blocks, computed on import.
	Geometry orb.MultiPolygon `json:"-"`
	// Blocks lists the block codes of a composed area, sorted; empty otherwise.
	Blocks []string `json:"blocks,omitempty"`
	// AreaM2 is the planar area of Geometry in square metres.
	AreaM2 float64 `json:"area_m2"`
	// Properties keeps the source attributes that were not mapped.
	Properties map[string]string `json:"properties,omitempty"`
}

// ValidCode reports whether s is a valid key or code (a–z, 0–9, - and _,
// at most 40 characters), for importers that locate the fault themselves.
func ValidCode(s string) bool { return validCode(s) }

func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// ValidAreaCode reports whether s can be an area code: 1–64 printable
// characters without spaces at either end, because codes appear in URLs, CSV
// and street directories.
func ValidAreaCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '/' {
			return false
		}
	}
	return s[0] != ' ' && s[len(s)-1] != ' '
}

// LayerTx stores layers with their versions and areas.
type LayerTx interface {
	// Layers, ordered by Position then Code.
	CreateLayer(ctx context.Context, l *Layer) error // sets l.ID
	Layers(ctx context.Context) ([]Layer, error)
	LayerByCode(ctx context.Context, code string) (*Layer, error)

	// Versions of a layer, oldest first.
	CreateVersion(ctx context.Context, v *Version) error // sets v.ID, v.CreatedAt
	// CloseVersion sets ValidTo of an open version.
	CloseVersion(ctx context.Context, versionID int64, validTo time.Time) error
	Versions(ctx context.Context, layerID int64) ([]Version, error)
	Version(ctx context.Context, id int64) (*Version, error)

	// Areas of a version, ordered by Code, with geometry and blocks.
	CreateArea(ctx context.Context, a *Area) error // sets a.ID
	Areas(ctx context.Context, versionID int64) ([]Area, error)
	AreaByCode(ctx context.Context, versionID int64, code string) (*Area, error)
}
