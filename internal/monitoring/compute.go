package monitoring

import "github.com/quartier/quartier"

// AreaValues are what Compute needs of an area: its raw term values per
// component and term of the definition (NaN where missing) and its
// residents.
type AreaValues struct {
	Code, Name   string
	Residents    int
	HasResidents bool
	Raw          [][]float64
}

// Compute runs an index definition over values handed in rather than read
// from the store, with the same code as ComputeIndex. It exists so that
// `quartier bench monitoring` and its SQL peer compute from the very same
// figures; dirs gives each indicator's direction.
func Compute(def *quartier.Index, dirs map[string]quartier.Direction, areas []AreaValues) (*IndexResult, error) {
	if err := def.Validate(); err != nil {
		return nil, err
	}
	in := make([]areaInput, len(areas))
	for i, a := range areas {
		if len(a.Raw) != len(def.Components) {
			return nil, quartier.Errorf(quartier.EINVALID, "Gebiet %s: Werte für %d Teilindizes, der Index %s hat %d.", a.Code, len(a.Raw), def.Code, len(def.Components))
		}
		for c, comp := range def.Components {
			if len(a.Raw[c]) != len(comp.Terms) {
				return nil, quartier.Errorf(quartier.EINVALID, "Gebiet %s, Teilindex %s: %d Werte für %d Indikatoren.", a.Code, comp.Code, len(a.Raw[c]), len(comp.Terms))
			}
		}
		in[i] = areaInput{code: a.Code, name: a.Name, residents: a.Residents, hasResidents: a.HasResidents, raw: a.Raw}
	}
	return compute(def, dirs, in)
}
