//go:build unix

package serve

import (
	"syscall"
	"testing"
)

// raiseFileLimit raises the soft limit on open files to at least need,
// as far as the hard limit allows.
func raiseFileLimit(b *testing.B, need uint64) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		b.Fatal(err)
	}
	if l.Cur >= need {
		return
	}
	l.Cur = min(need, l.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil || l.Cur < need {
		b.Fatalf("cannot open %d files (limit %d): %v", need, l.Cur, err)
	}
}
