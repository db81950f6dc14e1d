package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// lineData returns n samples of the large file: x uniform in
// [lo, lo+4], y = 2x + 1 + N(0, noise²), from a fixed seed.
func lineData(n int, lo, noise float64, seed uint64) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 11))
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = lo + 4*rng.Float64()
		y[i] = 2*x[i] + 1 + noise*rng.NormFloat64()
	}
	return x, y
}

// exactMSE returns the mean loss of model m at p on x, y computed exactly
// with math/big (512 bits hold every residual and square of these data
// without rounding) and rounded once to float64. The features are the
// model's float64 features, as the engine's ŷ uses them.
func exactMSE(m Model, x, y []float64, p Vec) float64 {
	const prec = 512
	sum := new(big.Float).SetPrec(prec)
	r, t, pj := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	for i := range x {
		phi := m.Features(x[i])
		r.SetFloat64(-y[i])
		for j := 0; j < m.NumParams(); j++ {
			t.SetFloat64(phi[j])
			t.Mul(t, pj.SetFloat64(p[j]))
			r.Add(r, t)
		}
		sum.Add(sum, t.Mul(r, r))
	}
	sum.Quo(sum, new(big.Float).SetPrec(prec).SetInt64(int64(len(x))))
	f, _ := sum.Float64()
	return f
}

// meanSquare returns mean(v²).
func meanSquare(v []float64) float64 {
	s := 0.0
	for _, f := range v {
		s += f * f
	}
	return s / float64(len(v))
}

// The mean loss of a large dataset costs no pass over the data, and it is
// within 1e-12 of the exact mean loss relative, plus 4ε²·mean(y²) for a
// model that fits almost exactly, at the optimum, a hair away from it in
// its flattest and steepest directions, and far away: for noisy data, an
// exact fit, data far from zero (x in [1000, 1004], where the quad model's
// Hessian has condition 1e13) and data with one or two distinct x (a
// Hessian without full rank).
func TestLargeDataMeanLossIsExact(t *testing.T) {
	const n = 30_000
	eps := math.Nextafter(1, 2) - 1
	type data struct {
		name string
		x, y []float64
	}
	noisy := func(lo, noise float64) data {
		x, y := lineData(n, lo, noise, 7)
		return data{"", x, y}
	}
	sets := []data{noisy(0, 0.3), noisy(0, 0), noisy(1000, 0.3), noisy(0, 0.3), noisy(0, 0.3)}
	sets[0].name, sets[1].name, sets[2].name = "x in [0,4], noise 0.3", "exact line", "x in [1000,1004]"
	// Rank-deficient data: one x for every sample, then two.
	sets[3].name, sets[4].name = "x = 2.5", "x = 1 or 3"
	for i := range sets[3].x {
		sets[3].x[i] = 2.5
		sets[4].x[i] = float64(1 + 2*(i%2))
	}
	for _, d := range sets {
		for _, m := range Models() {
			r, err := New(Config{Setup: Setup{X: d.x, Y: d.y, Model: m}, Start: Start{LR: 1e-3, Init: Vec{1, 1, 1}}})
			if err != nil {
				t.Fatal(err)
			}
			if r.prob.exact {
				t.Fatal("30 000 rows summed at every call")
			}
			a := r.Analysis()
			_, vecs := symEigen(a.Hessian, m.NumParams())
			along := func(col int, step float64) Vec {
				p := a.Optimum
				for j := 0; j < m.NumParams(); j++ {
					p[j] += step * vecs[j][col]
				}
				return p
			}
			last := m.NumParams() - 1
			points := map[string]Vec{
				"optimum": a.Optimum, "start": {1, 1, 1}, "zero": {},
				"1e-9 flat": along(0, 1e-9), "1e-4 flat": along(0, 1e-4), "1 flat": along(0, 1),
				"1e-9 steep": along(last, 1e-9), "1e-4 steep": along(last, 1e-4), "far": {-1e3, 2e3, 5e2},
			}
			floor := 4 * eps * eps * meanSquare(d.y)
			for name, p := range points {
				got, want := r.MSEAt(p), exactMSE(m, d.x, d.y, p)
				if math.Abs(got-want) > 1e-12*want+floor {
					t.Errorf("%s, model %s, %s: mean loss %v, exactly %v (relative error %.2g)", d.name, m.name, name, got, want, math.Abs(got-want)/want)
				}
			}
		}
	}
}

