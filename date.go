package quartier

import "time"

// ParseDate parses an ISO date ("2021-01-01") or a German one ("01.01.2021").
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{DateLayout, "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EINVALID, "Datum %q ist weder JJJJ-MM-TT noch TT.MM.JJJJ.", s)
}
