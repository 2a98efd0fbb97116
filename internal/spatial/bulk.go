package spatial

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/streetdir"
)

// MaxBulkBytes bounds a bulk lookup upload (about 4 M address rows).
const MaxBulkBytes = 256 << 20

// Without the permission for bulk exports a bulk lookup is a small one:
// at most PublicBulkRows rows in at most PublicBulkBytes (a school's or a
// provider's address list). Its answer is held until the input is read
// whole, so that a file over the limit is refused before any row is
// answered; both limits bound that buffer (about twice the input).
// Larger runs (a planner assigning 400,000 addresses) need the permission
// and stream.
const (
	PublicBulkRows  = 10_000
	PublicBulkBytes = 2 << 20
)

// BulkReport counts the outcome of a bulk lookup.
type BulkReport struct {
	Rows    int `json:"rows"`
	Found   int `json:"found"`
	Outside int `json:"outside"`
	Failed  int `json:"failed"`
}

// Status values of the bulk output's status column.
const (
	statusOK      = "ok"
	statusOutside = "ausserhalb"
)

// BulkLookup reads a CSV of coordinates (x/y in srid, or lon/lat) or
// addresses and writes it back with one column per layer plus a status
// column. A bad row is marked in its status and the rest goes on, so one typo
// in 400,000 rows does not cost the whole run. Without the permission for
// bulk exports the run is limited to PublicBulkRows and PublicBulkBytes.
func (a *Service) BulkLookup(ctx context.Context, in io.Reader, out io.Writer, srid quartier.SRID, prog quartier.Progress) (*BulkReport, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	limit, quota, dst := int64(MaxBulkBytes), 0, out
	var held *bytes.Buffer
	if !quartier.ActorFrom(ctx).Can(quartier.PermExport) {
		limit, quota = PublicBulkBytes, PublicBulkRows
		held = new(bytes.Buffer)
		out = held
	}
	rep, err := a.bulkLookup(ctx, in, out, limit, quota, srid, prog)
	if quota > 0 && (errors.Is(err, csvio.ErrFileTooLarge) || errors.Is(err, errOverQuota)) {
		if aerr := a.audit.Download(ctx, audit.Event{Action: audit.ActionBulkLookup, ObjectType: "lookup", Outcome: quartier.OutcomeDenied,
			Detail: "ohne Massenexporte über dem Kontingent"}); aerr != nil {
			a.log.Error("audit denial", "err", aerr)
		}
		return rep, quartier.Errorf(quartier.ETOOLARGE, "Ohne das Recht „Massenexporte“ ordnet Quartier höchstens %d Zeilen (%d MB) auf einmal zu. Bitte die Datei teilen oder mit einem berechtigten Konto anmelden.", PublicBulkRows, PublicBulkBytes>>20)
	}
	if err != nil {
		return rep, err
	}
	// Recorded once the rows are known; an answer that is held waits for
	// its entry, a streamed one has left already (the lookup is of public
	// data, the entry is for accountability, not protection).
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionBulkLookup, ObjectType: "lookup",
		Detail: fmt.Sprintf("%d Zeilen, %d zugeordnet, %d außerhalb, %d fehlerhaft", rep.Rows, rep.Found, rep.Outside, rep.Failed)}); err != nil {
		return rep, err
	}
	if held != nil {
		_, err = held.WriteTo(dst)
	}
	return rep, err
}

// errOverQuota ends a lookup at the row quota; BulkLookup words it.
var errOverQuota = quartier.Errorf(quartier.ETOOLARGE, "Mehr Zeilen als das Kontingent.")

