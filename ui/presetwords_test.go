package ui

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"descent/datasets"
	"descent/engine"
)

// gridOptions are the options of a run on n samples with x evenly spread
// over [0, 4] and y = 2x + 1, one weight, per sample: an epoch of n
// updates, each multiplying the error by 1 − 2αx².
func gridOptions(n, w, h int) (Options, []float64) {
	c := engine.Lecture()
	c.X, c.Y = make([]float64, n), make([]float64, n)
	for i := range c.X {
		c.X[i] = 4 * (float64(i) + 0.5) / float64(n)
		c.Y[i] = 2*c.X[i] + 1
	}
	return Options{Config: c, Data: datasets.Dataset{Name: "grid.csv", X: c.X, Y: c.Y}, Width: w, Height: h}, c.X
}

// geoMean is what one update multiplies the error by on average at α:
// the geometric mean of the factors 1 − 2αx², whose product is the
// epoch's.
func geoMean(x []float64, lr float64) float64 {
	s := 0.0
	for _, xi := range x {
		s += math.Log(math.Abs(1 - 2*lr*xi*xi))
	}
	return math.Exp(s / float64(len(x)))
}

// percentOf returns the share of x for which f holds, in whole percents.
func percentOf(x []float64, f func(float64) bool) string {
	n := 0
	for _, xi := range x {
		if f(xi) {
			n++
		}
	}
	return strconv.Itoa(int(math.Round(100 * float64(n) / float64(len(x)))))
}

// On 2000 samples an epoch is 2000 updates: the presets' words speak of
// the updates. With x uniform on [0, 4] the fastest α per update is near
// 0.045 (engine's TestLongEpochPresets), the updates with 2αx² > 1
// overshoot w* and from α = 1/16 on those with 2αx² > 2 throw w further
// out: too small crawls at ×0.978 per update; just right, 0.04, goes
// ×0.44 with 12 % of the updates overshooting; oscillating, 0.06, the
// last one-digit α that throws no update out, zig-zags at ×0.46 with 28 %
// overshooting; diverging, 0.3, grows ×1.4 per update.
func TestLongEpochPresetWords(t *testing.T) {
	o, x := gridOptions(2000, 120, 40)
	m := New(o)
	over := func(lr float64) string { return percentOf(x, func(xi float64) bool { return 1-2*lr*xi*xi < 0 }) }
	throw := func(lr float64) string { return percentOf(x, func(xi float64) bool { return 1-2*lr*xi*xi < -1 }) }
	want := []struct {
		lr     float64
		regime engine.Regime
		words  []string
	}{
		{0.002, engine.Converging, []string{"an update keeps " + percent(geoMean(x, 0.002)) + "% of the error on average: w crawls toward w*"}},
		{0.04, engine.Oscillating, []string{
			"about the fastest α: ×" + num(geoMean(x, 0.04), 2) + " per update on average",
			over(0.04) + "% of updates overshoot w*"}},
		{0.06, engine.Oscillating, []string{
			"×" + num(geoMean(x, 0.06), 2) + " per update on average: w zig-zags in;",
			over(0.06) + "% of updates overshoot w*"}},
		{0.3, engine.Diverging, []string{"> 1 per update on average: the updates throw w further out"}},
	}
	if got := []string{percent(geoMean(x, 0.002)), num(geoMean(x, 0.04), 2), over(0.04), num(geoMean(x, 0.06), 2), over(0.06), throw(0.06)}; strings.Join(got, " ") != "98 0.44 12 0.46 28 0" {
		t.Fatalf("the data's own numbers %v, want 98 0.44 12 0.46 28 0", got)
	}
	for i, k := range []rune{'1', '2', '3', '4'} {
		m, _ = send(m, press(k))
		msg := m.lab.msg
		if m.lab.run.LR() != want[i].lr {
			t.Errorf("%c: α = %v, want %v (%q)", k, m.lab.run.LR(), want[i].lr, msg)
		}
		if _, g := m.lab.run.Factor(m.lab.run.LR()); g != want[i].regime {
			t.Errorf("%c: a %v α, want %v", k, g, want[i].regime)
		}
		for _, s := range want[i].words {
			if !strings.Contains(msg, s) {
				t.Errorf("%c: %q\nwant it to say %q", k, msg, s)
			}
		}
		for _, s := range []string{"valley", "per epoch", "the fastest α there is,", " 1 > 1"} {
			if strings.Contains(msg, s) {
				t.Errorf("%c: %q says %q", k, msg, s)
			}
		}
		ko := presetMessage(Korean, m.lab.run, m.lab.run.Presets()[i])
		if ko == msg || !strings.Contains(ko, "업데이트마다") {
			t.Errorf("%c in Korean: %q", k, ko)
		}
		// The message has two lines below the status: at 80 columns the
		// words must fit them, in either language.
		for _, s := range []string{msg, ko} {
			if lines := wrapWords(s, 80); len(lines) > 2 {
				t.Errorf("%c: %q takes %d lines of 80 columns", k, s, len(lines))
			}
		}
	}
	// The factor of the diverging preset, written with the digits it
	// takes to be above 1, is the updates' geometric mean.
	msg := m.lab.msg
	_, rest, _ := strings.Cut(msg, "|factor| ")
	shown, _, _ := strings.Cut(rest, " ")
	if f, err := strconv.ParseFloat(shown, 64); err != nil || !(f > 1) || math.Abs(f-geoMean(x, 0.3)) > 0.051 {
		t.Errorf("diverging: %q shows |factor| %q, want the geometric mean %v, above 1", msg, shown, geoMean(x, 0.3))
	}
}

