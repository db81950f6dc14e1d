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

// subscripts are the digits written below the line: x₁, x₂, …
var subscripts = []string{"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"}

// maxTerms is the most factors of an epoch the why line writes out.
const maxTerms = 4

// whyLine says why a diverging α diverges, in at most w columns: the
// epoch's factor written as the product of its updates' factors, each
// 1 − α·h for the curvature h of that update's loss, and that its size
// is above 1. A single sample's term says nothing (at α = 0.5 the
// lecture's third sample gives 1 − 2αx² = −8, yet the epoch converges),
// so the line always multiplies out the whole epoch. It is empty unless
// r's α diverges.
func whyLine(c common, r *engine.Run, w int) string {
	a := r.Analysis()
	if a.Regime != engine.Diverging {
		return ""
	}
	f := a.Factor
	name := r.Model().Params()[0]
	unit := c.tr("epoch")
	if r.UpdatesPerEpoch() == 1 {
		unit = c.tr("update")
	}
	verdict := " > 1"
	clause := fmt.Sprintf(c.tr("each %s throws %s further out"), unit, name)
	if f < 0 {
		verdict = " < −1"
		clause = fmt.Sprintf(c.tr("each %s throws %s further out, across %s*"), unit, name, name)
	}
	factor := num(f, 4) + verdict + ": " + clause
	var variants []string
	terms, count := r.EpochTerms(r.LR(), maxTerms)
	_, perSample := r.NextSample()
	switch {
	case count == 0: // several weights or momentum: the map's largest stretch
		variants = []string{fmt.Sprintf(c.tr("an epoch stretches the error by %s"), num(a.Factor, 4)) + verdict + ": " +
			fmt.Sprintf(c.tr("each %s throws the weights further out"), unit)}
	case count == 1: // one update per epoch: 1 − α·h, h the curvature
		h := a.Curvatures[0]
		variants = []string{
			"1 − α·(2/n)Σx² = 1 − " + num(r.LR(), 4) + " × " + num(h, 4) + " = " + factor,
			"1 − α·(2/n)Σx² = " + factor,
			c.tr("factor") + " " + factor,
		}
	case count <= maxTerms:
		var sym, vals []string
		for i, t := range terms {
			s := "(1 − 2α" + r.Model().Feature(0) + subscripts[i+1] + "²)"
			if !perSample {
				s = "(1 − αh" + subscripts[i+1] + ")"
			}
			sym, vals = append(sym, s), append(vals, paren(t, 3))
		}
		product := strings.Join(sym, "")
		values := strings.Join(vals, " × ")
		variants = []string{
			product + " = " + values + " = " + factor,
			product + " = " + factor,
			c.tr("epoch factor") + " " + values + " = " + factor,
		}
	default:
		each := "(1 − 2αxᵢ²)"
		if !perSample {
			each = "(1 − αhᵢ)"
		}
		variants = []string{fmt.Sprintf(c.tr("the product of %s over the %d updates of an epoch = %s"), each, count, factor)}
	}
	variants = append(variants, c.tr("epoch factor")+" "+factor)
	for _, v := range variants {
		if ansi.StringWidth(v) <= w {
			return c.st.bad.Render(v)
		}
	}
	return c.st.bad.Render(variants[len(variants)-1])
}
