package spatial

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

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

	// Three stages on their own goroutines, so that a city's run uses
	// both cores: reading the CSV, reading the streets its rows name from
	// the store (bulkWorkers at a time, each street once), and answering
	// and writing the rows here, in their order.
	ctx, cancel := context.WithCancel(ctx)
	p := &bulkPipeline{a: a, rd: rd, quota: quota, chunks: make(chan bulkChunkOf, 2), jobs: make(chan streetJob, 2*bulkWorkers),
		futures: map[string]*streetFuture{}, keys: map[string]string{}}
	p.src = &bulkStreets{ctx: ctx, p: p, read: map[string]*streetdir.Street{}}
	var wg sync.WaitGroup
	wg.Add(1 + bulkWorkers)
	go func() { defer wg.Done(); p.read(ctx) }()
	for range bulkWorkers {
		go func() { defer wg.Done(); p.fetch(ctx) }()
	}
	defer func() {
		cancel()
		for range p.chunks { // let the reader end
		}
		wg.Wait()
	}()

	rep := &BulkReport{}
	vals := make([]string, len(extra))
	for c := range p.chunks {
		for i, row := range c.rows {
			status := statusOK
			inside := true
			var err error
			switch {
			case row.Err != nil:
				status = row.Err.Message
			case c.streets[i] != nil:
				// A match is always inside its block.
				err = p.codes(loc, c.streets[i], c.typed[i], row, vals[:len(vals)-1])
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
				if quartier.ErrorCode(err) == quartier.EINTERNAL || errors.Is(err, context.Canceled) {
					return rep, err // the store failed, not the row
				}
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
			rep.Rows++
			if err := wr.Write(row, vals); err != nil {
				return rep, err
			}
		}
		prog.Add(len(c.rows))
		if c.err != nil {
			return rep, c.err
		}
	}
	return rep, wr.Flush()
}

// bulkChunk is how many rows a bulk lookup reads before it hands them on;
// bulkWorkers how many store reads of streets run at once.
const (
	bulkChunk   = 4096
	bulkWorkers = 2
)

// bulkPipeline is one bulk run's reader and street fetchers. The reader
// owns futures and keys; a future is complete when its done is closed.
type bulkPipeline struct {
	a       *Service
	rd      *csvio.Reader
	quota   int
	chunks  chan bulkChunkOf
	jobs    chan streetJob
	futures map[string]*streetFuture // by key: every street of the file, read once
	keys    map[string]string        // street as typed → key

	// src answers the rows the street read for them does not (owned by
	// the writing goroutine).
	src *bulkStreets
}

// bulkChunkOf is a run of rows, with the street each address row needs
// (nil for coordinates and bad rows) and the address of those read as
// typed (nil for the others: see typedRow), and the error that ended the
// input.
type bulkChunkOf struct {
	rows    []*csvio.Row
	streets []*streetFuture
	typed   []*Address
	err     error
}

type streetJob struct {
	keys    []string
	futures []*streetFuture
}

// streetFuture is a street being read; st stays nil for a street the
// directory does not have.
type streetFuture struct {
	done chan struct{}
	st   *streetdir.Street
	err  error
}

