package engine

import (
	"math"
	"testing"
)

// builtins mirrors the datasets package's built-in data (engine must not
// import it), for checks that should hold on every one.
var builtins = map[string][2][]float64{
	"hours":  {{1, 2, 3}, {2, 4, 6}},
	"offset": {{1, 2, 3, 4, 5}, {3, 5, 7, 9, 11}},
	"tens":   {{10, 20, 30}, {20, 40, 60}},
	"noisy":  {{1, 2, 3, 4, 5, 6, 7, 8}, {2.3, 3.6, 6.4, 7.7, 10.5, 11.6, 14.3, 15.8}},
	"curved": {{-2, -1, 0, 1, 2, 3}, {11, 6, 3, 2, 3, 6}},
}

// powerLambdaMax finds the largest eigenvalue of the mean-loss Hessian
// (2/n)·Σφφᵀ by power iteration, independently of the engine's solver.
func powerLambdaMax(m Model, xs []float64) float64 {
	k := m.NumParams()
	v := Vec{1, 0.7, 0.3}
	lambda := 0.0
	for range 5000 {
		var w Vec
		for _, x := range xs {
			phi := m.Features(x)
			d := 0.0
			for j := 0; j < k; j++ {
				d += phi[j] * v[j]
			}
			for j := 0; j < k; j++ {
				w[j] += 2 * phi[j] * d / float64(len(xs))
			}
		}
		norm := 0.0
		for j := 0; j < k; j++ {
			norm += w[j] * w[j]
		}
		norm = math.Sqrt(norm)
		lambda = norm
		for j := 0; j < k; j++ {
			v[j] = w[j] / norm
		}
	}
	return lambda
}

func TestBatchBoundIsTwoOverLargestCurvatureEverywhere(t *testing.T) {
	for name, d := range builtins {
		for _, m := range Models() {
			r, err := New(Config{Setup: Setup{X: d[0], Y: d[1], Model: m, Mode: Batch}, Start: Start{LR: 1e-4, Init: Vec{1, 1, 1}}})
			if err != nil {
				t.Fatal(err)
			}
			a := r.Analysis()
			want := 2 / powerLambdaMax(m, d[0])
			if math.Abs(a.LRMaxStable-want) > 1e-6*want || len(a.StableIntervals) != 1 {
				t.Errorf("%s/%s batch: lr_max_stable %v, %d intervals; want 2/λmax = %v and one", name, m.Name(), a.LRMaxStable, len(a.StableIntervals), want)
			}
		}
	}
}

func TestMiniBatchBound(t *testing.T) {
	// Batches {1, 2} and {3}: the epoch multiplies the error by
	// (1 − 5α)(1 − 18α) = 1 − 23α + 90α², which reaches 1 at α = 23/90 and
	// never −1 (its minimum is 1 − 529/360 > −1).
	r := lectureRun(t, func(c *Config) { c.Mode = MiniBatch; c.Batch = 2 })
	a := r.Analysis()
	if math.Abs(a.LRMaxStable-23.0/90) > 1e-8 || len(a.StableIntervals) != 1 {
		t.Errorf("mini-batch of 2: lr_max_stable %v (%d intervals), want 23/90", a.LRMaxStable, len(a.StableIntervals))
	}
	if f, _ := r.Factor(0.1); math.Abs(f-(1-0.5)*(1-1.8)) > 1e-12 {
		t.Errorf("mini-batch factor at 0.1 = %v, want (1 − 0.5)(1 − 1.8)", f)
	}
}

