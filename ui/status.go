package ui

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

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

// The quantities a run keeps while it steps — α, where α is stable, the
// optimum, the factor of an epoch — are written with these significant
// digits wherever a frame shows them, so that each reads the same on
// every part of a frame and from one frame to the next. A status line
// that does not fit first shortens and drops what changes with every
// update (the prediction, the counters, the mean loss), then the start;
// only then does it write the kept quantities with fewer digits, and the
// curve's legend follows it (keptDigits).
const (
	alphaDigits   = 6
	optimumDigits = 6
	stableDigits  = 4
	factorDigits  = 4
)

// optimumText writes parameter j's optimum in a with digits significant
// digits, rounding noise next to the others shown as 0.
func optimumText(a engine.Analysis, j, digits int) string {
	return num(tidy(a.Optimum[j], a.Optimum), digits)
}

// stableBound writes the largest stable α of a as every frame does.
func stableBound(a engine.Analysis) string { return num(a.LRMaxStable, stableDigits) }

// statusLines are the lines under a run screen's picture, w columns wide:
// α and where α is stable, the start and the optimum of parameter j, the
// counts and the prediction; the regime and the mean loss (and, with
// withStatus, the run's status once decided: the compare view's header
// speaks for every run); and the message lines.
func statusLines(c common, r *engine.Run, j int, message []string, withStatus bool, w int) []string {
	line1, _ := firstStatusLine(c, r, j, w)
	st := c.st
	sep := st.subtle.Render(" │ ")
	loss := func(d int) string { return st.label.Render(c.tr("mean loss")+" ") + num(r.MSE(), d) }
	status := ""
	if s := statusText(c, r.Status()); withStatus && s != "" {
		status = s
	}
	a := r.Analysis()
	badge := func(d int) string { return regimeBadge(c, r, a, d) }
	line2 := firstFit(w,
		joinNonEmpty(sep, badge(factorDigits), loss(6), status),
		joinNonEmpty(sep, badge(factorDigits), loss(4), status),
		joinNonEmpty(sep, badge(factorDigits), loss(3), status),
		joinNonEmpty(sep, badge(3), loss(3), status),
		joinNonEmpty(sep, badge(2), loss(3), status),
		joinNonEmpty(sep, badge(2), loss(3)),
		badge(2))
	return append([]string{line1, line2}, message...)
}

// firstStatusLine is a status line's first line in w columns, and the
// significant digits it writes the kept quantities with (α, the stable
// bound, the optimum): all of them at their most precise when they fit,
// the prediction and the counters shortened or left out before them.
func firstStatusLine(c common, r *engine.Run, j, w int) (string, int) {
	st := c.st
	a := r.Analysis()
	name := r.Model().Params()[j]
	sep := st.subtle.Render(" │ ")
	lab := func(s string) string { return st.label.Render(s) }
	alpha := func(d int) string {
		return lab("α ") + st.highlight.Render(num(r.LR(), d)) + lab(" ("+stableText(c, r, a, min(d, stableDigits))+")")
	}
	start := func(d int) string { return lab(startLabel(c, name)) + num(r.Init()[j], d) }
	opt := func(d int) string { return lab(name+"* ") + st.optimum.Render(optimumText(a, j, d)) }
	long := lab(c.tr("update")+" ") + st.strong.Render(itoa(r.Updates())) + lab(" · "+c.tr("epoch")+" ") + itoa(lastEpoch(r))
	short := lab(c.tr("update")+" ") + st.strong.Render(itoa(r.Updates()))
	predict := func(d int) string { return lab("ŷ(4) = ") + num(r.Predict(4), d) }
	// The variants, most precise first, each tried only when the one
	// before is too wide; the last is drawn when none fits.
	text, digits := "", 0
	try := func(d int, parts ...string) bool {
		text, digits = joinNonEmpty(sep, parts...), d
		return ansi.StringWidth(text) <= w
	}
	const most, fewer, fewest = optimumDigits, 4, 3
	a6 := alpha(alphaDigits)
	switch {
	case try(most, a6, start(most), opt(most), long, predict(most)):
	case try(most, a6, start(most), opt(most), long, predict(fewer)):
	case try(most, a6, start(most), opt(most), long, predict(fewest)):
	case try(most, a6, start(most), opt(most), short, predict(fewest)):
	case try(most, a6, start(most), opt(most), short):
	case try(most, a6, opt(most), short):
	case try(fewer, alpha(fewer), opt(fewer), short):
	case try(fewest, alpha(fewest), opt(fewest), short):
	case try(fewest, alpha(fewest), short):
	default:
		try(fewest, alpha(fewest))
	}
	return text, digits
}