// Up to ExactRows samples the mean loss is today's data-order sum, bit
// for bit.
func TestSmallDataMeanLossIsTheDataOrderSum(t *testing.T) {
	x, y := lineData(ExactRows, 0, 0.3, 3)
	for _, m := range Models() {
		r, err := New(Config{Setup: Setup{X: x, Y: y, Model: m}, Start: Start{LR: 1e-3, Init: Vec{1, 1, 1}}})
		if err != nil {
			t.Fatal(err)
		}
		p := Vec{1.5, -0.25, 3}
		s := 0.0
		for i := range x {
			e := m.Predict(p, x[i]) - y[i]
			s += e * e
		}
		if got := r.MSEAt(p); got != s/float64(len(x)) {
			t.Errorf("model %s: %v, data-order sum %v", m.name, got, s/float64(len(x)))
		}
	}
}

// exactTwin returns a run on the same data and settings as cfg whose
// problem sums the data in data order and analyses it with the small
// data's arithmetic, however many samples it has.
func exactTwin(t testing.TB, cfg Config) *Run {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Config()
	p, err := NewProblem(c.Setup)
	if err != nil {
		t.Fatal(err)
	}
	p.exact = true
	twin, err := p.NewRun(c.Start)
	if err != nil {
		t.Fatal(err)
	}
	return twin
}

// A full batch of a large dataset takes its gradient and losses from the
// moments: the same updates as the data-order sums, to rounding.
func TestLargeBatchUpdatesMatchTheSums(t *testing.T) {
	x, y := lineData(6000, 0, 0.3, 5)
	for _, m := range Models() {
		for _, opt := range []Optimizer{{}, NewOptimizer(Momentum), NewOptimizer(Adam)} {
			c := Config{Setup: Setup{X: x, Y: y, Model: m, Mode: Batch}, Start: Start{LR: 0.01, Init: Vec{1, 1, 1}, Optimizer: opt}}
			r, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			s := exactTwin(t, c)
			for u := 0; u < 200; u++ {
				a, b := r.Step(), s.Step()
				for j := 0; j < m.NumParams(); j++ {
					if math.Abs(a.After[j]-b.After[j]) > 1e-12*math.Max(1, math.Abs(b.After[j])) ||
						math.Abs(a.Grad[j]-b.Grad[j]) > 1e-11*math.Max(1, math.Abs(b.Grad[j])) {
						t.Fatalf("%s %s update %d: %v %v, summed %v %v", m.name, opt.Kind, u+1, a.After, a.Grad, b.After, b.Grad)
					}
				}
				if math.Abs(a.LossAfter-b.LossAfter) > 1e-12*b.LossAfter {
					t.Fatalf("%s %s update %d: loss %v, summed %v", m.name, opt.Kind, u+1, a.LossAfter, b.LossAfter)
				}
			}
		}
	}
}

// GradAt on large data is the data's mean gradient to within the
// rounding of its terms.
func TestLargeDataGradient(t *testing.T) {
	x, y := lineData(20_000, 0, 0.3, 9)
	for _, m := range Models() {
		r, _ := New(Config{Setup: Setup{X: x, Y: y, Model: m}, Start: Start{LR: 1e-3, Init: Vec{1, 1, 1}}})
		opt := r.Analysis().Optimum
		for _, p := range []Vec{opt, {1, 1, 1}, {opt[0] + 1e-6, opt[1], opt[2] - 1e-6}} {
			const prec = 512
			k := m.NumParams()
			var g [3]*big.Float
			scale := 0.0 // mean |φ|·|residual|: the size of the terms summed
			for j := range g {
				g[j] = new(big.Float).SetPrec(prec)
			}
			r0, t0 := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
			for i := range x {
				phi := m.Features(x[i])
				r0.SetFloat64(-y[i])
				for j := 0; j < k; j++ {
					r0.Add(r0, t0.Mul(t0.SetFloat64(phi[j]), new(big.Float).SetFloat64(p[j])))
				}
				res, _ := r0.Float64()
				for j := 0; j < k; j++ {
					g[j].Add(g[j], t0.Mul(t0.SetFloat64(2*phi[j]), r0))
					scale += math.Abs(2 * phi[j] * res)
				}
			}
			scale /= float64(len(x))
			got := r.GradAt(p)
			for j := 0; j < k; j++ {
				want, _ := g[j].Quo(g[j], new(big.Float).SetInt64(int64(len(x)))).Float64()
				if math.Abs(got[j]-want) > 1e-13*scale+1e-12*math.Abs(want) {
					t.Errorf("%s at %v: ∂/∂%s = %v, exactly %v", m.name, p, m.params[j], got[j], want)
				}
			}
		}
	}
}

