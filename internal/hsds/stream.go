package hsds

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/json"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// The whole-atlas files written from documents encoded in parts (a few
// hundred offers at a time), so that a national atlas is never one
// Document in memory: at 100,000 offers the whole Document and its
// encodings took some 1.5 GB of heap. The parts' objects come in the
// order of one Document: organizations, then services, then locations,
// each in key order; Terms gathers the taxonomy terms they use.

// Taxonomies are the taxonomies of the Quartier profile.
func Taxonomies() []Taxonomy {
	out := make([]Taxonomy, 0, len(taxonomyDefs))
	for _, t := range taxonomyDefs {
		out = append(out, taxonomyObject(t.name, t.description))
	}
	return out
}

// Terms gathers the taxonomy terms of documents encoded in parts, listed
// as Encode lists them for the whole: the fixed terms (topics,
// accessibility features, the profile's) first, then the others used
// (spaces, blocks, target groups …), by taxonomy and code.
type Terms struct {
	fixed   []TaxonomyTerm
	isFixed map[string]bool
	more    map[string]TaxonomyTerm
	topics  map[string]quartier.Topic
	offered map[[2]string]bool // taxonomy, code of AddOffer's terms
}

// NewTerms starts with the fixed terms of the installation's topics.
func NewTerms(topics []quartier.Topic) *Terms {
	t := &Terms{fixed: fixedTerms(topics), isFixed: map[string]bool{}, more: map[string]TaxonomyTerm{},
		topics: quartier.TopicIndex(topics), offered: map[[2]string]bool{}}
	for _, x := range t.fixed {
		t.isFixed[x.ID] = true
	}
	return t
}

// Add adds terms (a part's TaxonomyTerms).
func (t *Terms) Add(terms []TaxonomyTerm) {
	for _, x := range terms {
		if !t.isFixed[x.ID] {
			t.more[x.ID] = x
		}
	}
}

// AddOffer adds the terms the service of an offer links to, which come
// from its key, topics, target groups and period alone: what the atlas
// lists of every offer, so that the terms need no offer read.
func (t *Terms) AddOffer(o *quartier.Offer) {
	serviceTerms(o, t.topics, func(taxonomy, code string, term func() TaxonomyTerm, _ string) {
		if k := [2]string{taxonomy, code}; !t.offered[k] {
			t.offered[k] = true
			t.Add([]TaxonomyTerm{term()})
		}
	})
}

// List is the terms in their order.
func (t *Terms) List() []TaxonomyTerm {
	more := slices.SortedFunc(maps.Values(t.more), func(a, b TaxonomyTerm) int {
		return cmp.Or(cmp.Compare(taxonomyRank(a.Taxonomy), taxonomyRank(b.Taxonomy)), cmp.Compare(a.Code, b.Code))
	})
	return append(slices.Clone(t.fixed), more...)
}

// ServicesWriter writes services, in full, as one page of the HSDS API
// (export.json: what WriteJSON writes for a whole Document), one at a
// time. The page's counts come first, so the number of services is
// given at the start and Close fails if another number was written.
type ServicesWriter struct {
	w     io.Writer
	total int
	n     int
	err   error
}

// NewServicesWriter writes the page's head for total services.
func NewServicesWriter(w io.Writer, total int) (*ServicesWriter, error) {
	page := NewPage(total, 1, max(1, total), []Service{})
	page.Size, page.Empty = total, total == 0 // what the contents will be
	head, err := json.MarshalIndent(page, "", "  ")
	if err != nil {
		return nil, err
	}
	// Contents is the page's last field: its empty array "[]}" is cut
	// off and written item by item instead.
	tail := []byte("[]\n}")
	if !bytes.HasSuffix(head, tail) {
		return nil, fmt.Errorf("hsds: page head %q", head[max(0, len(head)-20):])
	}
	sw := &ServicesWriter{w: w, total: total}
	_, sw.err = w.Write(append(head[:len(head)-len(tail)], '['))
	return sw, sw.err
}