func TestShortLastBatchUsesItsOwnSize(t *testing.T) {
	// Five points in batches of 3 and 2: the second update averages the
	// gradients of x = 4 and 5 only, at the w the first update left.
	c := Config{Setup: Setup{X: []float64{1, 2, 3, 4, 5}, Y: []float64{2, 4, 6, 8, 10}, Model: ModelW, Mode: MiniBatch, Batch: 3}, Start: Start{LR: 0.001, Init: Vec{1}}}
	r, _ := New(c)
	r.Step()
	rec := r.Step()
	w := rec.Before[0]
	want := (0.0 + 2*4*(4*w-8) + 2*5*(5*w-10)) / 2
	if rec.Size != 2 || rec.Index != 3 || rec.Grad[0] != want {
		t.Errorf("short batch: size %d index %d grad %v, want 2, 3, %v", rec.Size, rec.Index, rec.Grad[0], want)
	}
	// Its map is 1 − α·(2/2)(16 + 25): with the first, (1 − α·(2/3)(1+4+9))(1 − 41α).
	if f, _ := r.Factor(0.01); math.Abs(f-(1-0.01*28.0/3)*(1-0.41)) > 1e-12 {
		t.Errorf("factor %v, want %v", f, (1-0.01*28.0/3)*(1-0.41))
	}
}

func TestLastUsesTheRecordedAlpha(t *testing.T) {
	r := lectureRun(t, nil)
	first := r.Step()
	r.SetLR(0.5)
	if last, _ := r.Last(); last.LR != 0.01 || last.After != first.After {
		t.Errorf("after changing α, Last() says α %v, w %v; want 0.01 and %v", last.LR, last.After[0], first.After[0])
	}
}

func TestShuffledEpochsDiffer(t *testing.T) {
	c := Lecture()
	c.X, c.Y = []float64{1, 2, 3, 4, 5, 6}, []float64{2, 4, 6, 8, 10, 12}
	c.Shuffle, c.Seed = true, 42
	r, _ := New(c)
	var e0, e1 []int
	for range 6 {
		e0 = append(e0, r.Step().Index)
	}
	for range 6 {
		e1 = append(e1, r.Step().Index)
	}
	same, inOrder := true, true
	for i := range e0 {
		same = same && e0[i] == e1[i]
		inOrder = inOrder && e0[i] == i
	}
	if same || inOrder {
		t.Errorf("shuffled orders %v and %v: want two different orders, not the data's", e0, e1)
	}
}

func TestHistoryAfterBackHasEveryUpdateOnce(t *testing.T) {
	r := lectureRun(t, nil)
	r.Advance(10)
	for range 5 {
		r.Back()
	}
	r.Advance(5)
	h := r.History()
	if len(h) != 11 {
		t.Fatalf("%d history points, want 11", len(h))
	}
	for i, p := range h {
		if p.Update != i {
			t.Fatalf("history point %d is update %d", i, p.Update)
		}
	}
}

func TestTinyAlphaIsNotDivergingAndStallIsNotConvergence(t *testing.T) {
	r := lectureRun(t, func(c *Config) { c.LR = 1e-300 })
	if _, g := r.Factor(1e-300); g != Converging {
		t.Errorf("α = 1e-300: %v, want converging (1 − αL rounds to 1)", g)
	}
	s := lectureRun(t, func(c *Config) { c.LR = 3e-12 })
	if st := s.Status(); st != Running {
		t.Errorf("α = 3e-12 at the start: %v, want running (it has stalled, not converged)", st)
	}
}

func TestDataTooLargeToSquareIsRefused(t *testing.T) {
	if _, err := New(Config{Setup: Setup{X: []float64{1e200, 2e200}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1}}}); err == nil {
		t.Error("x = 1e200 accepted: its square overflows")
	}
	if _, err := New(Config{Setup: Setup{X: []float64{1, 2}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1e300}}}); err == nil {
		t.Error("w0 = 1e300 accepted")
	}
}

func TestPresetsWithoutCurvature(t *testing.T) {
	r, _ := New(Config{Setup: Setup{X: []float64{0, 0}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1}}})
	for _, p := range r.Presets() {
		if p.Regime != Converging || p.LR != 0.01 {
			t.Errorf("no curvature: preset %+v", p)
		}
	}
}