// Train takes the same updates as Step, bit for bit, and keeps the same
// history; what it took cannot be undone.
func TestTrainIsStep(t *testing.T) {
	small, smallY := []float64{1, 2, 3, 4, 5, 6, 7}, []float64{2.5, 4, 6.5, 8, 10, 12.5, 14}
	big, bigY := lineData(ExactRows+500, 0, 0.3, 2)
	for _, d := range [][2][]float64{{small, smallY}, {big, bigY}} {
		for _, m := range Models() {
			for _, mode := range []Config{{Setup: Setup{Mode: Sample}}, {Setup: Setup{Mode: Sample, Shuffle: true, Seed: 3}}, {Setup: Setup{Mode: Batch}}, {Setup: Setup{Mode: MiniBatch, Batch: 3}}, {Setup: Setup{Mode: MiniBatch, Batch: 2, Shuffle: true, Seed: 5}}} {
				for _, opt := range []Optimizer{{}, NewOptimizer(Nesterov), NewOptimizer(RMSprop)} {
					c := mode
					c.X, c.Y, c.Model, c.LR, c.Init, c.Optimizer = d[0], d[1], m, 1e-3, Vec{1, -1, 0.5}, opt
					a, _ := New(c)
					b, _ := New(c)
					n := 3*a.UpdatesPerEpoch() + 2
					if n > 5000 {
						n = 5003
					}
					a.Train(n)
					for range n {
						b.Step()
					}
					if a.Params() != b.Params() || a.OptState() != b.OptState() || a.Updates() != b.Updates() || a.Epoch() != b.Epoch() {
						t.Fatalf("%d rows %s %+v %s: Train %v %+v (%d, epoch %d), Step %v %+v (%d, epoch %d)", len(d[0]), m.name, mode, opt.Kind,
							a.Params(), a.OptState(), a.Updates(), a.Epoch(), b.Params(), b.OptState(), b.Updates(), b.Epoch())
					}
					ha, hb := a.History(), b.History()
					if len(ha) != len(hb) || ha[len(ha)-1] != hb[len(hb)-1] || ha[len(ha)/2] != hb[len(hb)/2] {
						t.Fatalf("%s %+v %s: histories differ", m.name, mode, opt.Kind)
					}
					if a.Back() {
						t.Fatalf("Back undid an update taken by Train")
					}
					if ra, rb := a.Step(), b.Step(); !sameReceipt(ra, rb) {
						t.Fatalf("%s %+v %s: the next receipts differ:\n%+v\n%+v", m.name, mode, opt.Kind, ra, rb)
					}
				}
			}
		}
	}
}