func (a *Service) bulkLookup(ctx context.Context, in io.Reader, out io.Writer, limit int64, quota int, srid quartier.SRID, prog quartier.Progress) (*BulkReport, error) {
	rd, err := csvio.NewReader(in, limit)
	if err != nil {
		return nil, err
	}
	loc := a.Locator()
	layers := loc.Layers()
	extra := make([]string, 0, len(layers)+1)
	for _, l := range layers {
		extra = append(extra, l.Code)
	}
	extra = append(extra, "status")
	wr := csvio.NewWriterFor(rd, out, extra)
	if rd.Mode() == csvio.ModeLonLat {
		srid = quartier.WGS84
	}
	prog = quartier.ProgressOr(prog)
	prog.Start("Zuordnen", 0)
	defer prog.Done()
	rep := &BulkReport{}
	vals := make([]string, len(extra))
	var streets *bulkStreets
	if rd.Mode() == csvio.ModeAddress {
		streets = &bulkStreets{a: a, known: map[string]*streetdir.Street{}, keys: map[string]string{}}
	}
	// Rows go in chunks, so that an address file asks the store once per
	// chunk for the streets it has not seen yet.
	chunk := make([]*csvio.Row, 0, bulkChunk)
	flush := func() error {
		if streets != nil {
			if err := streets.fetch(ctx, chunk); err != nil {
				return err
			}
		}
		for _, row := range chunk {
			status := statusOK
			inside := true
			var err error
			switch {
			case row.Err != nil:
				status = row.Err.Message
			case streets != nil:
				// A match is always inside its block.
				err = streets.codes(loc, row, vals[:len(vals)-1])
			default:
				var p orb.Point
				if p, err = a.ToInstallation(row.X, row.Y, srid); err == nil {
					res := loc.Locate(p)
					inside = res.Inside
					for i, h := range res.Hits {
						vals[i] = h.Code
					}
				}
			}
			if row.Err == nil && err != nil {
				status = quartier.ErrorMessage(err)
			}
			switch {
			case status != statusOK:
				rep.Failed++
				for i := range vals {
					vals[i] = ""
				}
			case !inside:
				status = statusOutside
				rep.Outside++
			default:
				rep.Found++
			}
			vals[len(vals)-1] = status
			if err := wr.Write(row, vals); err != nil {
				return err
			}
		}
		prog.Add(len(chunk))
		chunk = chunk[:0]
		return nil
	}
	for {
		if rep.Rows%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return rep, quartier.WrapError(quartier.EINVALID, err, "Zuordnung abgebrochen nach %d Zeilen.", rep.Rows)
			}
		}
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		if quota > 0 && rep.Rows == quota {
			return rep, errOverQuota
		}
		rep.Rows++
		if chunk = append(chunk, row); len(chunk) == bulkChunk {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	return rep, wr.Flush()
}

// bulkChunk is how many rows a bulk lookup reads before it answers them.
const bulkChunk = 4096

// bulkStreets holds the streets a bulk lookup has met, read from the store
// by their keys once each: a list of a whole city reads the directory once,
// a school's list only its few streets.
type bulkStreets struct {
	a     *Service
	known map[string]*streetdir.Street // by key; nil = not in the directory
	keys  map[string]string            // street as typed → key
}

func (b *bulkStreets) key(street string) string {
	k, ok := b.keys[street]
	if !ok {
		k = streetdir.NormalizeStreet(street)
		b.keys[street] = k
	}
	return k
}

// fetch reads the streets of rows that are not known yet.
func (b *bulkStreets) fetch(ctx context.Context, rows []*csvio.Row) error {
	var missing []string
	for _, row := range rows {
		if row.Err != nil {
			continue
		}
		k := b.key(row.Street)
		if _, ok := b.known[k]; !ok && k != "" {
			b.known[k] = nil
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var es []quartier.StreetEntry
	if err := b.a.store.View(ctx, func(tx Tx) (err error) {
		es, err = tx.StreetsByKey(ctx, missing)
		return err
	}); err != nil {
		return err
	}
	for lo := 0; lo < len(es); {
		hi := lo + 1
		for hi < len(es) && es[hi].Key == es[lo].Key {
			hi++
		}
		b.known[es[lo].Key] = newStreet(es[lo:hi])
		lo = hi
	}
	return nil
}

// codes writes the row's area codes, one per layer.
func (b *bulkStreets) codes(loc *Locator, row *csvio.Row, codes []string) error {
	st := b.known[b.key(row.Street)]
	if st == nil {
		return streetdir.UnknownStreet(row.Street)
	}
	m, err := st.Lookup(row.HouseNo, row.Postcode)
	if err != nil {
		return err
	}
	return loc.matchCodes(m, codes)
}
