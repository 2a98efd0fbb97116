package atlas

import (
	"sort"
	"strings"

	"github.com/quartier/quartier/internal/textde"
)

// A typed choice is a field of many possible entries (providers, places)
// that the forms ask for by typing instead of listing them all. Both kinds
// match and resolve alike.
type typedChoice[T any] struct {
	code, name func(T) string
	// more is further text that may match (a place's address), or nil.
	more func(T) string
}

// match returns the entries whose code, name (or more) contains text
// (case, umlauts and ß folded), exact code or name first, then by name;
// at most limit.
func (c typedChoice[T]) match(all []T, text string, limit int) []T {
	raw := strings.TrimSpace(text)
	q := textde.Fold(raw)
	if q == "" {
		return nil
	}
	var exact, rest []T
	for _, x := range all {
		switch {
		case c.exact(x, raw):
			exact = append(exact, x)
		case strings.Contains(textde.Fold(c.code(x)), q) || strings.Contains(textde.Fold(c.name(x)), q) ||
			c.more != nil && strings.Contains(textde.Fold(c.more(x)), q):
			rest = append(rest, x)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return c.name(rest[i]) < c.name(rest[j]) })
	out := append(exact, rest...)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (c typedChoice[T]) exact(x T, text string) bool {
	return c.code(x) == text || textde.Fold(c.name(x)) == textde.Fold(text)
}

// resolve reads a typed text — a code, a name, or "Name (code)" as the
// suggestions show it. ok is false when nothing or several match; then
// candidates holds up to five of them.
func (c typedChoice[T]) resolve(all []T, text string) (found T, candidates []T, ok bool) {
	text = strings.TrimSpace(text)
	if open := strings.LastIndex(text, " ("); open > 0 && strings.HasSuffix(text, ")") {
		code := text[open+2 : len(text)-1]
		for _, x := range all {
			if c.code(x) == code {
				return x, nil, true
			}
		}
	}
	m := c.match(all, text, 6)
	if len(m) == 1 || len(m) > 1 && c.exact(m[0], text) && !c.exact(m[1], text) {
		return m[0], nil, true
	}
	return found, m[:min(5, len(m))], false
}

// label is how an entry is offered and read back: "Name (code)".
func (c typedChoice[T]) label(x T) string { return c.name(x) + " (" + c.code(x) + ")" }
