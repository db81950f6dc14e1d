package engine

import (
	"fmt"
	"math"
	"math/cmplx"
	"sync"
)

// Regime says how a learning rate behaves on a run's data, model and mode.
type Regime int

const (
	// Converging means the error shrinks without changing sign: the
	// contraction factor is in [0, 1).
	Converging Regime = iota
	// Oscillating means the error shrinks while zig-zagging: |factor| < 1
	// with a negative or complex dominant eigenvalue.
	Oscillating
	// Diverging means the error grows: |factor| ≥ 1.
	Diverging
	// Adaptive means the optimizer scales its steps by the gradients'
	// history (Adagrad, RMSprop, Adam): no fixed-α factor or bound applies.
	Adaptive
)

var regimeNames = []string{"converging", "oscillating", "diverging", "adaptive"}

// String returns "converging", "oscillating", "diverging" or "adaptive".
func (g Regime) String() string { return regimeNames[g] }

// Analysis is what the mathematics says about a run before it is taken.
// Everything in it is computed from the data, the model, the mode and α.
type Analysis struct {
	// Optimum is the least-squares minimiser of the mean loss (the
	// minimum-norm one when it is not unique), and OptimumMSE its mean loss.
	Optimum    Vec
	OptimumMSE float64
	// Hessian is the Hessian of the mean loss, (2/n)·Σ φφᵀ; it does not
	// depend on the parameters because the loss is quadratic in them.
	Hessian [MaxParams][MaxParams]float64
	// Curvatures are the Hessian's eigenvalues in ascending order, and
	// Condition the ratio of the largest to the smallest non-zero one.
	Curvatures Vec
	Condition  float64
	// LR is the learning rate analysed.
	LR float64
	// Factor is what one epoch multiplies the error (p − p∞) by: in one
	// dimension the signed number itself, otherwise the spectral radius of
	// the epoch's map (the product of the per-update maps I − α·H_B, in
	// order). In batch mode an epoch is one update. Dominant is the
	// eigenvalue of largest modulus. An epoch of many updates can multiply
	// the error by less or more than float64 holds: Factor is then 0 or
	// ±Inf, and Regime still tells the truth (the product is carried
	// with a separate binary exponent).
	Factor   float64
	Dominant complex128
	// Regime classifies Factor. For an epoch of more than LongEpoch
	// updates it classifies the updates instead: Oscillating when some
	// update overshoots (its own map, I − α·H_B or momentum's map of error
	// and velocity, has a negative or complex eigenvalue: that update
	// carries the error across 0), Converging when none does, Diverging
	// when the epoch's factor is 1 or more in size.
	Regime Regime
	// LRMaxStable is the end of the stable interval of α that starts at 0;
	// StableIntervals lists every interval of α in which the run converges,
	// each found by bisection to 1e-9 relative to min(1, its start). A
	// bound of +Inf means every α converges (a loss with no curvature).
	//
	// Up to ExactRows samples the scan tries 200 α per decade. Beyond, its
	// work is bounded (a million rows take about a second): a coarse grid
	// over the whole range and a fine one over the decade below the first
	// unstable α. The edges of the first four intervals are refined, later
	// ones are known to the grid's spacing, and intervals narrower than
	// the grid's spacing can be missed.
	LRMaxStable     float64
	StableIntervals [][2]float64
	// NumParams says how many entries of the vectors and matrices are used.
	NumParams int
	// Optimizer is the update rule analysed. For Momentum and Nesterov the
	// factor is the spectral radius of the epoch's map of (error,
	// velocity); for the adaptive rules Factor and LRMaxStable are NaN,
	// StableIntervals is empty and Regime is Adaptive.
	Optimizer Optimizer
}

// LongEpoch is the most updates an epoch may have to be judged as a
// whole. The lecture's epoch of three updates is watched an epoch at a
// time, and its factor says what the room sees. The factor of a longer
// epoch is a product whose size falls with its length (0.5 per update is
// 2⁻⁶⁴ after 64) and whose sign is the parity of the updates that
// overshoot, which flips at every α where one more sample starts to: it
// says nothing a room can see. Beyond LongEpoch updates, the regime
// (Analysis.Regime) and the presets (Preset) judge the updates instead,
// by FactorPerUpdate and by whether any update overshoots.
const LongEpoch = 16