// keptDigits is the significant digits the kept quantities of run r
// (with parameter j chosen) have on a run screen's frame of c's width:
// those its status line writes them with.
func keptDigits(c common, r *engine.Run, j int) int {
	_, d := firstStatusLine(c, r, j, c.lay.width)
	return d
}

// joinNonEmpty joins the parts that are not empty with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// formulaLines wraps prose s into lines of at most w columns at its
// spaces, but never beside a sign that joins the terms of a formula
// (signs) nor before a parenthesis that follows a number, so that
// "w − α·g" and "α·g = 1e−20 × (−9.333) = −9.33e−20" each stay on one
// line; a formula wider than w is broken. s carries no styles.
func formulaLines(s string, w int) []string {
	words := strings.Split(s, " ")
	var b strings.Builder
	for i, word := range words {
		if i > 0 {
			prev := words[i-1]
			if isSign(prev) || isSign(word) || strings.HasPrefix(word, "(") && endsInDigit(prev) {
				b.WriteString(nbsp) // ansi.Wrap does not break there
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(word)
	}
	units := strings.Split(b.String(), " ")
	for i, u := range units {
		if ansi.StringWidth(u) > w { // a formula wider than a line breaks at its spaces
			units[i] = strings.ReplaceAll(u, nbsp, " ")
		}
	}
	lines := wrapWords(strings.Join(units, " "), w)
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], nbsp, " ")
	}
	return lines
}

// fitFormulas returns the first of variants that formulaLines wraps into
// at most two lines of w columns (else the last, wrapped alike), each
// line painted with st, joined by newlines.
func fitFormulas(st painter, w int, variants ...string) string {
	var lines []string
	for _, v := range variants {
		if lines = formulaLines(v, w); len(lines) <= 2 {
			break
		}
	}
	for i := range lines {
		lines[i] = st.Render(lines[i])
	}
	return strings.Join(lines, "\n")
}

// nbsp is the no-break space, at which ansi.Wrap does not break a line.
const nbsp = "\u00a0"

// signs are the signs between the terms of a formula.
const signs = "=×−+·<>≤≥≈"

// isSign reports whether word is one sign of a formula.
func isSign(word string) bool {
	return utf8.RuneCountInString(word) == 1 && strings.Contains(signs, word)
}

// endsInDigit reports whether word ends in a digit.
func endsInDigit(word string) bool {
	return word != "" && word[len(word)-1] >= '0' && word[len(word)-1] <= '9'
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
// and the factor (factorText) with digits significant digits. A run that
// has stalled is not called converging, whatever its factor: no update
// moves it any more.
func regimeBadge(c common, r *engine.Run, a engine.Analysis, digits int) string {
	switch {
	case a.Regime == engine.Adaptive:
		return c.st.highlight.Render(c.tr("≈ adaptive step: no fixed-α bound"))
	case math.IsInf(a.LRMaxStable, 1): // no curvature
		return c.st.good.Render(c.tr("— flat: the loss does not depend on w"))
	case a.Regime != engine.Diverging && r.Status() == engine.Stalled:
		return c.st.warn.Render("∥ " + c.trf("not converging: factor %s", factorText(c, r, a.Factor, digits)))
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

// factorText writes the factor f of an epoch of r as "×0.739/epoch", or,
// on epochs of more than engine.LongEpoch updates, per update. An
// epoch of many updates (a large dataset, per sample) can multiply the
// error by less or more than float64 holds, and the engine's factor is
// then 0 or ±∞: the text says instead what each update multiplies it by
// on average (their geometric mean, engine's FactorPerUpdate), or that
// the epoch's factor is beyond float64.
func factorText(c common, r *engine.Run, f float64, digits int) string {
	// On epochs of more than engine.LongEpoch updates the engine judges
	// the regime and the presets per update; so does this text.
	if r.UpdatesPerEpoch() > engine.LongEpoch {
		if g := r.FactorPerUpdate(r.LR()); g > 0 && !math.IsInf(g, 0) {
			return c.trf("×%s/update on average", numOff1(g, digits+1))
		}
	}
	if !beyondFloat(r, f) {
		text := "×" + numOff1(f, digits) + "/" + perUnit(c, r)
		if math.Abs(f) == 1 { // 1 − α·h rounds to 1: the error shrinks by less than float64 holds
			return c.trf("%s to float64 precision", text)
		}
		return text
	}
	if g := r.FactorPerUpdate(r.LR()); g > 0 && !math.IsInf(g, 0) {
		return c.trf("×%s/update on average", numOff1(g, digits+1))
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
func joinWhat(parts ...string) string { return joinNonEmpty(" · ", parts...) }
