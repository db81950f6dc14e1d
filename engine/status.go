package engine

import "math"

// Status is where a run stands: one verdict, decided here, that every
// front end shows (the view's status line, the final status of a JSON
// transcript) and that autoplay stops on. Run.Status decides it in this
// order: Diverged, Converged, Stalled, Cycling, else Running.
//
// Below, τ = ConvergedTol·max(1, |p₁|, …, |p_k|) for the run's current
// parameters p, and "the next epoch" is the next UpdatesPerEpoch updates
// from the run's state, simulated without taking them.
type Status int

const (
	// Running means none of the verdicts below holds yet.
	Running Status = iota
	// Converged means the run is at the least-squares optimum, to within
	// τ, and stays there. The distance is measured in the loss: with
	// g = ∇L(p) and H the Hessian, the mean loss exceeds its minimum by
	// E = ½·gᵀH⁺g (exactly, the loss being quadratic), and the run is
	// converged when √(2E/λmax) ≤ τ (in one dimension that is |w − w*|; in
	// a flat direction of curvature λ it allows a distance √(λmax/λ)·τ,
	// which costs no more loss) and every point of the next epoch lies
	// within τ of p in every parameter.
	Converged
	// Diverged means a parameter or the mean loss is not finite, or the mean
	// loss exceeds DivergedFactor times the larger of the starting mean loss,
	// the mean loss at zero parameters, and 1e-300.
	Diverged
	// Cycling means the updates have settled into a cycle of one epoch
	// (UpdatesPerEpoch updates) that is not the optimum: the run is not
	// converged, the next epoch's points spread over more than τ, and yet
	// the epoch brings it back to within (1 − |ρ|)·τ of where it starts
	// in every parameter, ρ being the epoch's
	// contraction factor (Analysis.Factor; 0 for the adaptive rules), so
	// that its distance from the epoch map's fixed point, estimated as
	// that movement divided by 1 − |ρ|, is below τ. This is how per-sample
	// and mini-batch updates end on data that no parameters fit exactly:
	// each update pulls towards its own samples' fit, and the fixed point
	// of the epoch map is not the optimum. A full batch has one update per
	// epoch, whose only cycles are fixed points; shuffled runs take a new
	// order every epoch and wander around the optimum without a cycle:
	// neither is ever Cycling.
	Cycling
	// Stalled means the run is not converged and no update will ever
	// change a parameter again: α·s rounds away against every parameter,
	// fl(p − α·s) = p, for every step s the update rule can take while the
	// parameters stay where they are. For plain gradient descent s is a
	// gradient, and the run is stalled when |α·g| ≤ ulp(p)/2 (half a unit
	// in the last place) for every sample's gradient g at p, which bounds
	// every batch's mean. For momentum the steps are bounded through the
	// velocity's steady state, for the adaptive rules through the bound of
	// their normalised step (see stepRange). A learning rate of 1e-20 on
	// the lecture's data stalls before its first update.
	Stalled
)

// ConvergedTol and DivergedFactor define Status; see Converged and Diverged.
const (
	ConvergedTol   = 1e-10
	DivergedFactor = 1e8
)

var statusNames = []string{"running", "converged", "diverged", "cycling", "stalled"}

// String returns "running", "converged", "diverged", "cycling" or "stalled".
func (s Status) String() string { return statusNames[s] }

// Status returns the run's status; see the constants of Status for what
// each means. It simulates at most one epoch, and for a run that no
// longer moves, makes one more pass over the data.
//
// An epoch of more than ExactRows updates is not simulated at every
// update: the status worked out earlier in the same epoch, at the same α
// and from the same start, holds for the updates after it (a run that has
// converged, cycles or stalls stays so), and "running" is worked out
// again every 1/16 of an epoch, so the cost per update stays bounded.
// Divergence is checked at every call, at the cost of the mean loss.
func (r *Run) Status() Status {
	c := &r.stat
	if c.valid && c.t == r.t && c.p == r.p && c.lr == r.lr {
		return c.s
	}
	if r.per > ExactRows && c.valid && c.e == r.at.e && c.lr == r.lr && c.init == r.init &&
		r.t >= c.t && (c.s != Running || r.t-c.t < r.per/16) {
		if r.diverged() {
			return Diverged
		}
		return c.s
	}
	s := r.status()
	*c = statusCache{valid: true, t: r.t, e: r.at.e, lr: r.lr, p: r.p, init: r.init, s: s}
	return s
}

// diverged reports whether a parameter or the mean loss is not finite, or
// the mean loss exceeds DivergedFactor times divergedScale.
func (r *Run) diverged() bool {
	for j := 0; j < r.k; j++ {
		if isBad(r.p[j]) {
			return true
		}
	}
	mse := r.MSE()
	return isBad(mse) || mse > DivergedFactor*r.divergedScale()
}

func (r *Run) status() Status {
	if r.diverged() {
		return Diverged
	}
	tau := 1.0
	for j := 0; j < r.k; j++ {
		tau = math.Max(tau, math.Abs(r.p[j]))
	}
	tau *= ConvergedTol
	end, spread, moved := r.lookAhead()
	if spread <= tau && r.prob.distance(&r.p) <= tau {
		return Converged
	}
	if !moved && r.stalled() {
		return Stalled
	}
	if r.per == 1 || r.shuffle || !(spread > tau) {
		return Running
	}
	movement := 0.0
	for j := 0; j < r.k; j++ {
		movement = math.Max(movement, math.Abs(end[j]-r.p[j]))
	}
	if !(movement <= tau) {
		return Running
	}
	rest := 1.0 // 1 − |ρ|: what is left of the distance after one more epoch
	if !r.opt.Adaptive() {
		f, _ := r.Factor(r.lr)
		rest = 1 - math.Abs(f)
	}
	if movement <= rest*tau {
		return Cycling
	}
	return Running
}

