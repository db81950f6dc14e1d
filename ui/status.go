package ui

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"descent/datasets"
	"descent/engine"
)

// The header and the status lines of the run screens: functions of the
// lab's state that each run screen calls with what it shows. The header
// says what is shown and its one state; the status lines say where the
// run stands. Numbers lose digits, then whole fields go, before anything
// is cut (textfit.go).

// headerLine is a run screen's top line, w columns wide: the data, the
// model and the mode, what the screen shows (what, in the screen's
// language, or ""), and on the right the one state of runs (stateText).
// Fields that do not fit are left out, the least telling first; the
// state always stays.
func headerLine(c common, l *lab, what string, runs []*engine.Run, w int) string {
	st := c.st
	title := st.title.Render("descent")
	fields := []field{
		{at: []string{dataName(l.data)}, rank: 2},
		{at: []string{c.trf("%d points", len(l.data.X))}, rank: 4},
		{at: []string{l.run.Model().Formula()}, rank: 1},
		{at: []string{modeText(c, l.run)}, rank: 3},
	}
	if what != "" {
		fields = append(fields, field{at: []string{what}})
	}
	long, short := stateText(c, l, runs)
	tag := l.class.tagIn(st)
	for _, right := range []string{long, short} {
		room := w - ansi.StringWidth(title) - 2 - ansi.StringWidth(tag) - ansi.StringWidth(right)
		left := fitFields(fields, " · ", room)
		if ansi.StringWidth(left) <= room {
			gap := w - ansi.StringWidth(title) - 1 - ansi.StringWidth(left) - ansi.StringWidth(tag) - ansi.StringWidth(right)
			return title + " " + st.subtle.Render(left) + tag + strings.Repeat(" ", gap) + right
		}
	}
	return title + " " + short
}

// dataName is the name of a dataset as the header shows it: a file's
// base name.
func dataName(d datasets.Dataset) string {
	if _, ok := datasets.Lookup(d.Name); ok {
		return d.Name
	}
	return filepath.Base(d.Name)
}

// stateText is the one state the header shows for runs, long and short:
// a single run's status once the engine has decided it (converged,
// diverged, cycling, stalled), else whether autoplay plays; for several
// runs, autoplay's state until every one has settled.
func stateText(c common, l *lab, runs []*engine.Run) (long, short string) {
	st := c.st
	settled := len(runs) > 0
	for _, r := range runs {
		settled = settled && r.Status() != engine.Running
	}
	switch {
	case len(runs) == 1 && settled:
		s := statusText(c, runs[0].Status())
		return s, s
	case settled:
		s := st.good.Render(c.tr("■ every run has settled"))
		return s, s
	case l.play.playing:
		s := st.good.Render("▶ " + c.trf("playing %d/s", l.play.rate()))
		return s, s
	}
	return st.subtle.Render("⏸ " + c.trf("paused · autoplay %d/s", l.play.rate())),
		st.subtle.Render("⏸ " + c.trf("paused %d/s", l.play.rate()))
}

// statusText words a status the engine has decided, with its glyph and
// colour; Running, which is no decision, is empty.
func statusText(c common, s engine.Status) string {
	st := c.st
	switch s {
	case engine.Converged:
		return st.good.Render("✓ " + c.tr("converged"))
	case engine.Diverged:
		return st.bad.Render("✗ " + c.tr("diverged"))
	case engine.Cycling:
		return st.warn.Render("↻ " + c.tr("cycling"))
	case engine.Stalled:
		return st.warn.Render("∥ " + c.tr("stalled"))
	}
	return ""
}

// precisions are the significant digits a status line tries, the most
// first.
var precisions = []int{6, 4, 3}

// statusLines are the lines under a run screen's picture, w columns wide:
// α and where α is stable, the start and the optimum of parameter j, the
// counts and the prediction; the regime and the mean loss (and, with
// withStatus, the run's status once decided: the compare view's header
// speaks for every run); and the message lines.
func statusLines(c common, r *engine.Run, j int, message []string, withStatus bool, w int) []string {
	st := c.st
	a := r.Analysis()
	name := r.Model().Params()[j]
	sep := st.subtle.Render(" │ ")
	lab := func(s string) string { return st.label.Render(s) }
	at := func(f func(d int) string) []string {
		var out []string
		for _, d := range precisions {
			out = append(out, f(d))
		}
		return out
	}
	line1 := fitFields([]field{
		{at: at(func(d int) string {
			return lab("α ") + st.highlight.Render(num(r.LR(), d)) + lab(" ("+stableText(c, r, a, min(d, 4))+")")
		})},
		{at: at(func(d int) string { return lab(startLabel(c, name)) + num(r.Init()[j], d) }), rank: 3},
		{at: at(func(d int) string {
			return lab(name+"* ") + st.optimum.Render(num(tidy(a.Optimum[j], a.Optimum), d))
		}), rank: 2},
		{at: []string{
			lab(c.tr("update")+" ") + st.strong.Render(itoa(r.Updates())) + lab(" · "+c.tr("epoch")+" ") + itoa(lastEpoch(r)),
			lab(c.tr("update")+" ") + st.strong.Render(itoa(r.Updates())),
		}, rank: 1},
		{at: at(func(d int) string { return lab("ŷ(4) = ") + num(r.Predict(4), d) }), rank: 4},
	}, sep, w)
	fields := []field{
		{at: []string{regimeBadge(c, r, a, 3), regimeBadge(c, r, a, 2)}},
		{at: at(func(d int) string { return lab(c.tr("mean loss")+" ") + num(r.MSE(), d) })},
	}
	if s := statusText(c, r.Status()); withStatus && s != "" {
		fields = append(fields, field{at: []string{s}, rank: 1})
	}
	line2 := fitFields(fields, sep, w)
	return append([]string{line1, line2}, message...)
}

