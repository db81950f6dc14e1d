//go:build unix

package serve

import (
	"os"
	"syscall"
)

// openNoWait opens path for reading without waiting: a FIFO with no writer
// opens at once instead of blocking, so its type can be checked and refused.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
