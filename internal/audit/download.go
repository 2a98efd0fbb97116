package audit

import (
	"context"

	"github.com/quartier/quartier"
)

// Bulk downloads (the HSDS files, layer exports, bulk lookups) are
// audited. A signed-in caller's download is an entry of its own, queued
// like every protected read, so a failing log refuses it. Anonymous ones
// are tallied (Tallied): anyone can repeat them at the rate the
// cached files are served, and the tally bounds what that adds to the
// append-only log per minute while still counting every download, per
// file and address.

// Actions of download entries.
const (
	ActionAtlasExport = "atlas.export" // HSDS export.json / export.zip
	ActionLayerExport = "layer.export" // GeoJSON or block table of a layer
	ActionBulkLookup  = "lookup.bulk"  // POST /api/v1/lookup, quartier lookup --csv
)

// Download records a bulk download by the actor of ctx. The detail
// (format, rows, version) is kept for signed-in callers only: the tally
// counts anonymous downloads of one object from one address as alike, so
// the detail of the first would misdescribe the others.
func (l *Log) Download(ctx context.Context, x Event) error {
	if quartier.ActorFrom(ctx) != nil {
		return l.Read(ctx, x)
	}
	x.Detail = ""
	l.Tallied(ctx, x)
	return nil
}