// Data at the edges of float64 are refused with the quantity that left
// the range, before anything is analysed.
func TestDataAtTheEdgesOfFloat64(t *testing.T) {
	for _, c := range []struct {
		x, y     []float64
		model    Model
		quantity string
		overflow bool
		point    int
	}{
		{[]float64{1, 1e154}, []float64{1, 2}, ModelW, "2·x²", true, 2},
		{[]float64{1e-200, 2e-200}, []float64{1, 2}, ModelW, "2·x²", false, 1},
		{[]float64{3, 1e-200}, []float64{1, 2}, ModelWB, "2·x²", false, 2},
		{[]float64{1e77, 2}, []float64{1, 2}, ModelQuad, "2·x⁴", true, 1},
		{[]float64{1e-80, 2}, []float64{1, 2}, ModelQuad, "2·x⁴", false, 1},
		{[]float64{1e-170, 2}, []float64{1, 2}, ModelQuad, "x²", false, 1},
		{[]float64{1, 2}, []float64{1, 1e155}, ModelW, "y²", true, 2},
		{[]float64{1e300, 2}, []float64{1e10, 1}, ModelWB, "2·x²", true, 1},
		{[]float64{1e150, 2}, []float64{1e158, 1}, ModelWB, "2·x·y", true, 1},
		{[]float64{1e-150, 1}, []float64{1e-160, 1}, ModelW, "2·x·y", false, 1},
		{[]float64{1, 2}, []float64{1e-170, 1}, ModelWB, "y²", false, 1},
		{[]float64{9e153, 9e153}, []float64{1, 2}, ModelW, "sum of 2·x²", true, 0},
		{[]float64{1e145, 2e145}, []float64{1, 2}, ModelW, "largest curvature", true, 0},
		{[]float64{1e-145, 2e-145}, []float64{1e-145, 2e-145}, ModelW, "largest curvature", false, 0},
	} {
		_, err := New(Config{Setup: Setup{X: c.x, Y: c.y, Model: c.model}, Start: Start{LR: 0.01, Init: Vec{1, 1, 1}}})
		var re *RangeError
		if !errors.As(err, &re) || !errors.Is(err, ErrRange) {
			t.Errorf("x %v, y %v, model %s: error %v, want a RangeError", c.x, c.y, c.model.name, err)
			continue
		}
		if re.Quantity != c.quantity || re.Overflow != c.overflow || re.Point != c.point {
			t.Errorf("x %v, y %v, model %s: %q overflow %v at point %d (%v); want %q overflow %v at point %d",
				c.x, c.y, c.model.name, re.Quantity, re.Overflow, re.Point, err, c.quantity, c.overflow, c.point)
		}
		if _, err := analyze(Config{Setup: Setup{X: c.x, Y: c.y, Model: c.model}, Start: Start{LR: 0.01, Init: Vec{1, 1, 1}}}); !errors.Is(err, ErrRange) {
			t.Errorf("Analyze of x %v: %v", c.x, err)
		}
	}
	// Just inside the range everything is analysed.
	r, err := New(Config{Setup: Setup{X: []float64{1e-140, 2e-140}, Y: []float64{3e-140, 6e-140}}, Start: Start{LR: 1e279, Init: Vec{1}}})
	if err != nil {
		t.Fatal(err)
	}
	if a := r.Analysis(); math.Abs(a.Optimum[0]-3) > 1e-15 || !(a.LRMaxStable > 0) || isBad(a.LRMaxStable) {
		t.Errorf("x near 1e-140: w* %v, lr_max_stable %v; want 3 and a finite bound", a.Optimum[0], a.LRMaxStable)
	}
}

// The analysis of more than ExactRows samples (rescaled products, packed
// or streamed blocks, crossings on log₂ρ, a budgeted grid) agrees with the
// small data's arithmetic on the same data.
func TestLargeAnalysisAgreesWithTheExactOne(t *testing.T) {
	x, y := lineData(ExactRows+904, 0, 0.3, 8)
	for _, m := range Models() {
		for mn, mode := range map[string]Config{"sample": {Setup: Setup{Mode: Sample}}, "minibatch": {Setup: Setup{Mode: MiniBatch, Batch: 7}}, "batch": {Setup: Setup{Mode: Batch}}} {
			for _, opt := range []Optimizer{{}, NewOptimizer(Momentum), NewOptimizer(Nesterov)} {
				if opt.Kind == Nesterov && (m.name != "wb" || mode.Mode != Sample) {
					continue // the same product as Momentum's, with other weights
				}
				c := mode
				c.X, c.Y, c.Model, c.LR, c.Init, c.Optimizer = x, y, m, 1e-3, Vec{1, 1, 1}, opt
				r, err := New(c)
				if err != nil {
					t.Fatal(err)
				}
				if r.prob.exact {
					t.Fatal("large data on the exact path")
				}
				e := exactTwin(t, c)
				a, b := r.Analysis(), e.Analysis()
				name := fmt.Sprintf("%s/%s/%s", m.name, mn, opt.Kind)
				// Near its edge the spectral radius of thousands of updates
				// crosses 1 again and again (every sample whose 1 − α·λ passes
				// 0 opens a short stable island), so grids of different
				// resolution may stop at different crossings: each must be a
				// crossing in the exact arithmetic, below the end of the
				// other path's first interval or close to it.
				ex := func(lr float64) float64 { return e.analysis().value(lr).excess }
				edge := a.LRMaxStable
				if !(ex(edge*(1-1e-7)) < 0 && ex(edge*(1+1e-7)) >= 0) || edge > 1.05*b.LRMaxStable {
					t.Errorf("%s: lr_max_stable %v is not a crossing of the exact path's factor (%v, %v); its own: %v",
						name, edge, ex(edge*(1-1e-7)), ex(edge*(1+1e-7)), b.LRMaxStable)
				}
				for _, f := range []float64{1e-3, 0.01, 0.3, 0.9, 1.1, 2} {
					lr := f * min(a.LRMaxStable, b.LRMaxStable)
					fa, ga := r.Factor(lr)
					fb, gb := e.Factor(lr)
					if math.Abs(fb) < 1e-290 || isBad(fb) {
						continue // the exact path's product has underflowed or overflowed
					}
					if ga != gb || math.Abs(fa-fb) > 1e-9*math.Abs(fb) {
						t.Errorf("%s at %g·lr_max: factor %v %v, exact path %v %v", name, f, fa, ga, fb, gb)
					}
				}
			}
		}
	}
}

