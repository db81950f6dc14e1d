package ui

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"descent/datasets"
	"descent/engine"
)

// lectureFactor is what one epoch of the lecture's per-sample loop
// multiplies the error by at α, in float64: (1 − 2α)(1 − 8α)(1 − 18α).
func lectureFactor(lr float64) float64 { return (1 - 2*lr) * (1 - 8*lr) * (1 - 18*lr) }

// statusOf returns the frame's lines below the receipt: the two status
// lines and the message, without styles.
func statusOf(m Model) []string {
	lines := strings.Split(ansi.Strip(m.Render()), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "α ") {
			return lines[i : len(lines)-1]
		}
	}
	return nil
}

// TestStalledIsNotConverging checks the regime line of a run that stalls:
// at α = 1e−20 the epoch's factor 1 − 28α is 1 in float64, and nothing
// moves w, so the line neither says converging nor shows a bare ×1; it
// says that the factor is 1 to float64 precision.
func TestStalledIsNotConverging(t *testing.T) {
	if f := lectureFactor(1e-20); f != 1 {
		t.Fatalf("the factor at α = 1e−20 is %v in float64, not 1", f)
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		m := newModel(t, size[0], size[1], func(c *engine.Config) { c.LR = 1e-20 })
		m.advance(3)
		if m.lab.run.Status() != engine.Stalled {
			t.Fatalf("α = 1e−20 is %v, not stalled", m.lab.run.Status())
		}
		frame := ansi.Strip(m.Render())
		if strings.Contains(frame, "↘") || strings.Contains(frame, "↘ converging") {
			t.Errorf("%v: a stalled run is called converging:\n%s", size, frame)
		}
		if !strings.Contains(frame, "×1/epoch to float64 precision") {
			t.Errorf("%v: the factor 1 is not said to be 1 to float64 precision:\n%s", size, frame)
		}
	}
}

// factorIn returns the factor a frame's regime badge shows, parsed.
var factorIn = regexp.MustCompile(`(converging|oscillating|diverging) ×(−?[0-9.]+)/epoch`)

// TestFactorNearOneShowsItsDigits checks that a factor that is not 1 is
// never written 1: α = 1e−9 multiplies the error by 1 − 2.8e−8 per
// epoch, which converges; the badge writes enough digits to show it is
// below 1, and they agree with the product.
func TestFactorNearOneShowsItsDigits(t *testing.T) {
	for _, lr := range []float64{1e-9, 1e-12, 1e-15} {
		m := newModel(t, 80, 24, func(c *engine.Config) { c.LR = lr })
		frame := ansi.Strip(m.Render())
		got := factorIn.FindStringSubmatch(frame)
		if got == nil || got[1] != "converging" {
			t.Fatalf("α = %g: no converging factor in\n%s", lr, frame)
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(got[2], "−", "-"), 64)
		want := lectureFactor(lr)
		if err != nil || !(f < 1) {
			t.Errorf("α = %g: the factor reads %q, not below 1", lr, got[2])
			continue
		}
		digits := len(strings.TrimLeft(strings.ReplaceAll(got[2], ".", ""), "0"))
		if half := 0.5 * math.Pow(10, math.Floor(math.Log10(want))-float64(digits-1)); math.Abs(f-want) > half {
			t.Errorf("α = %g: the factor reads %s, the product is %v", lr, got[2], want)
		}
	}
	// Near 2/L the factor's size is near 1 on the other side: it
	// diverges, and the text shows a size above 1.
	m := newModel(t, 100, 30, func(c *engine.Config) { c.LR = 0.20402 })
	got := factorIn.FindStringSubmatch(ansi.Strip(m.Render()))
	if got == nil || got[1] != "diverging" || got[2] == "1" || got[2] == "−1" {
		t.Errorf("α = 0.20402: the badge reads %q", got)
	}
}

// TestStallLineWrapsBetweenFormulas checks the stall line at every width
// from 80 to 130 columns, in both languages: it takes at most two lines,
// and each formula in it — the step α·g multiplied out and w − α·g — is
// on one line, not broken at a sign.
func TestStallLineWrapsBetweenFormulas(t *testing.T) {
	formulas := []string{"α·g = 1e−20 × (−9.333) = −9.33e−20", "w − α·g", "w = 1 (1.1e−16)"}
	for _, lang := range []Lang{English, Korean} {
		for w := 80; w <= 130; w++ {
			m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: w, Height: 30, Lang: lang})
			m.lab.run.SetLR(1e-20)
			lines := statusOf(m)
			if len(lines) < 3 {
				t.Fatalf("%s %d: no status lines", lang, w)
			}
			msg := lines[2:]
			if len(msg) > 2 {
				t.Errorf("%s %d: the stall line takes %d lines: %q", lang, w, len(msg), msg)
			}
			for _, f := range formulas {
				joined := strings.Join(msg, " ")
				if !strings.Contains(joined, f) {
					continue // the shorter variant
				}
				whole := false
				for _, l := range msg {
					whole = whole || strings.Contains(l, f)
				}
				if !whole {
					t.Errorf("%s %d: %q is broken across lines:\n%s", lang, w, f, strings.Join(msg, "\n"))
				}
			}
			for _, l := range msg {
				if l = strings.TrimSpace(l); strings.HasSuffix(l, " −") || strings.HasSuffix(l, " =") || strings.HasSuffix(l, " ×") ||
					strings.HasPrefix(l, "− ") || strings.HasPrefix(l, "= ") || strings.HasPrefix(l, "× ") {
					t.Errorf("%s %d: a line ends or starts at a sign: %q", lang, w, l)
				}
			}
		}
	}
}