// lookAhead simulates the next epoch from the run's state and returns
// the parameters at its end, the largest distance of any of its points
// from the current parameters in any parameter, and whether any update
// changed any parameter. The run does not change.
func (r *Run) lookAhead() (end Vec, spread float64, moved bool) {
	p := r.p
	if r.plain && r.k == 1 {
		// The lecture's loop, with w in a register.
		w, w0 := p[0], p[0]
		lr, at := r.lr, r.at
		lo, hi := w, w
		for range r.per {
			i := at.b
			if r.shuffle {
				i = r.shuffled(at.e, at.b)
			}
			x := r.phi[i][0]
			w = descend(w, float64(2*x)*(float64(x*w)-r.ys[i]), lr)
			lo, hi = math.Min(lo, w), math.Max(hi, w)
			at = at.next(r.per)
		}
		// A NaN on the way makes lo or hi NaN, and the spread with them.
		p[0] = w
		return p, math.Max(w0-lo, hi-w0), lo != w0 || hi != w0
	}
	var rec Receipt
	st := r.ost
	for i, q := 0, r.at; i < r.per; i, q = i+1, q.next(r.per) {
		before := p
		r.update(&p, &p, q, r.lr, &st, &rec)
		p = rec.After
		for j := 0; j < r.k; j++ {
			d := math.Abs(p[j] - r.p[j])
			if !(d <= spread) {
				spread = d
			}
			if p[j] != before[j] {
				moved = true
			}
		}
	}
	return p, spread, moved
}

// stalled reports whether no update can change a parameter again while
// the parameters stay at r.p: for each parameter, the largest and the
// smallest step the rule can take (stepRange) both round away.
func (r *Run) stalled() bool {
	lo, hi := r.prob.gradientRange(&r.p)
	if r.size > 1 {
		// A batch's mean gradient lies between its samples' gradients, up
		// to the rounding of its sum: widen the range by far more.
		widen(&lo, &hi, r.k)
	}
	for j := 0; j < r.k; j++ {
		slo, shi := r.opt.stepRange(lo[j], hi[j], &r.ost, j)
		p := r.p[j]
		if p-float64(r.lr*shi) != p || p-float64(r.lr*slo) != p {
			return false
		}
	}
	return true
}

// widen moves each range [lo, hi] out by 2⁻³⁰ of its larger end's
// magnitude.
func widen(lo, hi *Vec, k int) {
	for j := 0; j < k; j++ {
		m := 0x1p-30 * math.Max(math.Abs(lo[j]), math.Abs(hi[j]))
		lo[j] -= m
		hi[j] += m
	}
}

// stepRange returns the smallest and the largest step (what α multiplies)
// that rule o can take for parameter j, now and at every later update,
// while each update's gradient lies in [glo, ghi] and the state starts at
// st. The bounds hold for the rounded arithmetic too: they are widened by
// 2⁻³⁰ of their size where rounding could overstep them.
//
//   - plain gradient descent: the gradient itself, [glo, ghi];
//   - momentum μ: the buffer b ← μ·b + g never leaves [L, U] =
//     [min(b₀, glo/(1−μ)), max(b₀, ghi/(1−μ))] (b₀ the buffer now, or
//     the first gradient when there is none), and the step is b;
//     Nesterov's step g + μ·b lies in [glo + μL, ghi + μU];
//   - Adagrad: g/(√s + ε) with s ≥ g² after the update: within [−1, 1],
//     on the side of the gradients' signs;
//   - RMSprop: s ≥ (1 − a)·g², so within ±1/√(1 − a), likewise;
//   - Adam: m̂ and v̂ are weighted means of the gradients and of their
//     squares, so by Cauchy–Schwarz |m̂|/√v̂ ≤ 1/√((1 − β2)(1 − β1²/β2))
//     whatever the gradients were, when β1² < β2; otherwise no bound is
//     known and the range is unbounded.
func (o Optimizer) stepRange(glo, ghi float64, st *OptState, j int) (lo, hi float64) {
	sided := func(bound float64) (float64, float64) {
		lo, hi = 0, 0
		if glo < 0 {
			lo = -bound
		}
		if ghi > 0 {
			hi = bound
		}
		return lo, hi
	}
	switch o.Kind {
	case Momentum, Nesterov:
		mu := o.Momentum
		b0lo, b0hi := glo, ghi
		if st.T > 0 {
			b0lo, b0hi = st.M[j], st.M[j]
		}
		l, u := math.Min(b0lo, glo/(1-mu)), math.Max(b0hi, ghi/(1-mu))
		lo, hi = l, u
		if o.Kind == Nesterov {
			lo, hi = glo+mu*l, ghi+mu*u
		}
	case Adagrad:
		lo, hi = sided(1)
	case RMSprop:
		lo, hi = sided(1 / math.Sqrt(1-o.Alpha))
	case Adam:
		c := math.Inf(1)
		if r := o.Beta1 * o.Beta1 / o.Beta2; r < 1 {
			c = 1 / math.Sqrt((1-o.Beta2)*(1-r))
		}
		lo, hi = -c, c
	default:
		return glo, ghi
	}
	m := 0x1p-30 * math.Max(math.Abs(lo), math.Abs(hi))
	return lo - m, hi + m
}