// Write writes services after those written before.
func (sw *ServicesWriter) Write(services ...Service) error {
	for i := range services {
		if sw.err != nil {
			return sw.err
		}
		b, err := json.MarshalIndent(&services[i], "    ", "  ")
		if err != nil {
			sw.err = err
			return err
		}
		sep := ",\n    "
		if sw.n == 0 {
			sep = "\n    "
		}
		sw.n++
		if _, sw.err = io.WriteString(sw.w, sep); sw.err == nil {
			_, sw.err = sw.w.Write(b)
		}
	}
	return sw.err
}

// Close ends the page; it fails if the number of services written is not
// the one its head gave.
func (sw *ServicesWriter) Close() error {
	if sw.err != nil {
		return sw.err
	}
	if sw.n != sw.total {
		return quartier.Errorf(quartier.ECONFLICT, "Der Atlas hat sich während der Ausgabe geändert (%d statt %d Angebote); bitte erneut abrufen.", sw.n, sw.total)
	}
	end := "\n  ]\n}\n"
	if sw.n == 0 {
		end = "]\n}\n"
	}
	_, sw.err = io.WriteString(sw.w, end)
	return sw.err
}

// PackageWriter writes the tabular data package (what WriteCSV writes for
// a whole Document) from documents added in parts: each table's CSV is
// compressed as its rows come, and the zip is put together from the
// compressed tables at the end, so that at most the package's compressed
// size is held, and with files not even that.
type PackageWriter struct {
	res    map[string]*resource
	tables map[string]*tableOut
	units  map[string]bool
}

// tableOut is one table's CSV, deflated as it is written into buf or,
// through bw, into file.
type tableOut struct {
	cols []string
	csv  *csvio.InertWriter
	fw   *flate.Writer
	crc  hash.Hash32
	n    int64 // bytes before compression
	buf  bytes.Buffer
	file *os.File
	bw   *bufio.Writer
}

func (t *tableOut) Write(p []byte) (int, error) {
	t.crc.Write(p)
	t.n += int64(len(p))
	return t.fw.Write(p)
}

// NewPackageWriter starts a package with every table's header row. With
// files, each table's compressed CSV waits in a temporary file without a
// name instead of memory (82 MB at 100,000 offers); Close closes them.
func NewPackageWriter(files bool) (*PackageWriter, error) {
	res, err := datapackage()
	if err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Das HSDS-Tabellenschema fehlt.")
	}
	p := &PackageWriter{res: res, tables: map[string]*tableOut{}, units: map[string]bool{}}
	for _, name := range tables {
		t := &tableOut{cols: res[name].columns(), crc: crc32.NewIEEE()}
		var sink io.Writer = &t.buf
		if files {
			if t.file, err = os.CreateTemp("", "quartier-hsds-table-*"); err != nil {
				p.release()
				return nil, err
			}
			os.Remove(t.file.Name())
			t.bw = bufio.NewWriterSize(t.file, 1<<16)
			sink = t.bw
		}
		p.tables[name] = t
		if t.fw, err = flate.NewWriter(sink, flate.DefaultCompression); err != nil {
			p.release()
			return nil, err
		}
		// Inert: the package is opened in spreadsheets, and its cells hold
		// what editors and importers typed; readTable takes the marks off.
		t.csv = csvio.NewInertWriter(t, ',')
		t.csv.UseCRLF() // RFC 4180, as the spec's examples
		t.csv.Write(t.cols)
	}
	return p, nil
}

// row writes objects into table.
func row[T any](p *PackageWriter, table string, xs ...T) error {
	t := p.tables[table]
	for i := range xs {
		rec, err := record(&xs[i], t.cols)
		if err != nil {
			return err
		}
		t.csv.Write(rec)
	}
	return nil
}

// attrs writes attributes, without the term each carries (the term has
// its own table).
func (p *PackageWriter) attrs(as []Attribute) error {
	for _, a := range as {
		a.TaxonomyTerm = nil
		if err := row(p, "attribute", a); err != nil {
			return err
		}
	}
	return nil
}