// TestFormulaLinesKeepFormulasWhole checks the wrapping itself on prose
// with formulas.
func TestFormulaLinesKeepFormulasWhole(t *testing.T) {
	s := "the step α·g = 0.01 × (−2) = −0.02 moves w = 1 (one) to w − α·g = 1.02 at last"
	for w := 12; w <= len(s); w++ {
		lines := formulaLines(s, w)
		if got := strings.Join(lines, " "); got != s {
			t.Fatalf("%d: the words changed: %q", w, got)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("%d: %q is wider", w, l)
			}
			if w >= 26 && (strings.HasSuffix(l, " −") || strings.HasSuffix(l, " =") || strings.HasSuffix(l, " ×")) {
				t.Errorf("%d: a line ends at a sign: %q", w, l)
			}
		}
		for _, f := range []string{"α·g = 0.01 × (−2) = −0.02", "w − α·g = 1.02", "w = 1 (one)"} {
			if ansi.StringWidth(f) > w {
				continue // broken at its spaces, as prose
			}
			whole := false
			for _, l := range lines {
				whole = whole || strings.Contains(l, f)
			}
			if !whole {
				t.Errorf("%d: %q broken: %q", w, f, lines)
			}
		}
	}
}

// TestOneSpellingPerQuantity checks that a frame writes each quantity
// the run keeps the same way wherever it shows it, and that it keeps
// that spelling from frame to frame while the counters grow: w* on noisy
// data (the least-squares slope Σxy/Σx²), the stable intervals of the
// lecture's loop at α = 0.5 (0.4765 < α < 0.519), and the factor in the
// compare view's table and status line.
func TestOneSpellingPerQuantity(t *testing.T) {
	noisy, _ := datasets.Lookup("noisy")
	sxy, sxx := 0.0, 0.0
	for i, x := range noisy.X {
		sxy += x * noisy.Y[i]
		sxx += x * x
	}
	wstar := num(sxy/sxx, optimumDigits)
	if wstar == "2" {
		t.Fatalf("noisy data's w* %v reads 2 at %d digits", sxy/sxx, optimumDigits)
	}
	star := regexp.MustCompile(`w\* (?:= )?(\S+)`)
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		c := engine.Lecture()
		c.X, c.Y = noisy.X, noisy.Y
		m := New(Options{Config: c, Data: noisy, Width: size[0], Height: size[1]})
		for _, steps := range []int{0, 7, 120, 3000} {
			m.advance(steps - m.lab.run.Updates())
			frame := ansi.Strip(m.Render())
			all := star.FindAllStringSubmatch(frame, -1)
			if len(all) < 2 {
				t.Fatalf("%v after %d: w* shown %d times:\n%s", size, steps, len(all), frame)
			}
			for _, s := range all {
				if v := strings.TrimRight(s[1], ",;"); v != wstar {
					t.Errorf("%v after %d updates: w* reads %q, want %q everywhere:\n%s", size, steps, v, wstar, frame)
				}
			}
		}
	}
	// The lecture's loop at α = 0.5 converges again between 0.4765 and
	// 0.519, said alike on the status line and in the settings, however
	// many updates the counters show.
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newModel(t, size[0], size[1], func(c *engine.Config) { c.LR = 0.5 })
		for _, steps := range []int{1, 12, 1234} {
			m.advance(steps - m.lab.run.Updates())
			frame := ansi.Strip(m.Render())
			if strings.Contains(frame, "0.477") || !strings.Contains(frame, "0.4765–0.519") {
				t.Errorf("%v after %d updates: the second interval is not 0.4765–0.519:\n%s", size, steps, frame)
			}
			if size[0] >= wideW && !strings.Contains(frame, "(0.4765, 0.519)") {
				t.Errorf("%v: the settings do not say (0.4765, 0.519):\n%s", size, frame)
			}
		}
	}
	// The compare view: the selected run's factor reads the same in the
	// table and on the status line. At α = 0.002 the lecture's epoch
	// multiplies the error by (1 − 0.004)(1 − 0.016)(1 − 0.036).
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 120, Height: 40, Compare: []float64{0.002, 0.05, 0.09, 0.3}})
	f := num(lectureFactor(0.002), factorDigits)
	frame := ansi.Strip(m.Render())
	if strings.Count(frame, f) < 2 || !strings.Contains(frame, "×"+f+"/epoch") {
		t.Errorf("the factor %s is not written alike in the table and the status line:\n%s", f, frame)
	}
}

// On an epoch of more than engine.LongEpoch updates (200 samples, per
// sample) the status line gives the factor per update, as the presets
// and the regime do; the lecture's three updates keep the epoch's.
func TestLongEpochFactorIsPerUpdate(t *testing.T) {
	c := engine.Lecture()
	c.X, c.Y = make([]float64, 200), make([]float64, 200)
	for i := range c.X {
		c.X[i] = 4 * float64(i) / 200
		c.Y[i] = 2*c.X[i] + 1
	}
	m := New(Options{Config: c, Data: datasets.Dataset{Name: "two-hundred.csv", X: c.X, Y: c.Y}, Width: 120, Height: 40})
	frame := ansi.Strip(m.Render())
	if !strings.Contains(frame, "/update on average") || strings.Contains(frame, "/epoch") {
		t.Errorf("200 updates an epoch:\n%s", frame)
	}
	if frame := ansi.Strip(newModel(t, 120, 40, nil).Render()); !strings.Contains(frame, "×0.7393/epoch") {
		t.Errorf("the lecture's epoch factor (1−0.02)(1−0.08)(1−0.18) = 0.7393 is not shown:\n%s", frame)
	}
}