// The compare view's factor column speaks of updates on a long epoch, as
// the status line does: the geometric mean of the updates' factors, not
// the epoch's power of it (0.97848^100000 reads as nothing a class can
// use).
func TestCompareFactorPerUpdateOnLongEpochs(t *testing.T) {
	o, x := gridOptions(2000, 120, 40)
	m := New(o)
	m, _ = send(m, press('c'))
	frame := ansi.Strip(m.Render())
	if !strings.Contains(frame, "×/update") || strings.Contains(frame, "×/epoch") || strings.Contains(frame, "^") {
		t.Fatalf("compare on 2000 samples: want a ×/update column, no epoch powers\n%s", frame)
	}
	found := 0
	for _, line := range strings.Split(frame, "\n") {
		f := strings.Fields(line)
		for j := 1; j+2 < len(f); j++ {
			if f[j+1] != "converging" && f[j+1] != "oscillating" && f[j+1] != "diverging" {
				continue
			}
			lr, err1 := strconv.ParseFloat(f[j-1], 64)
			shown, err2 := strconv.ParseFloat(f[j+2], 64)
			if err1 != nil || err2 != nil {
				t.Errorf("row %q: α %q, factor %q", line, f[j-1], f[j+2])
				continue
			}
			if u := geoMean(x, lr); math.Abs(shown-u) > 1e-4 || (u > 1) != (shown > 1) {
				t.Errorf("row %q: ×%v per update, the geometric mean is %v", line, shown, u)
			}
			found++
			break
		}
	}
	if found != 4 {
		t.Errorf("found %d rows of the four presets\n%s", found, frame)
	}
}

// A short epoch keeps its words per epoch: the lecture's too small
// keeps (1 − 0.004)(1 − 0.016)(1 − 0.036) = 0.9448 of the error an
// epoch: 94 %.
func TestShortEpochPresetWordsAreTheEpochs(t *testing.T) {
	m := newModel(t, 120, 40, nil)
	m, _ = send(m, press('1'))
	if !strings.Contains(m.lab.msg, "each epoch keeps 94% of the error: w crawls toward w*") {
		t.Errorf("lecture's too small: %q", m.lab.msg)
	}
}

func TestNumOff1(t *testing.T) {
	for _, c := range []struct {
		f      float64
		digits int
		want   string
	}{
		{1.0003, 2, "1.0003"}, {0.99996, 2, "0.99996"}, {-1.0003, 2, "−1.0003"}, {1.02, 2, "1.02"},
		{2.464, 2, "2.5"}, {0.054, 2, "0.054"}, {1, 2, "1"}, {1 + 1e-15, 2, "1.000000000000001"},
		{math.Inf(1), 2, "+∞"},
	} {
		if got := numOff1(c.f, c.digits); got != c.want {
			t.Errorf("numOff1(%v, %d) = %q, want %q", c.f, c.digits, got, c.want)
		}
	}
}

// Every preset's words on a long epoch fit the message's two lines at 80
// columns, in either language, whatever they have to say: two weights
// (ŷ = x·w + b) per sample and in mini-batches, whose fastest α throws
// some updates further out, and momentum, which zig-zags at every α.
func TestLongEpochPresetWordsFitTwoLines(t *testing.T) {
	for _, mut := range []func(*engine.Config){
		func(c *engine.Config) {},
		func(c *engine.Config) { c.Model = engine.ModelWB; c.Init = engine.Vec{1, 1} },
		func(c *engine.Config) {
			c.Model = engine.ModelWB
			c.Init = engine.Vec{1, 1}
			c.Mode = engine.MiniBatch
			c.Batch = 10
		},
		func(c *engine.Config) { c.Model = engine.ModelQuad; c.Init = engine.Vec{1, 1, 1} },
		func(c *engine.Config) { c.Optimizer = engine.NewOptimizer(engine.Momentum) },
		func(c *engine.Config) { c.Optimizer = engine.NewOptimizer(engine.Nesterov) },
	} {
		o, _ := gridOptions(2000, 80, 24)
		for i := range o.Config.Y { // noise, 0.3 by turns
			o.Config.Y[i] += 0.3 * float64(i%3-1)
		}
		mut(&o.Config)
		r, err := engine.New(o.Config)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Presets() {
			if !p.LongEpoch {
				t.Fatalf("%+v: not judged per update on 2000 updates an epoch", p)
			}
			for _, lang := range []Lang{English, Korean} {
				if s := presetMessage(lang, r, p); len(wrapWords(s, 80)) > 2 {
					t.Errorf("%s: %q takes %d lines of 80 columns", r.Model().Params(), s, len(wrapWords(s, 80)))
				}
			}
		}
	}
}
