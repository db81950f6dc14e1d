package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Layout thresholds: below minW×minH the view says what it needs; from
// wideW×wideH the loss-versus-update chart and the settings join.
const (
	minW, minH   = 80, 24
	wideW, wideH = 120, 36
)

// layout is what the terminal's size decides about a frame. The root model
// computes it once per size change and every screen reads it, to draw and
// to measure clicks alike; what else a frame's rows depend on (the help
// bar, the receipt) each screen's frame function adds, for both too.
type layout struct {
	width, height int
	small         bool // below minW×minH: the frame only says what it needs
	wide          bool // from wideW×wideH: a side column beside the curve
	digits        int  // a receipt's significant digits: 7, or every digit (0) from wideW columns
	curveW        int  // the curve column's width: the whole width, or 3/5 of it when wide
	sideW         int  // the side column's width when wide, right of a one-column gap
}

func newLayout(w, h int) layout {
	l := layout{width: w, height: h, small: w < minW || h < minH, wide: w >= wideW && h >= wideH, digits: 7, curveW: w}
	if w >= wideW {
		l.digits = 0
	}
	if l.wide {
		l.curveW = w * 3 / 5
		l.sideW = w - l.curveW - 1
	}
	return l
}

// empty reports whether there is nothing to draw on.
func (l layout) empty() bool { return l.width <= 0 || l.height <= 0 }

// body is the part of a frame above the root's help bar, where a screen
// draws.
type body struct {
	height   int  // rows above the help bar
	fullHelp bool // the help bar shows every key; the single view drops its receipt for it
}

// rect is a part of a frame: its top-left cell and its size.
type rect struct{ x, y, w, h int }

// contains reports whether the cell (x, y) is inside r.
func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// panels splits r into k side-by-side panels one column apart, each as
// wide as the widest that fit.
func (r rect) panels(k int) []rect {
	each := (r.w - (k - 1)) / k
	out := make([]rect, k)
	for j := range out {
		out[j] = rect{x: r.x + j*(each+1), y: r.y, w: each, h: r.h}
	}
	return out
}

// tooSmall says, centred in a w×h frame and never beyond it, what size
// descent needs.
func tooSmall(c common, w, h int) string {
	msg := c.trf("descent needs at least %d×%d; this terminal is %d×%d. Enlarge it, or press q to quit.", minW, minH, w, h)
	if w < 40 || h < 3 {
		msg = c.trf("need %d×%d", minW, minH)
	}
	lines := strings.Split(lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg), "\n")
	lines = clipLines(lines[:min(len(lines), h)], w)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// clipLines cuts every line to width columns.
func clipLines(lines []string, width int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = ansi.Truncate(l, width, "…")
	}
	return out
}

// padTo cuts or pads s to exactly w columns.
func padTo(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// padRight pads s with spaces to n columns of display width.
func padRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// besides joins two columns line by line: every line of left, followed by
// a space and the line of right beside it, while right has lines. Every
// line of left must be equally wide.
func besides(left, right []string) []string {
	out := make([]string, len(left))
	for i, l := range left {
		if i < len(right) {
			l += " " + right[i]
		}
		out[i] = l
	}
	return out
}
