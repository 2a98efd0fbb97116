package quartier

import "fmt"

// Severity of a Problem. Errors block an import; warnings are reported only.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	// SeverityRepaired marks a fault that --repair fixed; the message says how.
	SeverityRepaired Severity = "repaired"
)

// Label is the severity as check reports print it.
func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "Fehler"
	case SeverityRepaired:
		return "behoben"
	}
	return "Hinweis"
}

// Problem kinds found by import validation. They are stable identifiers for
// tests and reports; the German text is in Message.
const (
	ProblemSyntax        = "syntax"         // not parseable JSON/CSV
	ProblemCRS           = "crs"            // unknown or unsupported CRS
	ProblemOutOfRange    = "out_of_range"   // coordinate outside the CRS's area of use
	ProblemGeometryType  = "geometry_type"  // not a Polygon/MultiPolygon, or empty
	ProblemUnclosedRing  = "unclosed_ring"  // first and last coordinate differ
	ProblemShortRing     = "short_ring"     // fewer than 4 positions
	ProblemSelfIntersect = "self_intersect" // ring crosses itself
	ProblemHoleOutside   = "hole_outside"   // hole not inside its shell
	ProblemInvalid       = "invalid"        // other invalid geometry
	ProblemMissingCode   = "missing_code"   // code property absent or empty
	ProblemDuplicateCode = "duplicate_code" // code used twice
	ProblemOverlap       = "overlap"        // two areas overlap above tolerance
	ProblemGap           = "gap"            // uncovered hole between areas above tolerance
	ProblemUnknownBlock  = "unknown_block"  // composed area names a block that does not exist
	ProblemBlockTwice    = "block_twice"    // block used by two areas of a composed layer
	ProblemBlockMissing  = "block_missing"  // block used by no area of a composed layer
	ProblemValue         = "value"          // malformed field value (CSV)
	ProblemTooLarge      = "too_large"      // input above its size limit
	ProblemSchema        = "schema"         // violates the official schema of an exchange format (HSDS)
	ProblemUnsupported   = "unsupported"    // valid exchange data that Quartier cannot take
	ProblemReference     = "reference"      // names an id the input does not contain
)

// Problem is one located finding of a validation. Feature is the 0-based index
// of the feature or 1-based line of a CSV row (-1 when not tied to one); Code
// is the area code when known, Name its name; At is a coordinate near the
// fault in the input's CRS (nil when there is none), SRID says which CRS
// when known, and LonLat is At in WGS84, for a map. Structured inputs
// locate instead by Pointer (RFC 6901, "/contents/3/schedules/0/byday") or,
// for a file in a package, by File, the line in Feature and Column.
type Problem struct {
	Severity Severity    `json:"severity"`
	Kind     string      `json:"kind"`
	Feature  int         `json:"feature"`
	Pointer  string      `json:"pointer,omitempty"`
	File     string      `json:"file,omitempty"`
	Column   string      `json:"column,omitempty"`
	Code     string      `json:"code,omitempty"`
	Name     string      `json:"name,omitempty"`
	Other    string      `json:"other,omitempty"` // second area of an overlap
	At       *[2]float64 `json:"at,omitempty"`
	SRID     SRID        `json:"srid,omitempty"`
	LonLat   *[2]float64 `json:"lon_lat,omitempty"`
	AreaM2   float64     `json:"area_m2,omitempty"` // size of an overlap or gap
	Message  string      `json:"message"`
}

// Place renders where the problem is, for CLI and HTML reports.
func (p Problem) Place() string {
	s := ""
	switch {
	case p.File != "":
		s = p.File
		if p.Feature > 0 {
			s += fmt.Sprintf(" Zeile %d", p.Feature)
		}
		if p.Column != "" {
			s += " Spalte " + p.Column
		}
	case p.Pointer != "":
		s = p.Pointer
	case p.Feature >= 0:
		s = fmt.Sprintf("Objekt %d", p.Feature)
	}
	if p.Code != "" {
		if s != "" {
			s += " "
		}
		if p.Name != "" {
			s += fmt.Sprintf("(Code %s, %s)", p.Code, p.Name)
		} else {
			s += fmt.Sprintf("(Code %s)", p.Code)
		}
	}
	if p.At != nil {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("bei %.3f, %.3f", p.At[0], p.At[1])
		switch {
		case p.SRID != NoSRID && p.LonLat != nil && p.SRID != WGS84:
			s += fmt.Sprintf(" (%s; %.6f° N, %.6f° O)", p.SRID, p.LonLat[1], p.LonLat[0])
		case p.SRID != NoSRID:
			s += fmt.Sprintf(" (%s)", p.SRID)
		}
	}
	return s
}

func (p Problem) String() string {
	if pl := p.Place(); pl != "" {
		return fmt.Sprintf("%s %s: %s: %s", p.Severity, p.Kind, pl, p.Message)
	}
	return fmt.Sprintf("%s %s: %s", p.Severity, p.Kind, p.Message)
}

// HasErrors reports whether any problem blocks the import.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}
