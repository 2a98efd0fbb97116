// Package memtest measures memory in tests: what a piece of work allocates,
// which bounds what it can have held at its peak. Bytes, not time, so a test
// means the same on every machine.
package memtest

import "runtime"

// Allocated is what f allocates on the heap in total (garbage included),
// an upper bound of the heap it can have held at its peak.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