// Add writes the rows of doc's organizations, services and locations, in
// that order (its taxonomies and terms are left to Close).
func (p *PackageWriter) Add(doc *Document) error {
	for _, o := range doc.Organizations {
		if err := cmp.Or(row(p, "organization", o), p.attrs(o.Attributes)); err != nil {
			return err
		}
	}
	for _, s := range doc.Services {
		if err := p.service(s); err != nil {
			return err
		}
	}
	for _, l := range doc.Locations {
		err := cmp.Or(row(p, "location", l), p.attrs(l.Attributes), row(p, "address", l.Addresses...))
		for _, a := range l.Accessibility {
			err = cmp.Or(err, row(p, "accessibility", a), p.attrs(a.Attributes))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *PackageWriter) service(s Service) error {
	err := cmp.Or(row(p, "service", s), p.attrs(s.Attributes), row(p, "service_at_location", s.ServiceAtLocations...))
	for _, c := range s.Contacts {
		err = cmp.Or(err, row(p, "contact", c), row(p, "phone", c.Phones...), p.attrs(c.Attributes))
	}
	for _, sc := range s.Schedules {
		err = cmp.Or(err, row(p, "schedule", sc), p.attrs(sc.Attributes))
	}
	err = cmp.Or(err, row(p, "language", s.Languages...), row(p, "cost_option", s.CostOptions...))
	for _, c := range s.Capacities {
		if c.Unit != nil && !p.units[c.Unit.ID] {
			p.units[c.Unit.ID] = true
			err = cmp.Or(err, row(p, "unit", *c.Unit))
		}
		c.Unit = nil
		err = cmp.Or(err, row(p, "service_capacity", c))
	}
	return err
}

// release closes the tables' files.
func (p *PackageWriter) release() {
	for _, t := range p.tables {
		if t.file != nil {
			t.file.Close()
		}
	}
}

// Close writes the package to w: the descriptor, then every table, the
// terms and taxonomies last.
func (p *PackageWriter) Close(w io.Writer, taxonomies []Taxonomy, terms []TaxonomyTerm) error {
	defer p.release()
	if err := cmp.Or(row(p, "taxonomy_term", terms...), row(p, "taxonomy", taxonomies...)); err != nil {
		return err
	}
	desc, err := descriptor(p.res)
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	f, err := z.CreateHeader(&zip.FileHeader{Name: "datapackage.json", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	if _, err := f.Write(desc); err != nil {
		return err
	}
	for _, name := range tables {
		t := p.tables[name]
		if err := cmp.Or(t.csv.Flush(), t.fw.Close()); err != nil {
			return err
		}
		var compressed io.Reader = &t.buf
		size := int64(t.buf.Len())
		if t.file != nil {
			if err := t.bw.Flush(); err != nil {
				return err
			}
			var err error
			if size, err = t.file.Seek(0, io.SeekCurrent); err != nil {
				return err
			}
			compressed = io.NewSectionReader(t.file, 0, size)
		}
		// CreateRaw takes the header as given: the time in the DOS fields
		// (which CreateHeader fills from Modified) and the reader's version.
		fh := &zip.FileHeader{Name: p.res[name].Path, Method: zip.Deflate, ReaderVersion: 20, CreatorVersion: 20,
			CRC32: t.crc.Sum32(), CompressedSize64: uint64(size), UncompressedSize64: uint64(t.n)}
		//lint:ignore SA1019 only CreateHeader fills the DOS fields from Modified; CreateRaw writes them as given
		fh.ModifiedDate, fh.ModifiedTime = uint16(zipTime.Day()+int(zipTime.Month())<<5+(zipTime.Year()-1980)<<9), uint16(zipTime.Second()/2+zipTime.Minute()<<5+zipTime.Hour()<<11)
		f, err := z.CreateRaw(fh)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, compressed); err != nil {
			return err
		}
		t.buf = bytes.Buffer{}
	}
	return z.Close()
}
