package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"descent/engine"
)

// Lang is the language of the lesson's narration and of the view's labels.
type Lang string

// The languages descent speaks.
const (
	English Lang = "en"
	Korean  Lang = "ko"
)

// DetectLang picks the language from LC_ALL, LC_MESSAGES or LANG (as
// getenv returns them): Korean for ko…, English otherwise.
func DetectLang(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return Korean
			}
			return English
		}
	}
	return English
}

// ParseLang returns the language called s ("en" or "ko").
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case English, Korean:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unknown language %q (want en or ko)", s)
}

// tr translates s into lang: the catalog's Korean for Korean (catalog.go),
// s itself for English. A string the catalog lacks stays English; a test
// fails for every such string the package's code passes to tr.
func tr(lang Lang, s string) string {
	if lang == Korean {
		if t, ok := korean[s]; ok {
			return t
		}
	}
	return s
}

// trf translates format into lang and formats args with it. Korean
// formats may take their arguments in another order (%[2]s).
func trf(lang Lang, format string, args ...any) string {
	return fmt.Sprintf(tr(lang, format), args...)
}

// presetName is preset p's name in English, the key of its translation.
func presetName(p engine.Preset) string {
	return [...]string{"too small", "just right", "oscillating", "diverging"}[p.Kind]
}

// presetWatch tells the room, in lang, what to watch for at preset p,
// whose factor is per unit (an epoch or an update, already in lang). The
// preset of a long epoch (engine.LongEpoch) is judged per update: its
// words give the factor per update and the share of the updates that
// overshoot, and unit is not used.
func presetWatch(lang Lang, p engine.Preset, unit string) string {
	if p.LongEpoch && !p.Flat {
		return presetWatchUpdates(lang, p)
	}
	switch {
	case p.Flat:
		return tr(lang, "the loss has no curvature here: every w is a minimiser and α changes nothing")
	case p.Kind == engine.PresetTooSmall:
		return trf(lang, "each %s keeps %s%% of the error: w crawls toward w*", unit, percent(p.Factor))
	case p.Kind == engine.PresetJustRight && math.Abs(p.Factor) < 0.5:
		return trf(lang, "factor %s per %s: w lands near w* almost at once", num(p.Factor, 2), unit)
	case p.Kind == engine.PresetJustRight:
		return trf(lang, "the fastest α there is, and still factor %s per %s: a long flat valley", num(p.Factor, 4), unit)
	case p.Kind == engine.PresetOscillating && p.Edge:
		return trf(lang, "the slowest direction never zig-zags here; near the edge the steep one does (factor %s per %s)", num(p.Factor, 4), unit)
	case p.Kind == engine.PresetOscillating:
		return trf(lang, "factor %s per %s: w overshoots w* and zig-zags in", num(p.Factor, 2), unit)
	}
	return trf(lang, "|factor| %s > 1: every %s throws w further out", numOff1(math.Abs(p.Factor), 2), unit)
}

// presetWatchUpdates is presetWatch for the preset p of a long epoch: an
// epoch's factor is then next to nothing (or beyond float64) at almost
// every α, and its sign the parity of the updates that overshoot, so the
// words are about the updates: on average (the geometric mean of their
// factors, engine's FactorPerUpdate), and one by one (the shares that
// overshoot w* and that throw w further out).
func presetWatchUpdates(lang Lang, p engine.Preset) string {
	u := p.PerUpdate
	var s string
	switch {
	case p.Kind == engine.PresetTooSmall:
		s = trf(lang, "an update keeps %s%% of the error on average: w crawls toward w*", percent(u))
	case p.Kind == engine.PresetJustRight && u < 0.5:
		s = trf(lang, "about the fastest α: ×%s per update on average", num(u, 2))
	case p.Kind == engine.PresetJustRight:
		s = trf(lang, "about the fastest α: still ×%s per update on average", numOff1(u, 4))
	case p.Kind == engine.PresetOscillating && p.Edge:
		return trf(lang, "no α zig-zags faster than ×0.9 per update; near the edge, ×%s on average, %s%% of updates overshooting w*", numOff1(u, 4), share(p.Overshoot))
	case p.Kind == engine.PresetOscillating && p.Throw == 0:
		s = trf(lang, "×%s per update on average: w zig-zags in", num(u, 2))
	case p.Kind == engine.PresetOscillating:
		s = trf(lang, "×%s per update on average: w zig-zags in wide swings", num(u, 2))
	default:
		return trf(lang, "|factor| %s > 1 per update on average: the updates throw w further out", numOff1(u, 2))
	}
	switch {
	case p.Throw > 0:
		s += "; " + trf(lang, "%s%% of updates overshoot w*, %s%% landing further out", share(p.Overshoot), share(p.Throw))
	case p.Overshoot > 0:
		s += "; " + trf(lang, "%s%% of updates overshoot w*", share(p.Overshoot))
	}
	return s
}

// share formats a share s of 0 to 1 as a percentage: whole percents, or
// the one digit that keeps a share above 0 (or below 1) from reading 0
// (or 100).
func share(s float64) string {
	p := 100 * s
	switch {
	case p > 0 && p < 1:
		return num(p, 1)
	case p > 99 && p < 100:
		return strconv.FormatFloat(math.Floor(p*10)/10, 'f', -1, 64)
	}
	return strconv.FormatFloat(math.Round(p), 'f', -1, 64)
}

// percent formats |f| as a percentage with the digits that matter near 100.
func percent(f float64) string {
	p := 100 * math.Abs(f)
	if p > 99 && p < 100 {
		return fmt.Sprintf("%.*f", int(math.Ceil(-math.Log10(100-p))), p)
	}
	return fmt.Sprintf("%.0f", p)
}

// regimeWord is a regime's name in lang.
func regimeWord(lang Lang, g engine.Regime) string { return tr(lang, g.String()) }

// updatesText counts updates in lang: "1 update", "30 updates".
func updatesText(lang Lang, n int) string {
	if n == 1 {
		return tr(lang, "1 update")
	}
	return trf(lang, "%d updates", n)
}

// reachTol is the compare table's target: updates until the mean loss is
// within reachTol of the least loss, which noisy data never brings to 0.
const reachTol = 1e-6

// reachText words, in lang, how a compared run fares against the target:
// "78 updates", or why it does not reach it: it diverged, it settled above
// the target (cycling, stalled) and never will, or not within the updates
// tried.
func reachText(lang Lang, r engine.Reach) string {
	switch {
	case r.Updates >= 0:
		return updatesText(lang, r.Updates)
	case r.Status == engine.Diverged:
		return tr(lang, "diverges")
	case r.Status == engine.Cycling:
		return tr(lang, "never: cycles")
	case r.Status == engine.Stalled:
		return tr(lang, "never: stalls")
	case r.Status == engine.Converged:
		return tr(lang, "never")
	}
	return trf(lang, "not in %d", r.Tried)
}