// factorRun returns the big-data run of the one-parameter model whose
// samples have per-sample factors 1 − 2αx² of fa (n of them), then fb (m
// of them), at α = 0.01: its epoch factor is faⁿ·fbᵐ, which leaves the
// range of float64 on the way when n and m are large.
func factorRun(t *testing.T, fa float64, n int, fb float64, m int) *Run {
	t.Helper()
	const lr = 0.01
	xa, xb := math.Sqrt((1-fa)/(2*lr)), math.Sqrt((1-fb)/(2*lr))
	var x, y []float64
	for i := 0; i < n+m; i++ {
		xi := xa
		if i >= n {
			xi = xb
		}
		x, y = append(x, xi), append(y, 2*xi)
	}
	r, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: lr, Init: Vec{1}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The epoch's product is rescaled as it goes: factors that overflow or
// underflow float64 halfway give the right factor at the end, and the
// epoch map's sign. The regime of such a long epoch is its updates': the
// updates whose factor is −2 or −3 overshoot, so every stable α
// oscillates but the one whose updates all keep their sign.
func TestEpochFactorSurvivesOverflowAndUnderflow(t *testing.T) {
	for _, c := range []struct {
		fa     float64
		n      int
		fb     float64
		m      int
		want   float64
		regime Regime
	}{
		{-2, 3000, 0.5, 3001, 0.5, Converging},      // 2³⁰⁰⁰ on the way
		{0.5, 3001, -2, 3000, 0.5, Converging},      // 2⁻³⁰⁰¹ on the way
		{-2, 3001, 0.5, 3001, -1, Diverging},        // exactly 1 in modulus: not stable
		{-2, 2999, 0.5, 3000, -0.5, Oscillating},    // negative: zig-zag
		{-3, 5000, 0.75, 1, math.Inf(1), Diverging}, // 3⁵⁰⁰⁰·0.75 is beyond float64
		{0.25, 3000, 0.5, 2000, 0, Converging},      // 2⁻⁸⁰⁰⁰ is below it
	} {
		r := factorRun(t, c.fa, c.n, c.fb, c.m)
		f, updates := r.Factor(0.01)
		g := r.analysis().evaluateEpoch(0.01).regime
		if g != c.regime || math.Abs(f-c.want) > 1e-9*math.Abs(c.want) && !(math.IsInf(c.want, 1) && math.IsInf(f, 1)) {
			t.Errorf("%v^%d · %v^%d: factor %v %v, want %v %v", c.fa, c.n, c.fb, c.m, f, g, c.want, c.regime)
		}
		want := Oscillating
		switch {
		case c.regime == Diverging:
			want = Diverging
		case c.fa > 0 && c.fb > 0:
			want = Converging
		}
		if updates != want {
			t.Errorf("%v^%d · %v^%d: the updates' regime %v, want %v", c.fa, c.n, c.fb, c.m, updates, want)
		}
	}
	// log₂ of the factor stays exact where the factor itself cannot.
	r := factorRun(t, 0.25, 3000, 0.5, 2000)
	if lg := r.analysis().value(0.01).excess; math.Abs(lg+8000) > 1e-6 {
		t.Errorf("log₂ factor %v, want −8000", lg)
	}
}

// Runs on one problem share its data, features and analyses; NewRun
// copies nothing, and New always makes a problem of its own.
func TestRunsShareTheirProblem(t *testing.T) {
	x, y := lineData(ExactRows+10, 0, 0.3, 6)
	p, err := NewProblem(Setup{X: x, Y: y})
	if err != nil {
		t.Fatal(err)
	}
	if px, _ := p.Data(); &px[0] == &x[0] {
		t.Fatal("NewProblem kept the caller's slice")
	}
	a, err := p.NewRun(Start{LR: 0.01, Init: Vec{1}})
	if err != nil {
		t.Fatal(err)
	}
	c := a.Config()
	if px, _ := p.Data(); &c.X[0] != &px[0] || a.Problem() != p {
		t.Error("Config copied the data")
	}
	c.LR = 0.02
	b, _ := p.NewRun(c.Start)
	if b.prob != p || a.analysis() != b.analysis() {
		t.Error("a run at another α does not share the problem and its analysis")
	}
	c.Optimizer = NewOptimizer(Momentum)
	d, _ := p.NewRun(c.Start)
	if d.prob != p || d.analysis() == a.analysis() || d.analysis() != p.analysis(c.Optimizer) {
		t.Error("a run with momentum should share the problem, not plain gradient descent's analysis")
	}
	if e, _ := New(a.Config()); e.prob == p {
		t.Error("New shares a problem")
	}
	// Presets and factors come from the shared analysis.
	if a.Presets() != b.Presets() || a.Presets() != p.Presets(Optimizer{}) {
		t.Error("presets differ between runs on one problem")
	}
}

// The slow calls are safe from other goroutines while runs on the same
// data step: run with -race.
func TestBackgroundCallsAreSafe(t *testing.T) {
	x, y := lineData(ExactRows+300, 0, 0.3, 12)
	for _, m := range []Model{ModelW, ModelQuad} {
		r, err := New(Config{Setup: Setup{X: x, Y: y, Model: m, Mode: MiniBatch, Batch: 5}, Start: Start{LR: 1e-3, Init: Vec{1, 1, 1}}})
		if err != nil {
			t.Fatal(err)
		}
		p, s := r.Problem(), r.Start()
		done := make(chan [4]Preset, 4)
		for i := range 4 {
			go func() {
				lr := s.LR * float64(i+1)
				p.Analysis(s.Optimizer, lr)
				p.Sweep(context.Background(), s, []float64{1e-4, 1e-3}, 20)
				p.UpdatesToReach(s, 1e-6, 1000)
				done <- p.Presets(s.Optimizer)
			}()
		}
		for range 200 {
			r.Step()
			r.Status()
			r.Analysis()
			r.History()
		}
		want := r.Presets()
		for range 4 {
			if p := <-done; p != want {
				t.Errorf("%s: presets in the background %v, here %v", m.name, p, want)
			}
		}
	}
}

// Per-sample updates of ŷ = x·w multiply the error by P(α) = Π(1 − 2αxᵢ²)
// per epoch. On 100 000 samples P leaves float64's range for most α; its
// logarithm, summed here independently, is what the analysis finds, and
// the largest stable α is where it crosses zero.
func TestLargePerSampleFactorIsTheProduct(t *testing.T) {
	x, y := lineData(100_000, 0, 0.3, 13)
	r, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}}})
	if err != nil {
		t.Fatal(err)
	}
	logP := func(lr float64) (float64, bool) {
		s, negative := 0.0, false
		for _, xi := range x {
			f := 1 - 2*lr*xi*xi
			s += math.Log2(math.Abs(f))
			negative = negative != (f < 0)
		}
		return s, negative
	}
	a := r.Analysis()
	for _, lr := range []float64{1e-7, 1e-4, 0.01, 0.1, 0.9 * a.LRMaxStable, 1.1 * a.LRMaxStable, 1} {
		want, negative := logP(lr)
		v := r.analysis().value(lr)
		if math.Abs(v.excess-want) > 1e-9*math.Abs(want)+1e-9 {
			t.Errorf("α = %g: log₂|factor| %v, want %v", lr, v.excess, want)
		}
		// The epoch map's regime is P's sign; the run's, its updates': they
		// oscillate once one of them overshoots, 1 − 2αx² < 0.
		regime, updates := Converging, Converging
		switch {
		case want >= 0:
			regime, updates = Diverging, Diverging
		case negative:
			regime = Oscillating
		}
		if updates != Diverging && 1-2*lr*slices.Max(x)*slices.Max(x) < 0 {
			updates = Oscillating
		}
		if g := r.analysis().evaluateEpoch(lr).regime; g != regime {
			t.Errorf("α = %g: epoch map %v, want %v (log₂|P| = %v, negative %v)", lr, g, regime, want, negative)
		}
		if v.regime != updates {
			t.Errorf("α = %g: %v, want the updates' %v", lr, v.regime, updates)
		}
	}
	edge := a.LRMaxStable
	below, _ := logP(edge * (1 - 1e-7))
	above, _ := logP(edge * (1 + 1e-7))
	if !(below < 0 && above >= 0) {
		t.Errorf("lr_max_stable %v: log₂|P| %v just below and %v just above, want a crossing of 0", edge, below, above)
	}
}

