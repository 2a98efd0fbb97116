package csvio

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// ParseFigure reads a number as statistical offices publish it: what
// ParseNumber reads, plus digits grouped by three with spaces ("1 675",
// "26 493", also no-break spaces) and a sign set apart from its digits
// ("-  23"), as in the Stadtteil-Profile of Statistik Nord. Spaces
// anywhere else are refused: "12 5" is two numbers, not one.
func ParseFigure(s string, decimalComma bool) (float64, bool) {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return ParseNumber(s, decimalComma)
	}
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], strings.TrimLeftFunc(s[1:], unicode.IsSpace)
		if !strings.ContainsFunc(s, unicode.IsSpace) {
			return ParseNumber(sign+s, decimalComma)
		}
	}
	dec := '.'
	if decimalComma {
		dec = ','
	}
	intPart, frac := s, ""
	if i := strings.IndexRune(s, dec); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if strings.ContainsFunc(frac, unicode.IsSpace) {
		return 0, false
	}
	groups := strings.FieldsFunc(intPart, unicode.IsSpace)
	// FieldsFunc would take "1  675" or a space at the end; the groups
	// must be separated by exactly one space each.
	if len(groups) < 2 || len([]rune(intPart)) != len(strings.Join(groups, ""))+len(groups)-1 {
		return 0, false
	}
	for i, g := range groups {
		if !allDigits(g) || len(g) > 3 || i > 0 && len(g) != 3 {
			return 0, false
		}
	}
	return ParseNumber(sign+strings.Join(groups, "")+frac, decimalComma)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Decimal writes a number for German spreadsheets: a decimal comma, every
// digit, no thousands separator; "" for NaN (no value).
func Decimal(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}