// Analysis returns the analysis of update rule o at learning rate lr on
// the problem. The parts that do not depend on lr are computed once per
// update rule and shared by every run on the problem; the factor at each
// lr is cached. The epoch map of a shuffled problem is taken in data
// order. Analysis is safe to call from any goroutine.
func (p *Problem) Analysis(o Optimizer, lr float64) Analysis {
	return p.analysis(o).at(lr)
}

// Factor returns the contraction factor and regime of update rule o at
// learning rate lr; see Analysis.
func (p *Problem) Factor(o Optimizer, lr float64) (float64, Regime) {
	f, _, g := p.analysis(o).factor(lr)
	return f, g
}

// FactorPerUpdate returns what one update of rule o at learning rate lr
// multiplies the error by on average: the size of the epoch's factor to
// the power 1/(updates per epoch), the geometric mean over the epoch. It
// stays readable where the epoch's factor does not: an epoch of a million
// updates can multiply the error by far less or more than float64 holds
// (Factor 0 or ±Inf). It is NaN for the adaptive rules, and 0 where an
// update lands exactly on the optimum.
func (p *Problem) FactorPerUpdate(o Optimizer, lr float64) float64 {
	return math.Exp2(p.analysis(o).value(lr).log2 / float64(p.per))
}

// FactorPerUpdate returns the run's rule's factor per update at learning
// rate lr: r.Problem().FactorPerUpdate(r.Optimizer(), lr).
func (r *Run) FactorPerUpdate(lr float64) float64 {
	return math.Exp2(r.analysis().value(lr).log2 / float64(r.prob.per))
}

// at returns the analysis at learning rate lr.
func (f *fixedAnalysis) at(lr float64) Analysis {
	a := f.Analysis
	a.StableIntervals = append([][2]float64(nil), a.StableIntervals...)
	a.LR = lr
	a.Factor, a.Dominant, a.Regime = f.factor(lr)
	return a
}

// Analysis returns the analysis of the run's update rule at its current
// α: r.Problem().Analysis(r.Optimizer(), r.LR()).
func (r *Run) Analysis() Analysis { return r.analysis().at(r.lr) }

// analysis returns the run's α-independent analysis, computing it on first use.
func (r *Run) analysis() *fixedAnalysis {
	if r.fixed == nil {
		r.fixed = r.prob.analysis(r.opt)
	}
	return r.fixed
}

// Factor returns the contraction factor and regime of learning rate lr
// with the run's update rule: r.Problem().Factor(r.Optimizer(), lr).
func (r *Run) Factor(lr float64) (float64, Regime) {
	f, _, g := r.analysis().factor(lr)
	return f, g
}

// baseAnalysis is the part of the analysis that depends on the data and
// the model alone: the Hessian, its eigenvalues and range, the optimum.
type baseAnalysis struct {
	Analysis
	rank  int  // dimension of the Hessian's range
	basis mat3 // orthonormal basis of that range, as columns
	top   float64
	// vals and vecs are the Hessian's eigenvalues in the range and their
	// eigenvectors (the columns of basis), for the distance to the optimum.
	vals [3]float64
}

// fixedAnalysis holds the α-independent part of the analysis and what is
// needed to evaluate the epoch map at any α. It is shared by runs and safe
// for concurrent use: its fields do not change after it is made, and its
// caches are guarded.
type fixedAnalysis struct {
	Analysis
	rank   int    // dimension of the Hessian's range
	basis  mat3   // orthonormal basis of that range, as columns
	blocks []mat3 // up to ExactRows samples: batch Hessians H_B, restricted to the range, in epoch order
	big    *bigEpoch
	top    float64
	single bool // one sample per update: every block has rank one
	// long is set for an epoch of more than LongEpoch updates, whose
	// regime is the updates' (see Analysis.Regime). peak is then the
	// largest curvature of any one update's loss, the largest eigenvalue
	// of any H_B; cut and throw are the α·λ beyond which an update on a
	// curvature λ overshoots and beyond which it throws the error further
	// out (updateCuts): some update overshoots where α·peak > cut.
	long             bool
	peak, cut, throw float64
	per              int // updates per epoch

	presetsOnce sync.Once
	presets     [4]Preset

	mu     sync.Mutex
	values map[float64]factorValue // factors already evaluated, by α
}

