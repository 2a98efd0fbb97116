package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/committee"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/services"
)

// reportFlags are the options of `quartier monitoring report`.
type reportFlags struct {
	layer, areas, indicators, index, date, title, commentFile, format, out string
	save                                                                   bool
	req                                                                    committee.Request
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// check reads the options and the commentary into a request, naming the
// option at fault.
func (f *reportFlags) check() error {
	if f.layer == "" {
		return quartier.Errorf(quartier.EINVALID, "--layer fehlt.")
	}
	if f.out == "" {
		return quartier.Errorf(quartier.EINVALID, "--out fehlt (Zieldatei des Berichts).")
	}
	if f.format == "" {
		f.format = strings.TrimPrefix(strings.ToLower(filepath.Ext(f.out)), ".")
	}
	switch f.format {
	case "html", "pdf", "xlsx":
	default:
		return quartier.Errorf(quartier.EINVALID, "--format: %q ist kein Format des Berichts (html, pdf, xlsx).", f.format)
	}
	f.req = committee.Request{CommitteeRequest: monitoring.CommitteeRequest{Layer: f.layer, Areas: splitList(f.areas), Indicators: splitList(f.indicators), Index: f.index}, Title: f.title}
	if f.date != "" {
		d, err := quartier.ParseDate(f.date)
		if err != nil {
			return quartier.Errorf(quartier.EINVALID, "--date: %s", quartier.ErrorMessage(err))
		}
		f.req.Date = d
	}
	if f.commentFile != "" {
		b, err := os.ReadFile(f.commentFile)
		if err != nil {
			return quartier.Errorf(quartier.EINVALID, "--comment-file: %s lässt sich nicht lesen.", f.commentFile)
		}
		if !utf8.Valid(b) {
			return quartier.Errorf(quartier.EINVALID, "--comment-file: %s ist kein UTF-8-Text.", f.commentFile)
		}
		f.req.Comment = strings.TrimPrefix(string(b), "\ufeff")
	}
	return nil
}

// write makes the report and writes it beside --out, renamed at the end,
// so a failure never leaves a partial file under the name.
func (f *reportFlags) write(ctx context.Context, e *env, a *services.Set) error {
	build := committee.Build
	if f.save {
		build = committee.Publish
	}
	rep, err := build(ctx, a.Monitoring, a.Spatial, f.req)
	if err != nil {
		return err
	}
	if err := writeDocument(ctx, rep, f.format, f.out); err != nil {
		return err
	}
	what := fmt.Sprintf("%d Gebiete, %d Indikatoren", len(rep.Figures.Areas), len(rep.Figures.Indicators))
	if f.index != "" {
		what += ", Index " + f.index
	}
	if rep.ID != 0 {
		fmt.Fprintf(e.stdout, "Bericht Nr. %d für den Ausschuss gespeichert.\n", rep.ID)
	}
	fmt.Fprintf(e.stderr, "%s geschrieben (%s).\n", f.out, what)
	return nil
}

// replaceFile writes data beside path and renames it at the end, so a
// failure never leaves a partial file under the name.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(dirOf(path), ".quartier-bericht-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeDocument writes a report for the committee as format to out,
// beside it first and then renamed, so that a fault leaves nothing.
func writeDocument(ctx context.Context, doc committee.Document, format, out string) error {
	data, err := committee.Render(ctx, doc, format, &report.PDF{Exec: report.FindChromium()})
	if err != nil {
		return err
	}
	return replaceFile(out, data)
}