// read reads the CSV, starts reading the streets of each chunk and hands
// the chunk on; it closes both channels when it ends.
func (p *bulkPipeline) read(ctx context.Context) {
	defer close(p.chunks)
	defer close(p.jobs)
	defer func() {
		if v := recover(); v != nil {
			select {
			case p.chunks <- bulkChunkOf{err: pipelinePanic(v)}:
			case <-ctx.Done():
			}
		}
	}()
	n := 0
	for {
		c := bulkChunkOf{rows: make([]*csvio.Row, 0, bulkChunk), streets: make([]*streetFuture, 0, bulkChunk), typed: make([]*Address, 0, bulkChunk)}
		var job streetJob
		for len(c.rows) < bulkChunk {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					c.err = quartier.WrapError(quartier.EINVALID, err, "Zuordnung abgebrochen nach %d Zeilen.", n)
					break
				}
			}
			row, err := p.rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				c.err = err
				break
			}
			if p.quota > 0 && n == p.quota {
				c.err = errOverQuota
				break
			}
			n++
			var f *streetFuture
			var typed *Address
			if p.rd.Mode() == csvio.ModeAddress && row.Err == nil {
				street := row.Street
				if typed = typedRow(row); typed != nil {
					street = typed.Street
				}
				f = p.future(street, &job)
			}
			c.rows, c.streets, c.typed = append(c.rows, row), append(c.streets, f), append(c.typed, typed)
		}
		if len(job.keys) > 0 {
			select {
			case p.jobs <- job:
			case <-ctx.Done():
				for _, f := range job.futures {
					f.err = quartier.WrapError(quartier.EINVALID, ctx.Err(), "Zuordnung abgebrochen.")
					close(f.done)
				}
			}
		}
		if len(c.rows) == 0 && c.err == nil {
			return
		}
		select {
		case p.chunks <- c:
		case <-ctx.Done():
			return
		}
		if c.err != nil || len(c.rows) < bulkChunk {
			return
		}
	}
}

// future is the street named street, asking for it in job when it is new.
func (p *bulkPipeline) future(street string, job *streetJob) *streetFuture {
	k, ok := p.keys[street]
	if !ok {
		k = streetdir.NormalizeStreet(street)
		p.keys[street] = k
	}
	f := p.futures[k]
	if f == nil {
		f = &streetFuture{done: make(chan struct{})}
		p.futures[k] = f
		if k == "" {
			close(f.done) // no street: nothing to read
		} else {
			job.keys, job.futures = append(job.keys, k), append(job.futures, f)
		}
	}
	return f
}

// fetch reads the streets of jobs from the store until there are no more.
func (p *bulkPipeline) fetch(ctx context.Context) {
	for job := range p.jobs {
		p.fetchJob(ctx, job)
	}
}

// fetchJob reads the streets of job; a panic fails the futures it has not
// answered, so the writer waiting on them ends with the error.
func (p *bulkPipeline) fetchJob(ctx context.Context, job streetJob) {
	answered := 0
	defer func() {
		if v := recover(); v != nil {
			err := pipelinePanic(v)
			for _, f := range job.futures[answered:] {
				f.err = err
				close(f.done)
			}
		}
	}()
	var es []quartier.StreetEntry
	var err error
	if ctx.Err() != nil {
		err = quartier.WrapError(quartier.EINVALID, ctx.Err(), "Zuordnung abgebrochen.")
	} else {
		err = p.a.store.View(ctx, func(tx Tx) (err error) {
			es, err = tx.StreetsByKey(ctx, job.keys)
			return err
		})
	}
	var byKey map[string]*streetdir.Street
	if err == nil {
		byKey = groupStreets(es)
	}
	for i, f := range job.futures {
		f.st, f.err = byKey[job.keys[i]], err
		close(f.done)
		answered = i + 1
	}
}

// pipelinePanic is the error of a panic on one of a bulk run's own
// goroutines. The server recovers a panic in a request's goroutine, not
// on these, where it would end the process: one anonymous bulk lookup
// whose input met a bug in reading it would take the server down.
func pipelinePanic(v any) error {
	return quartier.Errorf(quartier.EINTERNAL, "Die Zuordnung ist an einem Fehler gescheitert: %v", v)
}