// factorValue is the analysis at one α: the contraction factor, the
// dominant eigenvalue, the regime (the updates' for a long epoch), the
// excess whose sign tells a stable α (negative) from an unstable one (|factor| − 1 for data of up to
// ExactRows samples, log₂ of the spectral radius beyond), and log₂ of the
// factor's size, finite for large data even where the factor itself is 0
// or ±Inf.
type factorValue struct {
	rho    float64
	dom    complex128
	regime Regime
	excess float64
	log2   float64
}

// scanBudget bounds the work of one scan over α (grid points × updates
// per epoch × rank²), so a million-row file is analysed in about a second.
const scanBudget = 20_000_000

// baseAnalysis returns the problem's base analysis, computing it on first use.
func (p *Problem) baseAnalysis() *baseAnalysis {
	p.baseOnce.Do(func() { p.base = p.analyzeBase() })
	return p.base
}

func (p *Problem) analyzeBase() *baseAnalysis {
	k := p.k
	b := &baseAnalysis{}
	b.NumParams = k
	var h mat3
	var g [3]float64
	ys := p.setup.Y
	for i, phi := range p.phi {
		for a := 0; a < k; a++ {
			g[a] += 2 * phi[a] * ys[i]
			for c := 0; c < k; c++ {
				h[a][c] += 2 * phi[a] * phi[c]
			}
		}
	}
	n := float64(p.n)
	for a := 0; a < k; a++ {
		g[a] /= n
		for c := 0; c < k; c++ {
			h[a][c] /= n
		}
	}
	b.Hessian = h
	vals, vecs := symEigen(h, k)
	copy(b.Curvatures[:], vals[:])
	top := vals[k-1]
	tol := float64(k) * 1e-13 * top
	for j := 0; j < k; j++ {
		if vals[j] > tol {
			b.basis = restrictColumn(b.basis, vecs, b.rank, j, k)
			b.vals[b.rank] = vals[j]
			b.rank++
		}
	}
	b.Optimum = Vec(pseudoSolve(h, g, k))
	if mo := p.moments(); mo != nil && b.rank == k {
		// The centred moments solve a better conditioned system.
		b.Optimum = mo.opt
	}
	b.OptimumMSE = p.mseAt(&b.Optimum)
	if b.rank > 0 {
		b.Condition = top / vals[k-b.rank]
	}
	b.top = top
	return b
}

// analyzeFixed computes the analysis of update rule o.
func (p *Problem) analyzeFixed(o Optimizer) *fixedAnalysis {
	base := p.baseAnalysis()
	k, n, size := p.k, p.n, p.size
	f := &fixedAnalysis{Analysis: base.Analysis, rank: base.rank, basis: base.basis, top: base.top}
	f.Optimizer = o
	f.single = size == 1
	f.per = p.per
	if !p.exact {
		if f.rank > 0 && !o.Adaptive() {
			f.big = newBigEpoch(p, base, size)
		}
	} else {
		// The batch Hessians in epoch order, seen in the range's basis.
		for first := 0; first < n; first += size {
			last := min(first+size, n)
			var hb mat3
			for i := first; i < last; i++ {
				for a := 0; a < k; a++ {
					for c := 0; c < k; c++ {
						hb[a][c] += 2 * p.phi[i][a] * p.phi[i][c]
					}
				}
			}
			m := float64(last - first)
			for a := 0; a < k; a++ {
				for c := 0; c < k; c++ {
					hb[a][c] /= m
				}
			}
			f.blocks = append(f.blocks, project(hb, f.basis, k, f.rank))
		}
	}
	if p.per > LongEpoch && f.rank > 0 && !o.Adaptive() {
		f.long = true
		f.cut, f.throw = updateCuts(o)
		f.peak, _, _ = f.peaks(math.Inf(1), math.Inf(1))
	}
	f.LRMaxStable, f.StableIntervals = f.stableIntervals(f.top)
	return f
}