var millionRows = sync.OnceValues(func() ([]float64, []float64) { return lineData(1_000_000, 0, 0.3, 1) })

// BenchmarkLargeNew is the data side of a run on a million rows: checking,
// copying and featuring the data, the part that every command pays.
func BenchmarkLargeNew(b *testing.B) {
	x, y := millionRows()
	b.ReportAllocs()
	for range b.N {
		if _, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargeAnalysis is New and the stability analysis of a million
// rows, for every model, per sample and in mini-batches of 10.
func BenchmarkLargeAnalysis(b *testing.B) {
	x, y := millionRows()
	for _, m := range Models() {
		for _, mode := range []Config{{Setup: Setup{Mode: Sample}}, {Setup: Setup{Mode: MiniBatch, Batch: 10}}} {
			b.Run(m.name+"/"+mode.Mode.String(), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					c := mode
					c.X, c.Y, c.Model, c.LR, c.Init = x, y, m, 1e-3, Vec{1, 1, 1}
					if _, err := analyze(c); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkLargeTranscript writes 10 epochs of per-sample updates on
// 100 000 rows, a million rows of CSV or JSON, to io.Discard.
func BenchmarkLargeTranscript(b *testing.B) {
	x, y := lineData(100_000, 0, 0.3, 1)
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			for range b.N {
				r, _ := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}}})
				write := WriteCSV
				if format == "json" {
					write = WriteJSON
				}
				if err := write(io.Discard, r, Transcript{Epochs: 10, Predict: 4}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Large data without curvature (every x = 0) and adaptive optimizers on
// large data have nothing to scan; their analysis says so.
func TestLargeDataWithoutAScan(t *testing.T) {
	x, y := lineData(ExactRows+1, 0, 0.3, 3)
	zeros := make([]float64, len(x))
	r, err := New(Config{Setup: Setup{X: zeros, Y: y, Mode: MiniBatch, Batch: 4}, Start: Start{LR: 0.1, Init: Vec{1}}})
	if err != nil {
		t.Fatal(err)
	}
	if a := r.Analysis(); a.Regime != Converging || !math.IsInf(a.LRMaxStable, 1) || r.Presets()[3].Regime != Converging {
		t.Errorf("no curvature: %v", a)
	}
	r, _ = New(Config{Setup: Setup{X: x, Y: y, Model: ModelQuad}, Start: Start{LR: 0.1, Init: Vec{1, 1, 1}, Optimizer: NewOptimizer(Adam)}})
	if a := r.Analysis(); a.Regime != Adaptive || !math.IsNaN(a.LRMaxStable) || r.Presets()[0].LR <= 0 {
		t.Errorf("adam: %v, presets %v", a, r.Presets())
	}
}
