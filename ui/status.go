package ui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// The header and the status lines of the run screens: functions of the
// lab's state that each run screen calls with what it shows.

// headerLine is a run screen's top line, w columns wide: the data, the
// model and the mode, what the screen shows (what, such as " · α sweep"),
// and autoplay's state and speed.
func headerLine(c common, l *lab, what string, w int) string {
	st := c.st
	left := st.title.Render("descent") + " " + st.subtle.Render(fmt.Sprintf("%s · %d points · %s · %s%s",
		l.data.Name, len(l.data.X), l.run.Model().Formula(), modeText(l.run), what))
	var right string
	if l.play.playing {
		right = st.good.Render(fmt.Sprintf("▶ %s %d/s", c.tr("playing"), l.play.rate()))
	} else {
		right = st.subtle.Render(fmt.Sprintf("⏸ %s %d/s", c.tr("paused · autoplay"), l.play.rate()))
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// optimizerTag names r's optimizer for the header, unless it is plain
// gradient descent.
func optimizerTag(r *engine.Run) string {
	if o := r.Optimizer(); o.Kind != engine.GD {
		return " · " + o.Kind.String()
	}
	return ""
}

// statusLines are the three lines under a run screen's picture: α and the
// largest stable α, the start and the optimum of parameter j, the counts
// and the prediction; the regime, the mean loss and the run's state; and
// the message line (lab.messageLine).
func statusLines(c common, r *engine.Run, j int, message string) []string {
	st := c.st
	a := r.Analysis()
	name := r.Model().Params()[j]
	sep := st.subtle.Render(" │ ")
	lab := func(s string) string { return st.label.Render(s) }
	stable := c.tr("every α")
	switch {
	case math.IsNaN(a.LRMaxStable):
		stable = r.Optimizer().Kind.String()
	case !math.IsInf(a.LRMaxStable, 0):
		stable = c.tr("stable < ") + num(a.LRMaxStable, 4)
	}
	line1 := strings.Join([]string{
		lab("α ") + st.highlight.Render(num(r.LR(), 6)) + lab(" ("+stable+")"),
		lab(startLabel(name)) + num(r.Init()[j], 6),
		lab(name+"* ") + st.optimum.Render(num(tidy(a.Optimum[j], a.Optimum), 6)),
		lab(c.tr("update ")) + st.strong.Render(fmt.Sprint(r.Updates())) + lab(c.tr(" · epoch ")) + fmt.Sprint(lastEpoch(r)),
		lab("ŷ(4) = ") + num(r.Predict(4), 6),
	}, sep)
	var state string
	switch r.Status() {
	case engine.Converged:
		state = st.good.Render(c.tr("✓ converged"))
	case engine.Diverged:
		state = st.bad.Render(c.tr("✗ diverged"))
	case engine.Cycling:
		state = st.warn.Render(c.tr("· cycling"))
	case engine.Stalled:
		state = st.warn.Render(c.tr("· stalled"))
	default:
		state = st.subtle.Render(c.tr("· running"))
	}
	line2 := strings.Join([]string{regimeBadge(c, a, r.UpdatesPerEpoch()), lab(c.tr("mean loss ")) + num(r.MSE(), 6), state}, sep)
	return []string{line1, line2, message}
}

// lastEpoch is the 0-based epoch of the last update taken, as the
// receipt shows it, or 0 at the start.
func lastEpoch(r *engine.Run) int {
	if r.Updates() == 0 {
		return 0
	}
	return (r.Updates() - 1) / r.UpdatesPerEpoch()
}

// regimeBadge shows the engine's verdict on α with a glyph and a colour;
// its factor is per epoch, or per update when an epoch is one update.
func regimeBadge(c common, a engine.Analysis, updatesPerEpoch int) string {
	per := "/" + c.tr("epoch")
	if updatesPerEpoch == 1 {
		per = "/" + c.tr("update")
	}
	f := "×" + num(a.Factor, 3) + per
	switch a.Regime {
	case engine.Adaptive:
		return c.st.highlight.Render(c.tr("≈ adaptive step: no fixed-α bound"))
	case engine.Converging:
		return c.st.good.Render("↘ " + c.tr("converging") + " " + f)
	case engine.Oscillating:
		return c.st.warn.Render("↯ " + c.tr("oscillating") + " " + f)
	}
	return c.st.bad.Render("↗ " + c.tr("diverging") + " " + f)
}