// updateCuts returns the α·λ beyond which one update of rule o on a loss
// of curvature λ overshoots, its map having a negative or complex
// eigenvalue, and the α·λ beyond which it throws the error further out,
// an eigenvalue of its map being larger than 1 in size. Plain gradient
// descent multiplies the error by 1 − α·λ: negative beyond 1, below −1
// beyond 2. Heavy ball's map of (error, velocity) has the characteristic
// polynomial z² − (1 + μ − t)z + μ (t = α·λ), whose roots are complex of
// size √μ for (1 − √μ)² < t < (1 + √μ)², negative beyond, and one of
// them −1 at t = 2(1 + μ). Nesterov's is z² − (1 + μ)(1 − t)z + μ(1 − t):
// complex from ((1 − μ)/(1 + μ))² to 1, one root negative beyond, and −1
// at t = (2 + 2μ)/(1 + 2μ).
func updateCuts(o Optimizer) (over, throw float64) {
	mu := o.Momentum
	switch o.Kind {
	case Momentum:
		s := 1 - math.Sqrt(mu)
		return s * s, 2 * (1 + mu)
	case Nesterov:
		s := (1 - mu) / (1 + mu)
		return s * s, (2 + 2*mu) / (1 + 2*mu)
	}
	return 1, 2
}

// peaks returns the largest curvature of any update's loss, the largest
// λmax(H_B), and how many of the updates have one above a and above t.
func (f *fixedAnalysis) peaks(a, t float64) (top float64, over, throw int) {
	if f.big != nil {
		return f.big.peaks(a, t)
	}
	for i := range f.blocks {
		var l float64
		if f.single { // rank one: its one non-zero eigenvalue is its trace
			for j := 0; j < f.rank; j++ {
				l += f.blocks[i][j][j]
			}
		} else {
			l = symTop(&f.blocks[i], f.rank)
		}
		top = math.Max(top, l)
		if l > a {
			over++
		}
		if l > t {
			throw++
		}
	}
	return top, over, throw
}

// shares returns the shares of an epoch's updates that overshoot and
// that throw the error further out at α = lr (see updateCuts), each from
// 0 (none) to 1 (all).
func (f *fixedAnalysis) shares(lr float64) (over, throw float64) {
	if !(lr*f.peak > f.cut) {
		return 0, 0
	}
	_, o, t := f.peaks(f.cut/lr, f.throw/lr)
	return float64(o) / float64(f.per), float64(t) / float64(f.per)
}

// restrictColumn copies column j of vecs into column c of basis.
func restrictColumn(basis, vecs mat3, c, j, k int) mat3 {
	for a := 0; a < k; a++ {
		basis[a][c] = vecs[a][j]
	}
	return basis
}

// project returns Vᵀ·h·V, the k×k matrix h seen in the r columns of v.
func project(h, v mat3, k, r int) mat3 {
	var out mat3
	for a := 0; a < r; a++ {
		for b := 0; b < r; b++ {
			s := 0.0
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					s += v[i][a] * h[i][j] * v[j][b]
				}
			}
			out[a][b] = s
		}
	}
	return out
}

// epochMap returns the product of the per-update maps I − α·H_B over one
// epoch, the first update rightmost, divided by 2^e: an epoch of
// thousands of updates can multiply the error by more or less than
// float64 holds, at the end or on the way (sorted data can sink towards
// 0 before the large terms come), so the product is rescaled every 64
// updates when it leaves 2^±256.
func (f *fixedAnalysis) epochMap(lr float64) (m mat3, e int) {
	r := f.rank
	m = identity(r)
	at := func(i int) []float64 { return m[i][:] }
	for i := range f.blocks {
		if r == 1 { // a product of numbers: fast even for a million samples
			m[0][0] *= 1 - lr*f.blocks[i][0][0]
		} else {
			applyBlock(&m, &f.blocks[i], r, lr)
		}
		if i%64 == 63 {
			e += rescale(r, at)
		}
	}
	return m, e
}

