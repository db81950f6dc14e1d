package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// gridData returns n samples with x evenly spread over [0, 4] (the
// midpoints of n equal cells) and y = 2x + 1: in the limit of many
// samples, x is uniform on [0, 4].
func gridData(n int) (x, y []float64) {
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = 4 * (float64(i) + 0.5) / float64(n)
		y[i] = 2*x[i] + 1
	}
	return x, y
}

// perUpdate returns what one per-sample update of the model ŷ = x·w
// multiplies the error by on average at α = lr: the geometric mean of
// the updates' factors 1 − 2αx², whose product is the epoch's.
func perUpdate(x []float64, lr float64) float64 {
	s := 0.0
	for _, xi := range x {
		s += math.Log(math.Abs(1 - 2*lr*xi*xi))
	}
	return math.Exp(s / float64(len(x)))
}

// uniformPerUpdate is perUpdate in the limit of x uniform on [0, 4]:
// exp of (1/4)∫₀⁴ ln|1 − 2αx²| dx, which with a = √(32α) is
// ((1 + a)ln(1 + a) − (1 − a)ln|1 − a|)/a − 2.
func uniformPerUpdate(lr float64) float64 {
	a := math.Sqrt(32 * lr)
	if math.Abs(a-1) < 1e-12 {
		return math.Exp(2*math.Ln2 - 2)
	}
	return math.Exp(((1+a)*math.Log(1+a)-(1-a)*math.Log(math.Abs(1-a)))/a - 2)
}

// A long epoch's regime is its updates': one weight, per sample, whose
// updates multiply the error by 1 − 2αx², oscillates from the α at which
// the largest x² starts to overshoot, 1/(2·max x²) = 1/32 on [0, 4],
// whatever the sign of their product. Heavy ball's update on a
// curvature λ maps (error, velocity) by [[1 − αλ, −αμ], [λ, μ]], whose
// eigenvalues turn complex where (1 + μ − αλ)² < 4μ, from
// αλ = (1 − √μ)²; Nesterov's by [[1 − α(1+μ)λ, −αμ²], [λ, μ]], with
// characteristic polynomial z² − (1 + μ)(1 − t)z + μ(1 − t) (t = αλ),
// from t = ((1 − μ)/(1 + μ))². A mini-batch's update overshoots where
// α times the largest eigenvalue of its H_B passes 1.
func TestLongEpochRegimeIsTheUpdates(t *testing.T) {
	at := func(r *Run, lr float64) Regime {
		_, g := r.Factor(lr)
		return g
	}
	edge := func(name string, r *Run, lr float64) {
		t.Helper()
		if g := at(r, lr*(1-1e-9)); g != Converging {
			t.Errorf("%s: just below α = %v, %v; want converging", name, lr, g)
		}
		if g := at(r, lr*(1+1e-9)); g != Oscillating {
			t.Errorf("%s: just above α = %v, %v; want oscillating", name, lr, g)
		}
	}
	for _, n := range []int{1000, ExactRows + 904} {
		x, y := gridData(n)
		top := slices.Max(x)
		peak := 2 * top * top
		for _, o := range []Optimizer{{}, NewOptimizer(Momentum), NewOptimizer(Nesterov)} {
			r, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}, Optimizer: o}})
			if err != nil {
				t.Fatal(err)
			}
			mu := o.Momentum
			var cut float64
			var disc func(t float64) float64 // the discriminant of the update's map at αλ = t
			switch o.Kind {
			case GD:
				cut, disc = 1, func(float64) float64 { return 1 }
			case Momentum:
				cut = (1 - math.Sqrt(mu)) * (1 - math.Sqrt(mu))
				disc = func(t float64) float64 { return (1+mu-t)*(1+mu-t) - 4*mu }
			case Nesterov:
				cut = (1 - mu) * (1 - mu) / ((1 + mu) * (1 + mu))
				disc = func(t float64) float64 { return (1+mu)*(1+mu)*(1-t)*(1-t) - 4*mu*(1-t) }
			}
			if o.Kind != GD && !(disc(cut*(1-1e-6)) > 0 && disc(cut*(1+1e-6)) < 0) {
				t.Fatalf("%v: the update's eigenvalues do not turn complex at αλ = %v", o.Kind, cut)
			}
			edge(o.Kind.String(), r, cut/peak)
		}
		// Two weights (ŷ = x·w + b), mini-batches of 3: H_B = (2/3)Σφφᵀ
		// with φ = (x, 1).
		r, err := New(Config{Setup: Setup{X: x, Y: y, Model: ModelWB, Mode: MiniBatch, Batch: 3}, Start: Start{LR: 0.01, Init: Vec{1, 1}}})
		if err != nil {
			t.Fatal(err)
		}
		peak = 0
		for first := 0; first < n; first += 3 {
			var hb mat3
			last := min(first+3, n)
			for i := first; i < last; i++ {
				phi := [2]float64{x[i], 1}
				for a := 0; a < 2; a++ {
					for c := 0; c < 2; c++ {
						hb[a][c] += 2 * phi[a] * phi[c] / float64(last-first)
					}
				}
			}
			peak = math.Max(peak, symValues(&hb, 2)[1])
		}
		edge("wb in mini-batches of 3", r, 1/peak)
	}
	// The lecture's epoch is short: its regime is the epoch's. At
	// α = 0.15 two of its three updates overshoot (1 − 8α = −0.2,
	// 1 − 18α = −1.7), and the epoch's factor 0.7·(−0.2)·(−1.7) = 0.238
	// is positive: converging.
	if f, g := lectureRun(t, nil).Factor(0.15); math.Abs(f-0.238) > 1e-12 || g != Converging {
		t.Errorf("lecture at α = 0.15: %v %v, want 0.238 converging", f, g)
	}
}

