package serve

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// logLines keeps the latest lines of the server's log for the consoles'
// log pane. It is one of the logger's writers: writing never waits, and
// the hub hears of new lines through changed.
type logLines struct {
	mu      sync.Mutex
	lines   []string // the latest, oldest first
	partial []byte   // a line not ended yet
	changed chan struct{}
}

// keepLines is how many lines logLines keeps.
const keepLines = 200

func newLogLines() *logLines { return &logLines{changed: make(chan struct{}, 1)} }

// Write adds the complete lines of p, made printable.
func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		line := strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return -1
			}
			return r
		}, ansi.Strip(string(l.partial[:i])))
		l.partial = l.partial[i+1:]
		l.lines = append(l.lines, compact(line))
		if len(l.lines) > 2*keepLines {
			l.lines = append(l.lines[:0:0], l.lines[len(l.lines)-keepLines:]...)
		}
	}
	if len(l.partial) > 64<<10 {
		l.partial = l.partial[:0]
	}
	l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// last returns the latest n lines, oldest first, in a slice of its own.
func (l *logLines) last(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[max(len(l.lines)-n, 0):]...)
}

// compact shortens a log line for a narrow pane: without the date (the
// time stays) and the logger's prefix.
func compact(line string) string {
	if len(line) > 11 && line[4] == '/' && line[7] == '/' && line[10] == ' ' {
		line = line[11:]
	}
	return strings.Replace(line, " descent serve: ", " ", 1)
}