// applyBlock sets m ← (I − α·H_B)·m = m − α·(H_B·m) for the r×r block hb.
func applyBlock(m, hb *mat3, r int, lr float64) {
	var hm mat3
	for a := 0; a < r; a++ {
		for b := 0; b < r; b++ {
			s := 0.0
			for c := 0; c < r; c++ {
				s += hb[a][c] * m[c][b]
			}
			hm[a][b] = s
		}
	}
	for a := 0; a < r; a++ {
		for b := 0; b < r; b++ {
			m[a][b] -= lr * hm[a][b]
		}
	}
}

// factor returns the contraction factor, the dominant eigenvalue and the
// regime at learning rate lr.
func (f *fixedAnalysis) factor(lr float64) (float64, complex128, Regime) {
	v := f.value(lr)
	return v.rho, v.dom, v.regime
}

// maxFactorValues bounds the cache of evaluated α.
const maxFactorValues = 4096

// value returns the analysis at α = lr, from the cache when it has been
// evaluated before: the compare table and the status line ask for the
// same α at every frame, and each costs a pass over a large dataset.
func (f *fixedAnalysis) value(lr float64) factorValue {
	f.mu.Lock()
	v, ok := f.values[lr]
	f.mu.Unlock()
	if ok {
		return v
	}
	v = f.evaluate(lr)
	f.mu.Lock()
	if f.values == nil || len(f.values) >= maxFactorValues {
		f.values = map[float64]factorValue{}
	}
	f.values[lr] = v
	f.mu.Unlock()
	return v
}

// evaluate computes the analysis at α = lr: the epoch's, with the
// updates' regime for a long epoch.
func (f *fixedAnalysis) evaluate(lr float64) factorValue {
	v := f.evaluateEpoch(lr)
	if f.long && (v.regime == Converging || v.regime == Oscillating) {
		v.regime = Converging
		if lr*f.peak > f.cut {
			v.regime = Oscillating
		}
	}
	return v
}

// evaluateEpoch computes the analysis of the epoch's map at α = lr.
func (f *fixedAnalysis) evaluateEpoch(lr float64) factorValue {
	switch {
	case f.Optimizer.Adaptive():
		return factorValue{math.NaN(), complex(math.NaN(), 0), Adaptive, math.NaN(), math.NaN()}
	case f.rank == 0:
		return factorValue{0, 0, Converging, -1, math.Inf(-1)} // no curvature: every point is a minimiser
	case f.big != nil:
		return f.evaluateBig(lr)
	case f.Optimizer.Kind == Momentum || f.Optimizer.Kind == Nesterov:
		m, n, e := f.momentumMap(lr)
		ev := eigenvalues6(&m, n)
		rhoS := cmplx.Abs(ev[0])
		rho := math.Ldexp(rhoS, e)
		return factorValue{rho, unscale2(ev[0], e), f.tiny(lr, classify(rhoS < math.Ldexp(1, -e), rhoS, ev[:n])), rho - 1, math.Log2(rhoS) + float64(e)}
	}
	m, e := f.epochMap(lr)
	if f.rank == 1 {
		lg := math.Log2(math.Abs(m[0][0])) + float64(e)
		s := math.Ldexp(m[0][0], e)
		return factorValue{s, complex(s, 0), f.tiny(lr, classify(lg < 0, math.Abs(m[0][0]), []complex128{complex(m[0][0], 0)})), math.Abs(s) - 1, lg}
	}
	ev := eigenvalues3(&m, f.rank)
	rhoS := cmplx.Abs(ev[0])
	rho := math.Ldexp(rhoS, e)
	return factorValue{rho, unscale2(ev[0], e), f.tiny(lr, classify(rhoS < math.Ldexp(1, -e), rhoS, ev[:f.rank])), rho - 1, math.Log2(rhoS) + float64(e)}
}