// The presets of a long epoch compare the factor per update. With x
// uniform on [0, 4] and one weight per sample, the factor per update is
// exp((1/4)∫₀⁴ ln|1 − 2αx²| dx) (uniformPerUpdate): its least value,
// 0.4392 at α = 0.0450, is the fastest any α goes, and within 1 % of the
// way to 1 of it from α = 0.0400 on; the largest stable α is where it
// is 1, 0.19598. The updates with 2αx² > 1 overshoot (1 − √(1/2α)/4 of
// them: 11.6 % at 0.04, 27.8 % at 0.06) and those with 2αx² > 2 throw
// the error further out, from α = 2/32 = 0.0625 on: oscillating is the
// last α before, 0.06, whose factor per update is ×0.46.
// Diverging starts from 1.25 × 0.19598 = 0.24498, a hair nearer 0.3
// than 0.2 on a log scale (ln(0.3/0.24498) = 0.2026 against 0.2029).
func TestLongEpochPresets(t *testing.T) {
	// The limits, solved here from the closed form.
	solve := func(lo, hi float64, below func(float64) bool) float64 {
		for range 200 {
			if m := (lo + hi) / 2; below(m) {
				lo = m
			} else {
				hi = m
			}
		}
		return lo
	}
	top := solve(0.1, 0.3, func(a float64) bool { return uniformPerUpdate(a) < 1 })
	least := solve(0.01, 0.1, func(a float64) bool { return uniformPerUpdate(a*(1+1e-9)) < uniformPerUpdate(a) })
	uMin := uniformPerUpdate(least)
	close := uMin + 0.01*(1-uMin)
	first := solve(0.01, least, func(a float64) bool { return uniformPerUpdate(a) > close })
	if math.Abs(top-0.19598) > 1e-5 || math.Abs(least-0.0450) > 1e-4 || math.Abs(uMin-0.4392) > 1e-4 || math.Abs(first-0.0400) > 1e-4 {
		t.Fatalf("closed form: top %v, least %v at %v, first within 1 %% %v", top, uMin, least, first)
	}
	for _, n := range []int{2000, 200_000} {
		x, y := gridData(n)
		r, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}}})
		if err != nil {
			t.Fatal(err)
		}
		a, p := r.Analysis(), r.Presets()
		if math.Abs(a.LRMaxStable-top) > 1e-3*top {
			t.Errorf("n = %d: largest stable α %v, want ≈ %v", n, a.LRMaxStable, top)
		}
		spacing := a.LRMaxStable / 250 // the presets' scan tries at least 300 α
		if d := p[1].Derived; d < first-1e-4 || d > first+spacing {
			t.Errorf("n = %d: just right derived at %v, want the first α from %v", n, d, first)
		}
		if d, calm := p[2].Derived, 1/(slices.Max(x)*slices.Max(x)); d > calm || d < calm-spacing {
			t.Errorf("n = %d: oscillating derived at %v, want the last α up to %v", n, d, calm)
		}
		want := [4]float64{0.002, 0.04, 0.06, 0.3}
		regimes := [4]Regime{Converging, Oscillating, Oscillating, Diverging}
		for i, q := range p {
			if q.LR != want[i] || q.Regime != regimes[i] || q.Edge {
				t.Errorf("n = %d: preset %d α %v %v (edge %v), want %v %v", n, i, q.LR, q.Regime, q.Edge, want[i], regimes[i])
			}
			if u := perUpdate(x, q.LR); math.Abs(q.PerUpdate-u) > 1e-9*u {
				t.Errorf("n = %d: preset %d factor per update %v, the updates' geometric mean %v", n, i, q.PerUpdate, u)
			}
			over, throw := 0, 0
			for _, xi := range x {
				if 1-2*q.LR*xi*xi < 0 {
					over++
				}
				if 1-2*q.LR*xi*xi < -1 {
					throw++
				}
			}
			if got := float64(over) / float64(n); q.Overshoot != got || q.Throw != float64(throw)/float64(n) || !q.LongEpoch {
				t.Errorf("n = %d: preset %d overshoots on %v and throws out on %v of the updates, want %v and %v", n, i, q.Overshoot, q.Throw, got, float64(throw)/float64(n))
			}
		}
		for i, want := range []float64{0, 1 - math.Sqrt(12.5)/4, 1 - math.Sqrt(1/0.12)/4} {
			if math.Abs(p[i].Overshoot-want) > 2.0/float64(n) || p[i].Throw != 0 {
				t.Errorf("n = %d: preset %d overshoots on %v of the updates, want %v, none thrown out", n, i, p[i].Overshoot, want)
			}
		}
		if u := uniformPerUpdate(0.06); math.Abs(p[2].PerUpdate-u) > 1e-3 {
			t.Errorf("n = %d: oscillating goes ×%v per update, want ×%v", n, p[2].PerUpdate, u)
		}
		// Too small crawls: it takes over 20 times the updates just right
		// takes to shrink the error as much.
		if ratio := math.Log(p[0].PerUpdate) / math.Log(p[1].PerUpdate); !(ratio < 0.05) {
			t.Errorf("n = %d: too small shrinks the error %v times as fast as just right", n, ratio)
		}
	}
}

