package engine

import "math"

// MSE returns the mean squared error over all data at parameters q. Up
// to ExactRows samples it is summed over the data in data order, as the
// lecture's arithmetic does; beyond, it costs a few dozen operations
// whatever the size of the data: the mean loss is a quadratic in the
// parameters, evaluated in centred coordinates from moments gathered once
// (see ExactRows), accurate to about 1e-15 of itself.
func (p *Problem) MSE(q Vec) float64 { return p.mseAt(&q) }

func (p *Problem) mseAt(q *Vec) float64 {
	if mo := p.moments(); mo != nil {
		return mo.loss(q)
	}
	s := 0.0
	ys := p.setup.Y
	for i := range p.phi {
		e := dot(&p.phi[i], q, p.k) - ys[i]
		s += float64(e * e)
	}
	return s / float64(p.n)
}

// LossCurve samples the mean loss along parameter j over [lo, hi] at n
// evenly spaced points (n ≥ 2; both ends included), the other parameters
// held at q. It returns the parameter values and the losses; a loss may be
// +Inf or NaN far from the data, and callers that plot must expect that.
func (p *Problem) LossCurve(q Vec, j int, lo, hi float64, n int) (at, loss []float64) {
	at, loss = make([]float64, n), make([]float64, n)
	for i := range at {
		c := q
		c[j] = lerp(lo, hi, i, n)
		at[i], loss[i] = c[j], p.mseAt(&c)
	}
	return at, loss
}

// SampleCurve samples sample i's own loss (ŷᵢ − yᵢ)² along parameter j
// over [lo, hi] at n points, the others held at q: the curve a per-sample
// update actually descends.
func (p *Problem) SampleCurve(i int, q Vec, j int, lo, hi float64, n int) []float64 {
	loss := make([]float64, n)
	x, y := p.setup.X[i], p.setup.Y[i]
	for c := range loss {
		v := q
		v[j] = lerp(lo, hi, c, n)
		loss[c] = p.model.Loss(v, x, y)
	}
	return loss
}

// lerp returns the i-th of n evenly spaced points from lo to hi.
func lerp(lo, hi float64, i, n int) float64 {
	if n < 2 {
		return lo
	}
	return lo + (hi-lo)*float64(i)/float64(n-1)
}

// Grad returns the gradient of the mean loss over all data at q: the
// slope of the loss curve, (2/n)·Σ φᵢ(ŷᵢ − yᵢ), summed in data order up
// to ExactRows samples and from the moments of the data beyond (see MSE).
func (p *Problem) Grad(q Vec) Vec {
	if mo := p.moments(); mo != nil {
		return mo.grad(&q)
	}
	var g Vec
	ys := p.setup.Y
	for i, phi := range p.phi {
		d := dot(&phi, &q, p.k) - ys[i]
		for j := 0; j < p.k; j++ {
			g[j] += float64(float64(2*phi[j]) * d)
		}
	}
	for j := 0; j < p.k; j++ {
		g[j] /= float64(p.n)
	}
	return g
}

// accurateGrad returns the gradient of the mean loss at q to about one
// rounding of its terms' size: each residual in double-double, rounded
// once, and the sums compensated. Near the optimum the residuals of data
// that fit exactly are tiny, and so is this gradient; the data-order sum
// of Grad keeps the rounding of every ŷ instead.
func (p *Problem) accurateGrad(q *Vec) Vec {
	if mo := p.moments(); mo != nil {
		return mo.grad(q)
	}
	var s [MaxParams]ksum
	ys := p.setup.Y
	for i := range p.phi {
		r := residual(&p.phi[i], q, p.k, ys[i])
		for j := 0; j < p.k; j++ {
			t, e := twoProd(p.phi[i][j], r)
			s[j].add(t)
			s[j].c += e
		}
	}
	var g Vec
	for j := 0; j < p.k; j++ {
		g[j] = 2 * s[j].value() / float64(p.n)
	}
	return g
}

// distance returns how far q is from the least-squares optimum, measured
// in the loss: √(2E/λmax), where E = ½·gᵀH⁺g is what the mean loss at q
// exceeds its minimum by (g the gradient at q, H the Hessian). In one
// dimension it is |w − w*|. See Converged.
func (p *Problem) distance(q *Vec) float64 {
	b := p.baseAnalysis()
	if b.rank == 0 {
		return 0 // no curvature: every point is a minimiser
	}
	g := p.accurateGrad(q)
	e2 := 0.0 // 2E = Σ (vᵀg)²/λ over the Hessian's range
	for c := 0; c < b.rank; c++ {
		d := 0.0
		for j := 0; j < p.k; j++ {
			d += b.basis[j][c] * g[j]
		}
		e2 += d * d / b.vals[c]
	}
	return math.Sqrt(e2 / b.top)
}

// gradientRange returns, per parameter, the smallest and the largest
// gradient of any single sample at q, as a per-sample update computes it:
// every update's gradient, a batch's mean too, lies between them.
func (p *Problem) gradientRange(q *Vec) (lo, hi Vec) {
	for j := 0; j < p.k; j++ {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	ys := p.setup.Y
	for i := range p.phi {
		d := dot(&p.phi[i], q, p.k) - ys[i]
		for j := 0; j < p.k; j++ {
			g := float64(2*p.phi[i][j]) * d
			lo[j], hi[j] = math.Min(lo[j], g), math.Max(hi[j], g)
		}
	}
	return lo, hi
}

// LossCurve is r.Problem().LossCurve.
func (r *Run) LossCurve(p Vec, j int, lo, hi float64, n int) (at, loss []float64) {
	return r.prob.LossCurve(p, j, lo, hi, n)
}

// SampleCurve is r.Problem().SampleCurve.
func (r *Run) SampleCurve(i int, p Vec, j int, lo, hi float64, n int) []float64 {
	return r.prob.SampleCurve(i, p, j, lo, hi, n)
}

// GradAt is r.Problem().Grad(p): the gradient of the mean loss at p.
func (r *Run) GradAt(p Vec) Vec { return r.prob.Grad(p) }
