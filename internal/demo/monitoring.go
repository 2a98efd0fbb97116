package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/services"
)

// MSSDate is the reference date of the MSS 2021 indicators.
var MSSDate = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)

// IndexMSS is the code of the demo's index.
const IndexMSS = "mss-2021"

const (
	mssSource  = "Monitoring Soziale Stadtentwicklung Berlin 2021, Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen (FIS-Broker, über tesch-ch/berlin_PLR_data)"
	mssLicence = "Quellenangabe Pflicht; Lizenz der Quelle nicht geprüft (Berliner offene Daten meist dl-de-zero-2.0 oder CC BY 3.0 DE)"
)

// MSSMapping maps the published MSS 2021 index indicators per
// Planungsraum (file columns S1, S3, S4, D1, D3, D4; ZEIT 202012) onto
// indicators. Only the shares are published, not their counts, so summing
// into larger areas weights them by the residents.
func MSSMapping() monitoring.Mapping {
	share := func(code, col, name, desc string) monitoring.MappedIndicator {
		return monitoring.MappedIndicator{Column: col, Indicator: quartier.Indicator{Code: code, Name: name, Description: desc, Unit: "%",
			Kind: quartier.IndicatorShare, Direction: quartier.HigherIsWorse}}
	}
	change := func(code, col, name, desc string) monitoring.MappedIndicator {
		return monitoring.MappedIndicator{Column: col, Indicator: quartier.Indicator{Code: code, Name: name, Unit: "Prozentpunkte",
			Description: desc + " vom 31.12.2018 zum 31.12.2020", Kind: quartier.IndicatorMeasure, Direction: quartier.HigherIsWorse}}
	}
	return monitoring.Mapping{Layer: LayerBlocks, AreaColumn: "PLR_ID", DateColumn: "ZEIT", Source: mssSource, Licence: mssLicence,
		Indicators: []monitoring.MappedIndicator{
			share("mss-s1", "S1", "Arbeitslosigkeit (S1)", "Anteil der Arbeitslosen nach SGB II an den Einwohnerinnen und Einwohnern von 15 Jahren bis zum Rentenalter"),
			share("mss-s3", "S3", "Transferbezug (S3)", "Anteil der nicht arbeitslosen Empfängerinnen und Empfänger von Transferleistungen (SGB II und XII) an den Einwohnerinnen und Einwohnern"),
			share("mss-s4", "S4", "Kinderarmut (S4)", "Anteil der Kinder und Jugendlichen unter 15 Jahren in Bedarfsgemeinschaften nach SGB II an den Einwohnerinnen und Einwohnern unter 15 Jahren"),
			change("mss-d1", "D1", "Veränderung Arbeitslosigkeit (D1)", "Veränderung von S1 in Prozentpunkten"),
			change("mss-d3", "D3", "Veränderung Transferbezug (D3)", "Veränderung von S3 in Prozentpunkten"),
			change("mss-d4", "D4", "Veränderung Kinderarmut (D4)", "Veränderung von S4 in Prozentpunkten"),
		}}
}

// MSS2021 is the MSS 2021 method as an index definition, as the
// Indikatorenblätter describe it: status and dynamics indicators
// z-standardised over the Planungsräume considered, summed with equal
// weights, the sums standardised again and classified by standard
// deviations (status: below −1 hoch, to +1 mittel, to +1.5 niedrig,
// above sehr niedrig; dynamics: below −1 positiv, to +1 stabil, above
// negativ); left out before: Planungsräume with fewer than 300
// residents and the outlier 10100205 (Gewerbegebiet Bitterfelder
// Straße). Which standard deviation the publisher takes is not stated:
// the sample's (n − 1, as Excel's STABW and SPSS compute it) is set here,
// and is a setting like every other choice.
func MSS2021() quartier.Index {
	comp := func(code, name string, inds []string, bounds []float64, labels []string) quartier.IndexComponent {
		c := quartier.IndexComponent{Code: code, Name: name, Standardisation: quartier.StandardiseZ, SampleSD: true, Restandardise: true,
			Classes: quartier.IndexClasses{Scale: quartier.ClassesSD, Bounds: bounds, Labels: labels}}
		for _, i := range inds {
			c.Terms = append(c.Terms, quartier.IndexTerm{Indicator: i, Weight: 1})
		}
		return c
	}
	return quartier.Index{Code: IndexMSS, Name: "Monitoring Soziale Stadtentwicklung 2021 (Status/Dynamik)",
		Description: "Status- und Dynamikindex nach der Methode des MSS 2021, aus den veröffentlichten Indikatorwerten neu berechnet (keine amtlichen Klassen).",
		Source:      "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen Berlin: Indikatorenblätter MSS 2021",
		Layer:       LayerBlocks, ReferenceDate: MSSDate, PopulationGroup: "gesamt",
		Exclude: quartier.IndexExclusion{MinResidents: 300, Areas: []string{"10100205"}, Reason: "Ausreißer (im MSS aus der Indexberechnung genommen)", Missing: quartier.MissingExclude},
		Components: []quartier.IndexComponent{
			comp("status", "Statusindex", []string{"mss-s1", "mss-s3", "mss-s4"}, []float64{-1, 1, 1.5}, []string{"hoch", "mittel", "niedrig", "sehr niedrig"}),
			comp("dynamik", "Dynamikindex", []string{"mss-d1", "mss-d3", "mss-d4"}, []float64{-1, 1}, []string{"positiv", "stabil", "negativ"}),
		},
		CombinedSeparator: " / ",
	}
}

// loadMonitoring imports the MSS 2021 index indicators of the 542
// Planungsräume and configures the index mss-2021.
func loadMonitoring(ctx context.Context, a *services.Set) error {
	r, err := open("data/berlin_mss2021_indikatoren_2020-12.csv.gz")
	if err != nil {
		return err
	}
	if _, err := a.Monitoring.ImportIndicators(ctx, r, MSSMapping()); err != nil {
		return fmt.Errorf("demo MSS indicators: %w", err)
	}
	return a.Monitoring.SaveIndex(ctx, MSS2021())
}
