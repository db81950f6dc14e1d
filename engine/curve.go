package engine

// LossCurve samples the mean loss along parameter j over [lo, hi] at n
// evenly spaced points (n ≥ 2; both ends included), the other parameters
// held at p. It returns the parameter values and the losses; a loss may be
// +Inf or NaN far from the data, and callers that plot must expect that.
func (r *Run) LossCurve(p Vec, j int, lo, hi float64, n int) (at, loss []float64) {
	at, loss = make([]float64, n), make([]float64, n)
	for i := range at {
		q := p
		q[j] = lerp(lo, hi, i, n)
		at[i], loss[i] = q[j], r.MSEAt(q)
	}
	return at, loss
}

// SampleCurve samples one sample's own loss (ŷᵢ − yᵢ)² along parameter j
// over [lo, hi] at n points, the others held at p: the curve a per-sample
// update actually descends.
func (r *Run) SampleCurve(i int, p Vec, j int, lo, hi float64, n int) []float64 {
	loss := make([]float64, n)
	for c := range loss {
		q := p
		q[j] = lerp(lo, hi, c, n)
		loss[c] = r.model.Loss(q, r.cfg.X[i], r.ys[i])
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

// GradAt returns the gradient of the mean loss over all data at p: the
// slope of the loss curve, (2/n)·Σ φᵢ(ŷᵢ − yᵢ), summed in data order up
// to ExactRows samples and from the moments of the data beyond (see
// Run.MSEAt).
func (r *Run) GradAt(p Vec) Vec {
	if mo := r.prob.moments(); mo != nil {
		return mo.grad(&p)
	}
	var g Vec
	for i, phi := range r.phi {
		d := dot(&phi, &p, r.k) - r.ys[i]
		for j := 0; j < r.k; j++ {
			g[j] += float64(float64(2*phi[j]) * d)
		}
	}
	for j := 0; j < r.k; j++ {
		g[j] /= float64(r.n)
	}
	return g
}

// Play takes up to n updates, as autoplay does, and stops early when the
// run converges or diverges; Status is checked at every epoch boundary and
// after the last update. It returns how many updates it took and the
// status it stopped at.
func (r *Run) Play(n int) (int, Status) {
	for i := 0; i < n; i++ {
		r.Step()
		if r.at.b == 0 || i == n-1 {
			if s := r.Status(); s != Running {
				return i + 1, s
			}
		}
	}
	return n, r.Status()
}
