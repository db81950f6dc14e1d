package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// readSmallFile reads the file a setting names, refusing what is not a
// small regular file: a directory, a FIFO, a device such as /dev/zero, a
// dangling or looping symbolic link, or more than limit bytes. It never
// waits on the file and never reads more than limit+1 bytes. Every refusal
// is a *ConfigError for setting.
func readSmallFile(setting, path string, limit int64) ([]byte, fs.FileInfo, error) {
	bad := func(problem string, err error) error {
		return &ConfigError{Setting: setting, Path: path, Problem: problem, Err: err}
	}
	f, err := openNoWait(path)
	if err != nil {
		return nil, nil, bad(openProblem(path, err), err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, bad("cannot be read: "+reason(err), err)
	}
	if p := notRegular(fi); p != "" {
		return nil, nil, bad(p, nil)
	}
	tooBig := fmt.Sprintf("is larger than %d KiB, too large to be a %s file", limit>>10, setting)
	if fi.Size() > limit {
		return nil, nil, bad(tooBig, nil)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, bad("cannot be read: "+reason(err), err)
	}
	if int64(len(data)) > limit {
		return nil, nil, bad(tooBig, nil)
	}
	return data, fi, nil
}

// notRegular says what fi is when it is not a regular file, or "".
func notRegular(fi fs.FileInfo) string {
	switch m := fi.Mode(); {
	case m.IsDir():
		return "is a directory"
	case m&fs.ModeNamedPipe != 0:
		return "is a FIFO (named pipe), not a file"
	case m&fs.ModeDevice != 0:
		return "is a device, not a file"
	case m&fs.ModeSocket != 0:
		return "is a socket, not a file"
	case !m.IsRegular():
		return "is not a regular file"
	}
	return ""
}

// openProblem words why path could not be opened.
func openProblem(path string, err error) string {
	switch {
	case errors.Is(err, syscall.ELOOP):
		return "is a symbolic link that loops"
	case errors.Is(err, fs.ErrNotExist):
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return fmt.Sprintf("is a symbolic link to %s, which does not exist", target)
		}
		return "does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read: permission denied"
	case errors.Is(err, syscall.ENXIO):
		return "is a socket or device, not a file"
	}
	return "cannot be opened: " + reason(err)
}

// reason is err without the operation and path a *fs.PathError adds.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
