package http

import (
	"net/url"
	"strconv"

	"github.com/quartier/quartier"
)

// Paging parameters (seite, page, per_page, nach) are whole numbers from 1
// to their maximum, the same on pages and APIs. Anything else (letters,
// decimals, exponents, 0, negatives, numbers beyond the maximum) answers
// 400 naming the parameter; a page beyond the last answers 200 with an
// empty page that says how many there are.
const maxPage = 1 << 30

// intParam reads the whole-number parameter name within [1, max]; absent
// or empty, it is def.
func intParam(q url.Values, name string, def, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		if len(v) > 30 {
			v = v[:30] + "…"
		}
		return 0, quartier.Errorf(quartier.EINVALID, "%s muss eine positive ganze Zahl sein, nicht %q.", name, v)
	}
	if n > max {
		return 0, quartier.Errorf(quartier.EINVALID, "%s darf höchstens %d sein.", name, max)
	}
	return n, nil
}
