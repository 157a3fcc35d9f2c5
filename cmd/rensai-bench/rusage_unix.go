//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS returns the peak resident set size of a finished child in bytes,
// from ru_maxrss: the BSDs and macOS report bytes, Linux reports KiB.
func peakRSS(st *os.ProcessState) int64 {
	ru, ok := st.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	switch runtime.GOOS {
	case "darwin", "ios", "freebsd", "netbsd", "openbsd", "dragonfly":
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
