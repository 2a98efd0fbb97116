//go:build unix

package bench

import "syscall"

// processCPU is the CPU time the process has used (user and system, all
// threads, the collector's too), in nanoseconds: on 2 cores shared with
// other work, wall-clock time per operation follows the load, CPU time
// per operation much less.
func processCPU() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
