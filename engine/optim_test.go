package engine

import (
	"math"
	"testing"
)

// The expected values below are the optimizers' documented formulas
// worked through by hand for the lecture's data (x = 1, 2, 3; y = 2, 4, 6),
// w0 = 1, α = 0.01, per-sample updates.

func optRun(t testing.TB, kind OptimizerKind) *Run {
	return lectureRun(t, func(c *Config) { c.Optimizer = NewOptimizer(kind) })
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestMomentumByHand(t *testing.T) {
	r := optRun(t, Momentum)
	// g1 = 2·1·(1 − 2) = −2; the buffer starts at it: b = −2; w = 1 + 0.02.
	// g2 = 2·2·(2·1.02 − 4) = −7.84; b = 0.9·(−2) − 7.84 = −9.64; w = 1.02 + 0.0964.
	// g3 = 2·3·(3·1.1164 − 6) = −15.9048; b = 0.9·(−9.64) − 15.9048 = −24.5808.
	want := []struct{ g, b, w float64 }{{-2, -2, 1.02}, {-7.84, -9.64, 1.1164}, {-15.9048, -24.5808, 1.1164 + 0.245808}}
	for i, w := range want {
		rec := r.Step()
		if !near(rec.Grad[0], w.g) || !near(rec.Opt.M[0], w.b) || !near(rec.After[0], w.w) || rec.Opt.T != i+1 {
			t.Errorf("momentum update %d: g %v b %v w %v (t %d), want %v %v %v", i+1, rec.Grad[0], rec.Opt.M[0], rec.After[0], rec.Opt.T, w.g, w.b, w.w)
		}
	}
}

func TestNesterovByHand(t *testing.T) {
	r := optRun(t, Nesterov)
	// g1 = −2, b = −2, step = g + 0.9·b = −3.8, w = 1.038.
	// g2 = 4·(2.076 − 4) = −7.696, b = −1.8 − 7.696 = −9.496,
	// step = −7.696 − 8.5464 = −16.2424, w = 1.038 + 0.162424.
	a, b := r.Step(), r.Step()
	if !near(a.After[0], 1.038) || !near(b.Grad[0], -7.696) || !near(b.Opt.M[0], -9.496) || !near(b.After[0], 1.038+0.162424) {
		t.Errorf("nesterov: w1 %v, g2 %v, b2 %v, w2 %v", a.After[0], b.Grad[0], b.Opt.M[0], b.After[0])
	}
}

func TestAdaptiveByHand(t *testing.T) {
	// Adagrad: s = 4, w = 1 − 0.01·(−2)/(2 + 1e-10);
	// then g = 4·(2w − 4), s = 4 + g², w −= 0.01·g/(√s + 1e-10).
	r := optRun(t, Adagrad)
	w1 := 1 - 0.01*(-2/(2+1e-10))
	g2 := 4 * (2*w1 - 4)
	w2 := w1 - 0.01*(g2/(math.Sqrt(4+g2*g2)+1e-10))
	if a, b := r.Step(), r.Step(); !near(a.After[0], w1) || !near(b.Opt.V[0], 4+g2*g2) || !near(b.After[0], w2) {
		t.Errorf("adagrad: w1 %v (want %v), s2 %v, w2 %v (want %v)", a.After[0], w1, b.Opt.V[0], b.After[0], w2)
	}
	// RMSprop: s = 0.01·4 = 0.04, √s = 0.2, w = 1 − 0.01·(−2/0.2) = 1.1.
	r = optRun(t, RMSprop)
	if a := r.Step(); !near(a.Opt.V[0], 0.04) || !near(a.After[0], 1-0.01*(-2/(0.2+1e-8))) {
		t.Errorf("rmsprop: s %v, w %v", a.Opt.V[0], a.After[0])
	}
	// Adam: m = −0.2, v = 0.004, m̂ = −2, v̂ = 4, w = 1 − 0.01·(−2/(2 + 1e-8));
	// then m = 0.9·(−0.2) + 0.1·g, v = 0.999·0.004 + 0.001·g², with the bias
	// corrections 1 − 0.9² = 0.19 and 1 − 0.999² = 0.001999.
	r = optRun(t, Adam)
	a := r.Step()
	aw1 := 1 - 0.01*(-2/(2+1e-8))
	ag2 := 4 * (2*aw1 - 4)
	m2, v2 := 0.9*-0.2+0.1*ag2, 0.999*0.004+0.001*ag2*ag2
	aw2 := aw1 - 0.01*((m2/0.19)/(math.Sqrt(v2/0.001999)+1e-8))
	b := r.Step()
	if !near(a.Opt.M[0], -0.2) || !near(a.Opt.V[0], 0.004) || !near(a.After[0], aw1) ||
		!near(b.Opt.M[0], m2) || !near(b.Opt.V[0], v2) || math.Abs(b.After[0]-aw2) > 1e-12 {
		t.Errorf("adam: m1 %v v1 %v w1 %v; m2 %v (want %v) v2 %v (want %v) w2 %v (want %v)",
			a.Opt.M[0], a.Opt.V[0], a.After[0], b.Opt.M[0], m2, b.Opt.V[0], v2, b.After[0], aw2)
	}
	mh, vh := NewOptimizer(Adam).Hat(a.Opt)
	if !near(mh[0], -2) || !near(vh[0], 4) {
		t.Errorf("adam m̂, v̂ after one update: %v %v, want −2 and 4", mh[0], vh[0])
	}
}

func TestOptimizersUndoExactly(t *testing.T) {
	for kind := Momentum; kind <= Adam; kind++ {
		for _, mode := range []Mode{Sample, Batch, MiniBatch} {
			c := Config{Setup: Setup{X: []float64{1, 2, 3, 4.5}, Y: []float64{2, 4.1, 6, 9}, Model: ModelWB, Mode: mode, Batch: 3}, Start: Start{LR: 0.01, Init: Vec{1, -0.5}, Optimizer: NewOptimizer(kind)}}
			r, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			r.Advance(7)
			p0, s0 := r.Params(), r.OptState()
			var recs []Receipt
			for range 200 {
				recs = append(recs, r.Step())
			}
			for i := len(recs) - 1; i >= 0; i-- {
				if last, _ := r.Last(); !sameReceipt(last, recs[i]) || last.Opt != recs[i].Opt || last.OptBefore != recs[i].OptBefore {
					t.Fatalf("%v/%v: Last() differs from update %d's receipt", kind, mode, recs[i].Update)
				}
				r.Back()
			}
			if r.Params() != p0 || r.OptState() != s0 {
				t.Errorf("%v/%v: after 200 backs %v %+v, want %v %+v", kind, mode, r.Params(), r.OptState(), p0, s0)
			}
			if rec := r.Step(); !sameReceipt(rec, recs[0]) || rec.Opt != recs[0].Opt {
				t.Errorf("%v/%v: replay differs", kind, mode)
			}
		}
	}
}

func TestOptimizerValidation(t *testing.T) {
	for _, o := range []Optimizer{
		{Kind: Momentum, Momentum: 1}, {Kind: Momentum, Momentum: -0.1}, {Kind: Nesterov, Momentum: 0},
		{Kind: Adam, Beta1: 1, Beta2: 0.999, Eps: 1e-8}, {Kind: Adam, Beta1: 0.9, Beta2: 1.5, Eps: 1e-8},
		{Kind: Adam, Beta1: 0.9, Beta2: 0.999, Eps: 0}, {Kind: RMSprop, Alpha: 1, Eps: 1e-8}, {Kind: Adagrad, Eps: -1},
		{Kind: Adagrad, Eps: math.NaN()},
	} {
		if o.Validate() == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	for k := GD; k <= Adam; k++ {
		if err := NewOptimizer(k).Validate(); err != nil {
			t.Errorf("default %v rejected: %v", k, err)
		}
	}
}

func TestLectureFormatIsPlainGD(t *testing.T) {
	if err := WriteLecture(nil, optRun(t, Adam), Transcript{Epochs: 1}); err != ErrLectureFormat {
		t.Errorf("adam in the lecture format: %v", err)
	}
}

func TestMomentumAnalysis(t *testing.T) {
	const L = 28.0 / 3
	mu := 0.9
	batch := func(kind OptimizerKind) Analysis {
		return lectureRun(t, func(c *Config) { c.Mode = Batch; c.Optimizer = NewOptimizer(kind) }).Analysis()
	}
	// Heavy ball on full batch converges for α < 2(1 + μ)/L.
	if a := batch(Momentum); math.Abs(a.LRMaxStable-2*(1+mu)/L) > 1e-8 {
		t.Errorf("heavy ball lr_max_stable %v, want 2(1+μ)/L = %v", a.LRMaxStable, 2*(1+mu)/L)
	}
	// Nesterov: the eigenvalue −1 of [[1 − α(1+μ)L, −αμ²], [L, μ]] comes at
	// α = 2(1 + μ)/((1 + 2μ)L).
	if a := batch(Nesterov); math.Abs(a.LRMaxStable-2*(1+mu)/((1+2*mu)*L)) > 1e-8 {
		t.Errorf("nesterov lr_max_stable %v, want %v", a.LRMaxStable, 2*(1+mu)/((1+2*mu)*L))
	}
	// At α = 0.01 the heavy ball's eigenvalues solve λ² − (1 + μ − αL)λ + μ = 0:
	// a complex pair of modulus √μ, so the error spirals in.
	r := lectureRun(t, func(c *Config) { c.Mode = Batch; c.Optimizer = NewOptimizer(Momentum) })
	if f, g := r.Factor(0.01); math.Abs(f-math.Sqrt(mu)) > 1e-9 || g != Oscillating {
		t.Errorf("heavy ball at α = 0.01: factor %v (%v), want √0.9 oscillating", f, g)
	}
	// Adaptive rules have no fixed-α bound.
	if a := batch(Adam); a.Regime != Adaptive || !math.IsNaN(a.LRMaxStable) || len(a.StableIntervals) != 0 {
		t.Errorf("adam analysis: %v", a)
	}
	// With several weights the (error, velocity) map is 6×6 for quad.
	q := quadRun(t, Batch, 0.01)
	c := q.Config()
	c.Optimizer = NewOptimizer(Momentum)
	qm, _ := New(c)
	lam := q.Analysis().Curvatures[2]
	if a := qm.Analysis(); math.Abs(a.LRMaxStable-2*(1+mu)/lam) > 1e-6*a.LRMaxStable {
		t.Errorf("quad heavy ball lr_max_stable %v, want 2(1+μ)/λmax = %v", a.LRMaxStable, 2*(1+mu)/lam)
	}
}