// evaluateBig is evaluate for more than ExactRows samples: the epoch map
// comes scaled by 2^−e, so neither its entries nor its eigenvalues leave
// the range of float64 however many updates an epoch has.
func (f *fixedAnalysis) evaluateBig(lr float64) factorValue {
	var ev []complex128
	var rhoS float64
	var domS complex128
	var e int
	switch {
	case f.Optimizer.Kind == Momentum || f.Optimizer.Kind == Nesterov:
		m, n, ex := f.big.momentum(lr, f.Optimizer)
		all := eigenvalues6(&m, n)
		ev = all[:n]
		rhoS, domS = cmplx.Abs(all[0]), all[0]
		e = ex
	case f.rank == 1:
		m, ex := f.big.gd(lr)
		s := m[0][0]
		ev = []complex128{complex(s, 0)}
		rhoS, domS, e = math.Abs(s), complex(s, 0), ex
	default:
		m, ex := f.big.gd(lr)
		all := eigenvalues3(&m, f.rank)
		ev = all[:f.rank]
		rhoS, domS = cmplx.Abs(all[0]), all[0]
		e = ex
	}
	lg := math.Log2(rhoS) + float64(e)
	rho := math.Ldexp(rhoS, e)
	if f.rank == 1 && f.Optimizer.Kind == GD {
		rho = math.Ldexp(real(domS), e) // signed, as for small data
	}
	return factorValue{rho, unscale2(domS, e), f.tiny(lr, classify(lg < 0, rhoS, ev)), lg, lg}
}

// tiny keeps an α so small that 1 − α·λ rounds to 1 from being called
// diverging: the error still shrinks, by less than float64 can show.
func (f *fixedAnalysis) tiny(lr float64, g Regime) Regime {
	if g == Diverging && lr*f.top < 1e-12 {
		return Converging
	}
	return g
}

// momentumMap returns the product over one epoch of the per-update maps of
// (error, velocity) for momentum μ on the quadratic loss, in the Hessian's
// range, divided by 2^e (see epochMap), and its order 2r. Heavy ball
// (torch's SGD, dampening 0): b' = μb + He, e' = e − αb'. Nesterov: the
// same b', e' = e − α(He + μb').
func (f *fixedAnalysis) momentumMap(lr float64) (mat6, int, int) {
	r, mu := f.rank, f.Optimizer.Momentum
	n := 2 * r
	var m mat6
	for i := 0; i < n; i++ {
		m[i][i] = 1
	}
	e := 0
	at := func(i int) []float64 { return m[i][:] }
	for i, hb := range f.blocks {
		var step mat6
		for a := 0; a < r; a++ {
			for c := 0; c < r; c++ {
				h := hb[a][c]
				// e' = e − α(1+ν)·H e − α·μ·ν'·b, with ν = 0, ν' = 1 (heavy
				// ball) or ν = μ, ν' = μ (Nesterov).
				grow, vel := 1.0, mu
				if f.Optimizer.Kind == Nesterov {
					grow, vel = 1+mu, mu*mu
				}
				step[a][c] = -lr * grow * h
				step[r+a][c] = h
				if a == c {
					step[a][c]++
					step[a][r+c] = -lr * vel
					step[r+a][r+c] = mu
				}
			}
		}
		m = mul6(step, m, n)
		if i%64 == 63 {
			e += rescale(n, at)
		}
	}
	return m, n, e
}

// mul6 returns a·b for n×n matrices.
func mul6(a, b mat6, n int) mat6 {
	var c mat6
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for l := 0; l < n; l++ {
				s += a[i][l] * b[l][j]
			}
			c[i][j] = s
		}
	}
	return c
}

// classify turns stability, the spectral radius and the eigenvalues into a
// regime: an eigenvalue of (nearly) the largest modulus that is negative or
// complex makes the error zig-zag. An imaginary part below 1e-12 of the
// modulus is rounding, not rotation. The eigenvalues and rho may share any
// positive scale.
func classify(stable bool, rho float64, ev []complex128) Regime {
	if !stable {
		return Diverging
	}
	for _, l := range ev {
		m := cmplx.Abs(l)
		if m >= rho*(1-1e-12) && rho > 0 && (real(l) < 0 || math.Abs(imag(l)) > 1e-12*m) {
			return Oscillating
		}
	}
	return Converging
}

