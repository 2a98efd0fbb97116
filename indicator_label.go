package quartier

// Label names the kind as the pages and reports print it.
func (k IndicatorKind) Label() string {
	switch k {
	case IndicatorCount:
		return "Anzahl"
	case IndicatorShare:
		return "Anteil"
	case IndicatorMeasure:
		return "Wert"
	}
	return string(k)
}

// Label says which end of the indicator signals need.
func (d Direction) Label() string {
	switch d {
	case HigherIsWorse:
		return "höher ist ungünstiger"
	case HigherIsBetter:
		return "höher ist günstiger"
	}
	return string(d)
}

// Label names the standardisation.
func (s Standardisation) Label() string {
	switch s {
	case StandardiseZ:
		return "z-Wert (Abweichung vom Mittel in Standardabweichungen)"
	case StandardiseMinMax:
		return "Min–Max (0 bis 1)"
	case StandardiseRank:
		return "Rang"
	}
	return string(s)
}