// On 200 random samples (a long epoch, analysed exactly) the factor per
// update is jagged: it is 0 at every α = 1/(2xᵢ²), where sample i lands
// on its own fit. Just right is then about the fastest α a room can
// type: no α of one significant digit needs fewer than 95 % of the
// updates it needs to shrink the error as much, ln u(α)/ln u(just right).
func TestLongEpochJustRightIsAboutTheFastest(t *testing.T) {
	for seed := uint64(200); seed < 206; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		x, y := make([]float64, 200), make([]float64, 200)
		for i := range x {
			x[i] = 4 * rng.Float64()
			y[i] = 2*x[i] + 1 + 0.3*rng.NormFloat64()
		}
		r, err := New(Config{Setup: Setup{X: x, Y: y}, Start: Start{LR: 0.01, Init: Vec{1}}})
		if err != nil {
			t.Fatal(err)
		}
		top, p := r.Analysis().LRMaxStable, r.Presets()
		right := math.Log(perUpdate(x, p[1].LR))
		for e := -4.0; e <= 0; e++ {
			for d := 1.0; d <= 9; d++ {
				if lr := d * math.Pow(10, e); lr < top && math.Log(perUpdate(x, lr)) < 1.05*right {
					t.Errorf("seed %d: α = %v goes ×%v per update, just right's %v ×%v", seed, lr, perUpdate(x, lr), p[1].LR, math.Exp(right))
				}
			}
		}
		if !(p[0].LR < p[1].LR && p[1].LR < p[2].LR && p[2].LR < top && p[3].LR > top) {
			t.Errorf("seed %d: presets out of order: %v %v %v %v (largest stable α %v)", seed, p[0].LR, p[1].LR, p[2].LR, p[3].LR, top)
		}
	}
}

// symTop's closed form agrees with the eigenvalue solver.
func TestSymTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for range 2000 {
		k := 1 + rng.IntN(3)
		var a mat3
		for i := 0; i < k; i++ {
			for j := 0; j <= i; j++ {
				a[i][j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(5)-2))
				a[j][i] = a[i][j]
			}
		}
		if rng.IntN(4) == 0 { // rank one, as one sample's H_B
			u := [3]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					a[i][j] = 2 * u[i] * u[j]
				}
			}
		}
		want := symValues(&a, k)[k-1]
		scale := 0.0
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				scale = math.Max(scale, math.Abs(a[i][j]))
			}
		}
		if got := symTop(&a, k); math.Abs(got-want) > 1e-9*scale {
			t.Fatalf("%d×%d %v: largest eigenvalue %v, want %v", k, k, a, got, want)
		}
	}
}

// An epoch is long when it has more than LongEpoch updates, whatever
// makes them: samples, or mini-batches of them.
func TestLongEpochIsCountedInUpdates(t *testing.T) {
	for _, c := range []struct {
		n, batch int
		long     bool
	}{{LongEpoch, 0, false}, {LongEpoch + 1, 0, true}, {2 * LongEpoch, 2, false}, {2*LongEpoch + 1, 2, true}, {1000, 1000, false}} {
		x, y := gridData(c.n)
		s := Setup{X: x, Y: y}
		if c.batch > 0 {
			s.Mode, s.Batch = MiniBatch, c.batch
		}
		p, err := NewProblem(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range p.Presets(Optimizer{}) {
			if q.LongEpoch != c.long || (!c.long && (q.Overshoot != 0 || q.Throw != 0)) {
				t.Errorf("%d samples in batches of %d (%d updates): %+v, want long %v", c.n, c.batch, p.UpdatesPerEpoch(), q, c.long)
			}
		}
	}
}
