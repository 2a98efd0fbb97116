// Command quartier runs the Quartier server and its data tools.
//
//	quartier serve [--demo] [--db PATH] [--addr 127.0.0.1:8080]
//	quartier import areas|composed|streets|setup|hsds ...
//	quartier lookup X Y | --address "..." | --csv FILE
//	quartier assign FILE.csv
//	quartier import indicators WERTE.csv --mapping ZUORDNUNG.json | index DEFINITION.json
//	quartier export geojson|table --layer CODE | hsds [--format json|csv] | index --index CODE
//	quartier bench
//	quartier budget create|plan|commit|end|book|reverse|status|carry|rules ...
//
// Each subcommand prints its own flags with -h.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/quartier/quartier"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		printError(os.Stderr, err)
		os.Exit(exitCode(err))
	}
}

// printError writes an error with its located problems; a problem with a
// point gets a map link, so that a fault in a file can be looked at.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "quartier:", describe(err))
	for _, p := range quartier.ErrorProblems(err) {
		fmt.Fprintln(w, "  "+p.String())
		if ll := p.LonLat; ll != nil {
			fmt.Fprintf(w, "    Karte: https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=19/%.6f/%.6f\n", ll[1], ll[0], ll[1], ll[0])
		}
	}
}

// env bundles what a subcommand touches of the outside world, so that tests
// run commands in-process with buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

var commands = map[string]func(ctx context.Context, e *env, args []string) error{
	"serve":      cmdServe,
	"import":     cmdImport,
	"lookup":     cmdLookup,
	"assign":     cmdAssign,
	"export":     cmdExport,
	"check":      cmdCheck,
	"bench":      cmdBench,
	"user":       cmdUser,
	"audit":      cmdAudit,
	"budget":     cmdBudget,
	"allocation": cmdAllocation,
	"monitoring": cmdMonitoring,
}

const usage = `Quartier – Sozialraumplattform für die Kinder- und Jugendhilfe

Aufruf: quartier <Befehl> [Optionen]

Befehle:
  serve     Web-Oberfläche und API starten (--demo lädt die Demo-Stadt Berlin)
  import    Ebenen (areas, composed), Straßenverzeichnis (streets), Organisation (setup), Einwohner (population),
            Indikatorwerte (indicators), Indexdefinition (index), Atlas als HSDS (hsds) einlesen
  lookup    Koordinate, Adresse oder CSV-Datei den Gebieten zuordnen
  assign    Zuständigkeiten von Trägern für Sozialräume aus CSV eintragen
  export    Ebene als GeoJSON, Baustein-Zuordnung als CSV, den Atlas als HSDS 3.1 (hsds) oder ein Indexergebnis als CSV (index) ausgeben
  check     Konsistenz einer Ebene prüfen
  bench     Leistung messen (Zuordnungen/s, Vergleich mit PostGIS, Speicher)
  user      Konten verwalten: list, create, grant, revoke, lock, unlock, passwd, reset-2fa
  audit     Protokollkette prüfen (verify)
  budget    Sozialraumbudgets: anlegen, planen, Mittel binden, buchen, stornieren, Stand, Übertrag
  allocation  Verteilungsvorschläge: Betrag nach Indikatoren auf die Sozialräume verteilen (preview, save, list, show, publish, report)
  monitoring  Sozialmonitoring: Zeitreihe (series), Veränderung (change), veröffentlichen (publish, publications)

Datenbank: --db PFAD (SQLite, Standard quartier.db) oder QUARTIER_DATABASE_URL=postgres://…
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, log: slog.New(slog.NewTextHandler(stderr, nil))}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(stderr, usage)
		return quartier.Errorf(quartier.EINVALID, "Unbekannter Befehl %q.", args[0])
	}
	return cmd(ctx, e, args[1:])
}

// describe renders an error for the terminal: the safe message, plus the
// cause for operators, who own the machine anyway.
func describe(err error) string {
	var qe *quartier.Error
	if errors.As(err, &qe) {
		if c := errors.Unwrap(qe); c != nil && qe.Code == quartier.EINTERNAL {
			return qe.Message + " (" + c.Error() + ")"
		}
		return qe.Message
	}
	return err.Error()
}

// exitCode maps error codes to distinct exit statuses for scripts.
func exitCode(err error) int {
	switch quartier.ErrorCode(err) {
	case quartier.EINVALID, quartier.ETOOLARGE:
		return 2
	case quartier.ENOTFOUND:
		return 3
	case quartier.ECONFLICT:
		return 4
	case quartier.EFORBIDDEN, quartier.EUNAUTH:
		return 5
	case quartier.ETOOMANY:
		return 6
	}
	return 1
}