// codes writes the row's area codes, one per layer. The row's address is
// looked up on the street read for it, as its columns give it (ad); where
// that finds nothing, the row is read as the single lookup reads a typed
// address (lookupTyped: the other readings of the street's part, the
// place before the street, spellings), so that a file whose columns split
// the address otherwise ("Ackerstr.145" with no number, a floor in the
// number's column) gets the answers a person typing it gets.
func (p *bulkPipeline) codes(loc *Locator, f *streetFuture, typed *Address, row *csvio.Row, codes []string) error {
	<-f.done
	if f.err != nil {
		return f.err
	}
	ad := Address{Street: row.Street, HouseNo: row.HouseNo, Postcode: row.Postcode, Place: row.Place}
	if typed != nil {
		ad = *typed
	}
	// A row is a typed address too; its place is matched against every
	// region, so its length is bounded as there, and one with two
	// postcodes refused.
	if err := ad.check(); err != nil {
		return err
	}
	var m streetdir.Match
	var err error
	if f.st != nil {
		m, err = lookupAt(p.src, ad, f.st)
	}
	if f.st == nil || quartier.ErrorCode(err) == quartier.ENOTFOUND {
		if typed == nil {
			ad = FieldsAddress(row.Street, row.HouseNo, row.Postcode, row.Place)
		}
		m, err = lookupTyped(p.src, ad)
		if p.src.err != nil {
			return p.src.err
		}
	}
	if err != nil {
		return err
	}
	return loc.matchCodes(m, codes)
}

// typedRow is the address of a row whose columns do not split it as the
// lookup asks for it (see FieldsAddress), read before its street is; nil
// for the others, which are read as typed only where their columns find
// nothing (codes).
func typedRow(row *csvio.Row) *Address {
	if fieldsSplit(row.Street, row.HouseNo) {
		return nil
	}
	ad := FieldsAddress(row.Street, row.HouseNo, row.Postcode, row.Place)
	return &ad
}

// bulkStreets is the streetSource of the rows codes reads as typed. It
// keeps every street it reads, and the places and the index of spellings
// once read, for the rows after: a file misspells a street alike in many
// rows.
type bulkStreets struct {
	ctx  context.Context
	p    *bulkPipeline
	read map[string]*streetdir.Street // by key; nil where the directory has none
	storeFault

	plRead bool
	pl     *streetdir.Places
	sim    *streetdir.Similar
}

func (s *bulkStreets) streets(keys []string) (map[string]*streetdir.Street, error) {
	var want []string
	for _, k := range keys {
		if _, ok := s.read[k]; !ok && !slices.Contains(want, k) {
			want = append(want, k)
		}
	}
	if len(want) > 0 {
		var es []quartier.StreetEntry
		if err := s.p.a.store.View(s.ctx, func(tx Tx) (err error) {
			es, err = tx.StreetsByKey(s.ctx, want)
			return err
		}); err != nil {
			return nil, s.fail(err)
		}
		for _, k := range want {
			s.read[k] = nil
		}
		maps.Copy(s.read, groupStreets(es))
	}
	out := map[string]*streetdir.Street{}
	for _, k := range keys {
		if st := s.read[k]; st != nil {
			out[k] = st
		}
	}
	return out, nil
}

// similar lists the keys once a run: only rows whose streets are not in
// the directory under their keys get here.
func (s *bulkStreets) similar() (*streetdir.Similar, error) {
	if s.sim == nil {
		var keys []string
		if err := s.p.a.store.View(s.ctx, func(tx Tx) (err error) {
			keys, err = tx.StreetKeys(s.ctx)
			return err
		}); err != nil {
			return nil, s.fail(err)
		}
		s.sim = streetdir.NewSimilar(keys)
	}
	return s.sim, nil
}

// places are the directory's places (districts, regions, municipality),
// read once, as a typed place checks and narrows by them.
func (s *bulkStreets) places() (*streetdir.Places, error) {
	if !s.plRead {
		if err := s.p.a.store.View(s.ctx, func(tx Tx) (err error) {
			s.pl, err = (&storeStreets{ctx: s.ctx, tx: tx}).places()
			return err
		}); err != nil {
			return nil, s.fail(err)
		}
		s.plRead = true
	}
	return s.pl, nil
}
