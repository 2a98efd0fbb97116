package streetdir

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/quartier/quartier"
)

// HouseNumber is a number with an optional letter suffix ("12a").
type HouseNumber struct {
	N      int
	Suffix string // lower case, "" when none
}

// ParseHouseNumber reads "12", "12a", "12 A", "12-A". Ranges ("12-14") and
// additions like "12/1" are not one house number and are refused.
func ParseHouseNumber(s string) (HouseNumber, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 {
		return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer %q beginnt nicht mit einer Zahl", s)
	}
	n, _ := strconv.Atoi(t[:i])
	rest := strings.TrimLeft(t[i:], " -")
	if rest == "" {
		return HouseNumber{N: n}, nil
	}
	rs := []rune(strings.ToLower(rest))
	if len(rs) == 1 && unicode.IsLetter(rs[0]) {
		return HouseNumber{N: n, Suffix: string(rs)}, nil
	}
	return HouseNumber{}, quartier.Errorf(quartier.EINVALID, "Hausnummer %q: Zusatz %q ist kein einzelner Buchstabe", s, rest)
}

// Less orders 12 < 12a < 12b < 13.
func (h HouseNumber) Less(o HouseNumber) bool {
	if h.N != o.N {
		return h.N < o.N
	}
	return h.Suffix < o.Suffix
}

func (h HouseNumber) String() string { return strconv.Itoa(h.N) + h.Suffix }
