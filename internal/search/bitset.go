package search

import "math/bits"

// Bitset is a set of document numbers. Filters, facet values and query
// matches are all bitsets, so combining them is a few thousand word
// operations even at 100,000 documents. A set may be shorter than the
// others it meets (a facet value that gained no document since the index
// grew): the documents beyond its end are not in it.
type Bitset []uint64

// NewBitset returns an empty set for n documents.
func NewBitset(n int) Bitset { return make(Bitset, (n+63)/64) }

// Full returns the set of all n documents.
func Full(n int) Bitset {
	b := NewBitset(n)
	for i := range b {
		b[i] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[len(b)-1] = 1<<r - 1
	}
	return b
}

func (b Bitset) Set(i uint32)      { b[i/64] |= 1 << (i % 64) }
func (b Bitset) Clear(i uint32)    { b[i/64] &^= 1 << (i % 64) }
func (b Bitset) Has(i uint32) bool { return b[i/64]&(1<<(i%64)) != 0 }

// And keeps in b only what is also in o; a nil o is the full set.
func (b Bitset) And(o Bitset) {
	if o == nil {
		return
	}
	n := min(len(b), len(o))
	for i := range b[:n] {
		b[i] &= o[i]
	}
	clear(b[n:])
}

// Or adds o to b.
func (b Bitset) Or(o Bitset) {
	for i := range b[:min(len(b), len(o))] {
		b[i] |= o[i]
	}
}

// Count is the number of members.
func (b Bitset) Count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// CountAnd is |b ∩ o| without building the intersection.
func (b Bitset) CountAnd(o Bitset) int {
	n := 0
	for i, w := range b[:min(len(b), len(o))] {
		n += bits.OnesCount64(w & o[i])
	}
	return n
}

// Words lists the indexes of b's non-zero words, for CountAndAt.
func (b Bitset) Words() []int32 {
	var out []int32
	for i, w := range b {
		if w != 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

// SparseWords is Words when at most half of b's words are non-zero, ok
// false otherwise: a dense set is counted whole (CountAnd), and listing
// its words would cost an allocation the size of the set.
func (b Bitset) SparseWords() (words []int32, ok bool) {
	n := 0
	for _, w := range b {
		if w != 0 {
			n++
		}
	}
	if n > len(b)/2 {
		return nil, false
	}
	words = make([]int32, 0, n)
	for i, w := range b {
		if w != 0 {
			words = append(words, int32(i))
		}
	}
	return words, true
}

// CountAndAt is CountAnd over the words b.Words() listed: a sparse b
// costs what it holds, not what the set could hold.
func (b Bitset) CountAndAt(o Bitset, words []int32) int {
	if len(words) > len(b)/2 {
		return b.CountAnd(o)
	}
	n := 0
	for _, i := range words {
		if int(i) < len(o) {
			n += bits.OnesCount64(b[i] & o[i])
		}
	}
	return n
}

// Clone copies b.
func (b Bitset) Clone() Bitset { return append(Bitset(nil), b...) }

// Grown is a copy of b for n documents.
func (b Bitset) Grown(n int) Bitset {
	out := NewBitset(n)
	copy(out, b)
	return out
}

// ForEach calls fn for every member in increasing order until fn returns
// false.
func (b Bitset) ForEach(fn func(i uint32) bool) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !fn(uint32(wi*64 + t)) {
				return
			}
			w &= w - 1
		}
	}
}