// itoa writes a whole number.
func itoa(n int) string { return strconv.Itoa(n) }

// stableText says where α converges for r's update rule, with digits
// significant digits: below the largest stable α; for an α beyond it,
// also in each interval further up where α converges again (the lecture's
// loop between 0.4765 and 0.519); for the adaptive rules, the rule's
// name, which no fixed α bounds.
func stableText(c common, r *engine.Run, a engine.Analysis, digits int) string {
	switch {
	case math.IsNaN(a.LRMaxStable):
		return r.Optimizer().Kind.String()
	case math.IsInf(a.LRMaxStable, 0):
		return c.tr("every α")
	case len(a.StableIntervals) <= 1 || r.LR() < a.LRMaxStable:
		return c.trf("stable < %s", num(a.LRMaxStable, digits))
	}
	var more []string
	for _, iv := range a.StableIntervals[1:] {
		more = append(more, num(iv[0], digits)+"–"+num(iv[1], digits))
	}
	return c.trf("stable < %s or %s", num(a.LRMaxStable, digits), strings.Join(more, ", "))
}

// lastEpoch is the 0-based epoch of the last update taken, as the
// receipt shows it, or 0 at the start.
func lastEpoch(r *engine.Run) int {
	if r.Updates() == 0 {
		return 0
	}
	return (r.Updates() - 1) / r.UpdatesPerEpoch()
}

// regimeBadge shows the engine's verdict on r's α with a glyph, a colour
// and the factor (factorText) with digits significant digits.
func regimeBadge(c common, r *engine.Run, a engine.Analysis, digits int) string {
	switch {
	case a.Regime == engine.Adaptive:
		return c.st.highlight.Render(c.tr("≈ adaptive step: no fixed-α bound"))
	case math.IsInf(a.LRMaxStable, 1): // no curvature
		return c.st.good.Render(c.tr("— flat: the loss does not depend on w"))
	case a.Regime == engine.Converging:
		return c.st.good.Render("↘ " + c.tr("converging") + " " + factorText(c, r, a.Factor, digits))
	case a.Regime == engine.Oscillating:
		return c.st.warn.Render("↯ " + c.tr("oscillating") + " " + factorText(c, r, a.Factor, digits))
	}
	return c.st.bad.Render("↗ " + c.tr("diverging") + " " + factorText(c, r, a.Factor, digits))
}

// perUnit is what r's factor is per: an epoch, or an update when an epoch
// is one update.
func perUnit(c common, r *engine.Run) string {
	if r.UpdatesPerEpoch() == 1 {
		return c.tr("update")
	}
	return c.tr("epoch")
}

// factorText writes the factor f of an epoch of r as "×0.739/epoch". An
// epoch of many updates (a large dataset, per sample) can multiply the
// error by less or more than float64 holds, and the engine's factor is
// then 0 or ±∞: the text says instead what each update multiplies it by
// on average (their geometric mean, engine's FactorPerUpdate), or that
// the epoch's factor is beyond float64.
func factorText(c common, r *engine.Run, f float64, digits int) string {
	if !beyondFloat(r, f) {
		return "×" + num(f, digits) + "/" + perUnit(c, r)
	}
	if g := r.FactorPerUpdate(r.LR()); g > 0 && !math.IsInf(g, 0) {
		return c.trf("×%s/update on average", num(g, digits+1))
	}
	if f == 0 {
		return c.tr("×<1e−308/epoch")
	}
	return c.tr("×>1e308/epoch")
}

// exactEpoch is the most updates an epoch may have for a factor of 0 to be
// taken as exact (a term 1 − α·h that is 0) rather than a product below
// float64's range.
const exactEpoch = 64

// beyondFloat reports whether factor f of an epoch of r is 0, subnormal or
// ±∞ because the product of the epoch's many updates left float64's
// normal range.
func beyondFloat(r *engine.Run, f float64) bool {
	return (math.Abs(f) < 0x1p-1022 || math.IsInf(f, 0)) && r.UpdatesPerEpoch() > exactEpoch
}

// modeText describes r's update mode in a few words.
func modeText(c common, r *engine.Run) string {
	cfg := r.Config()
	var s string
	switch cfg.Mode {
	case engine.Sample:
		s = c.tr("per-sample")
	case engine.Batch:
		s = c.tr("full batch")
	default:
		s = c.trf("mini-batch of %d", cfg.Batch)
	}
	if cfg.Shuffle {
		s += ", " + c.tr("shuffled")
	}
	return s
}

// optimizerTag names r's optimizer for the header, unless it is plain
// gradient descent.
func optimizerTag(r *engine.Run) string {
	if o := r.Optimizer(); o.Kind != engine.GD {
		return o.Kind.String()
	}
	return ""
}

// joinWhat joins what a screen shows in its header, leaving out the empty.
func joinWhat(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}