// stableIntervals scans α on a logarithmic grid from well below the first
// instability to far beyond the last one, and refines every crossing of
// spectral radius 1 by bisection.
func (f *fixedAnalysis) stableIntervals(top float64) (float64, [][2]float64) {
	if f.Optimizer.Adaptive() {
		return math.NaN(), nil
	}
	if f.rank == 0 {
		return math.Inf(1), [][2]float64{{0, math.Inf(1)}}
	}
	excess := func(lr float64) float64 { return f.value(lr).excess } // negative where α converges
	stable := func(lr float64) bool { return excess(lr) < 0 }
	lo := 1e-3 / top
	// Every update map expands once α·λ > 2 for all its curvatures λ; the
	// smallest non-zero curvature of any batch bounds the scan.
	smallest := math.Inf(1)
	if f.big != nil {
		smallest = f.big.smallest
	}
	for _, hb := range f.blocks {
		if f.single { // rank one: its one non-zero eigenvalue is its trace
			tr := 0.0
			for j := 0; j < f.rank; j++ {
				tr += hb[j][j]
			}
			if tr > 1e-13*top {
				smallest = min(smallest, tr)
			}
			continue
		}
		vals := symValues(&hb, f.rank)
		for j := 0; j < f.rank; j++ {
			if vals[j] > 1e-13*top {
				smallest = min(smallest, vals[j])
			}
		}
	}
	hi := 8 / smallest
	var grid []float64
	if f.big != nil {
		grid = f.big.grid(lo, hi, stable, f.Optimizer)
	} else {
		perDecade := 200
		decades := math.Log10(hi / lo)
		steps := int(math.Ceil(decades * float64(perDecade)))
		// Keep the scan's cost bounded for long epochs.
		if budget := scanBudget / max(len(f.blocks)*f.rank*f.rank, 1); steps > budget {
			steps = max(budget, 40)
		}
		ratio := math.Pow(hi/lo, 1/float64(steps))
		for i := 1; i <= steps; i++ {
			grid = append(grid, lo*math.Pow(ratio, float64(i)))
		}
	}
	var out [][2]float64
	start, inside := 0.0, true
	prev := lo
	for _, a := range grid {
		if s := stable(a); s != inside {
			// Large data refine the first maxRefined edges; the rest are
			// known to the grid's spacing.
			edge := math.Sqrt(prev * a)
			if f.big == nil || len(out) < maxRefined {
				edge = crossing(excess, prev, a)
			}
			if inside {
				out = append(out, [2]float64{start, edge})
			} else {
				start = edge
			}
			inside = s
		}
		prev = a
	}
	if inside {
		out = append(out, [2]float64{start, math.Inf(1)})
	}
	return out[0][1], out
}

// maxRefined is how many stable intervals of a large dataset get both
// edges refined to 1e-9: the first, which ends at the largest stable α,
// and a few after it.
const maxRefined = 4

// crossing narrows [a, b], where g(a) and g(b) have opposite signs, to the
// root of g within 1e-9 × min(1, a) and returns the middle of what is left.
// It uses regula falsi with the Illinois rule, which needs a handful of
// evaluations where bisection needs thirty, and falls back to halving when
// a value is not finite.
func crossing(g func(float64) float64, a, b float64) float64 {
	tol := 1e-9 * min(1, a)
	ga, gb := g(a), g(b)
	side := 0
	for i := 0; i < 200 && b-a > tol; i++ {
		m := (a*gb - b*ga) / (gb - ga)
		if !(m > a && m < b) || isBad(ga) || isBad(gb) {
			m = a + (b-a)/2
		}
		// Keep the step off the ends so the bracket shrinks from both sides.
		m = min(max(m, a+tol/4), b-tol/4)
		gm := g(m)
		switch {
		case gm == 0:
			return m
		case (gm < 0) == (ga < 0):
			a, ga = m, gm
			if side == -1 {
				gb /= 2
			}
			side = -1
		default:
			b, gb = m, gm
			if side == 1 {
				ga /= 2
			}
			side = 1
		}
	}
	return a + (b-a)/2
}

// String summarises the analysis in one line, for logs and tests.
func (a Analysis) String() string {
	return fmt.Sprintf("α=%g factor=%g regime=%s lr_max_stable=%g intervals=%v",
		a.LR, a.Factor, a.Regime, a.LRMaxStable, a.StableIntervals)
}
