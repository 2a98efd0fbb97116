package demo

import (
	"context"
	"time"

	"github.com/quartier/quartier/internal/services"
	"github.com/quartier/quartier/internal/spatial"
)

// PopulationDate is the reference date of the demo's residents.
var PopulationDate = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)

// loadPopulation imports the residents per Planungsraum on 31.12.2020 from
// the Monitoring Soziale Stadtentwicklung 2021 (Senatsverwaltung für
// Stadtentwicklung, Bauen und Wohnen Berlin). Only the total is public per
// Planungsraum there, so the demo's planning view counts per 1,000
// residents; an office imports its age bands ("0-26") the same way.
func loadPopulation(ctx context.Context, a *services.Set) error {
	r, err := open("data/berlin_einwohner_2020-12.csv.gz")
	if err != nil {
		return err
	}
	_, err = a.Spatial.ImportPopulation(ctx, r, spatial.PopulationColumns{}, PopulationDate)
	return err
}
